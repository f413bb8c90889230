package dev.refinery.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Lambda functions Refinery deploys. Handler class, deployment package, memory, timeout and reserved
 * concurrency come from the one list of functions, {@value #LIST_FILE} (read at synth time like the state
 * machine's definition; the local runner reads the same file and enforces the timeouts): the constants
 * here only name them, and synth fails when the file and the constants disagree.
 */
public enum RefineryFunction {
  UPLOAD_TRIGGER("UploadTrigger"),
  BASE("Base"),
  LIGHTING("Lighting"),
  BACKGROUND("Background"),
  DETAIL("Detail"),
  FINALIZE("Finalize"),
  QUALITY_CHECK("QualityCheck"),
  PUBLISHER("Publisher"),
  FAILURE_RECORDER("FailureRecorder"),
  API("Api"),
  PLANNER("Planner"),
  CATALOG_REFRESH("CatalogRefresh");

  /** The two shaded jars built by functions/lambda-stages and functions/lambda-control. */
  public enum Package { STAGES, CONTROL }

  /** The list of functions, relative to the repository root. */
  public static final String LIST_FILE = "functions/workflow/src/main/resources/statemachine/functions.json";
  public static final String HANDLER_PACKAGE = "dev.refinery.aws.handlers";
  public static final String ALIAS_NAME = "live";
  /** reservedConcurrency of the functions that call the image model: the deployer's modelStageReservedConcurrency. */
  public static final String MODEL_CONCURRENCY = "model";

  /** One entry of the list. */
  public record Spec(String handlerClass, Package deploymentPackage, int memoryMb, int timeoutSeconds,
      String reservedConcurrency, String aslSubstitution) {}

  private final String id;

  RefineryFunction(String id) {
    this.id = id;
  }

  /** Construct id, also used in alarm and output names. */
  public String id() { return id; }

  private Spec spec() {
    Spec s = Specs.BY_ID.get(id);
    if (s == null) {
      throw new IllegalStateException(LIST_FILE + " does not list the function " + id);
    }
    return s;
  }

  public String handlerClass() { return spec().handlerClass(); }

  /** The Lambda handler string: {@code Class::handleRequest}. */
  public String handler() { return handlerClass() + "::handleRequest"; }

  public Package deploymentPackage() { return spec().deploymentPackage(); }

  public int memoryMb() { return spec().memoryMb(); }

  public int timeoutSeconds() { return spec().timeoutSeconds(); }

  /** Calls the image model: reads the OpenAI key and gets reserved concurrency for the model's rate limit. */
  public boolean callsModel() { return MODEL_CONCURRENCY.equals(spec().reservedConcurrency()); }

  /**
   * The reserved concurrency the list gives this function: a number, or null for none; a model-calling
   * function's is the deployer's {@code modelStageReservedConcurrency} (0 turns it off).
   */
  public Integer reservedConcurrency(RefineryConfig config) {
    String r = spec().reservedConcurrency();
    if (r == null) {
      return null;
    }
    if (MODEL_CONCURRENCY.equals(r)) {
      return config.reservesModelConcurrency() ? config.modelStageReservedConcurrency() : null;
    }
    return Integer.parseInt(r);
  }

  /** The ASL definition substitution naming this function's alias ARN, or null when the workflow does not call it. */
  public String aslSubstitution() { return spec().aslSubstitution(); }

  public boolean invokedByStateMachine() { return aslSubstitution() != null; }

  public static List<RefineryFunction> stateMachineFunctions() {
    return Arrays.stream(values()).filter(RefineryFunction::invokedByStateMachine).toList();
  }

  /** Reads the list; fails naming the file when it is missing, malformed, or lists other functions than these. */
  static Map<String, Spec> read(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read the list of functions " + file + ": " + e.getMessage(), e);
    }
    Map<String, Spec> out = new LinkedHashMap<>();
    for (JsonNode f : root.path("Functions")) {
      JsonNode rc = f.path("reservedConcurrency");
      String reserved = rc.isNull() || rc.isMissingNode() ? null : rc.asText();
      if (reserved != null && !MODEL_CONCURRENCY.equals(reserved) && !reserved.matches("\\d+")) {
        throw new IllegalStateException(file + ": reservedConcurrency of " + f.path("name").asText()
            + " must be a number, \"model\" or null, got " + reserved);
      }
      out.put(f.path("name").asText(), new Spec(f.path("handler").asText(),
          Package.valueOf(f.path("package").asText().toUpperCase(Locale.ROOT)), f.path("memoryMb").asInt(),
          f.path("timeoutSeconds").asInt(), reserved, f.path("aslSubstitution").asText(null)));
    }
    Set<String> expected = new TreeSet<>(Arrays.stream(values()).map(RefineryFunction::id).toList());
    if (!expected.equals(new TreeSet<>(out.keySet()))) {
      throw new IllegalStateException(file + " lists the functions " + new TreeSet<>(out.keySet())
          + " but infra deploys " + expected + ": add or remove the RefineryFunction constant with the entry");
    }
    return out;
  }

  /** The list of the repository this app runs from (-Drefinery.repoRoot, else found above the working directory). */
  private static final class Specs {
    static final Map<String, Spec> BY_ID = read(root().resolve(LIST_FILE));

    private static Path root() {
      String configured = System.getProperty("refinery.repoRoot");
      return configured != null && !configured.isBlank() ? Path.of(configured).toAbsolutePath().normalize()
          : RefineryConfig.findRepoRoot(Path.of("").toAbsolutePath());
    }
  }
}
