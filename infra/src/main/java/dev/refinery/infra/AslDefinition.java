package dev.refinery.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The state machine definition as read from the repository at synth time, kept as text so CDK embeds it
 * verbatim ({@code DefinitionBody.fromString}) and tests can read it back from the template.
 */
public final class AslDefinition {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

  private final Path source;
  private final String text;
  private final Set<String> placeholders;

  private AslDefinition(Path source, String text) {
    this.source = source;
    this.text = text;
    Set<String> found = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    this.placeholders = Set.copyOf(found);
  }

  /** Reads and parses the file; fails with the path and a hint when it is missing or not JSON. */
  public static AslDefinition load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("State machine definition not found: " + file
          + ". It is written by the workflow module (functions/workflow); point -c refinery:aslFile=PATH "
          + "at another definition if needed.");
    }
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read state machine definition " + file, e);
    }
    try {
      JsonNode root = new ObjectMapper().readTree(text);
      if (root == null || !root.has("StartAt") || !root.has("States")) {
        throw new IllegalStateException("State machine definition " + file + " has no StartAt/States: not ASL");
      }
      if (root.has("QueryLanguage") && "JSONata".equals(root.get("QueryLanguage").asText())) {
        throw new IllegalStateException("State machine definition " + file
            + " uses JSONata; the contract fixes JSONPath (the local runner does not evaluate JSONata)");
      }
    } catch (IOException e) {
      throw new IllegalStateException("State machine definition " + file + " is not valid JSON: " + e.getMessage(), e);
    }
    return new AslDefinition(file, text);
  }

  /** Fails unless the definition's placeholders are exactly the substitutions infra provides. */
  public void requireExactly(Set<String> provided) {
    Set<String> unknown = new TreeSet<>(placeholders);
    unknown.removeAll(provided);
    Set<String> unused = new TreeSet<>(provided);
    unused.removeAll(placeholders);
    if (!unknown.isEmpty() || !unused.isEmpty()) {
      throw new IllegalStateException("State machine definition " + source
          + " does not match the contract's substitutions: placeholders infra does not provide " + unknown
          + ", substitutions the definition never uses " + unused);
    }
  }

  public String text() { return text; }

  public Set<String> placeholders() { return placeholders; }

  public Path source() { return source; }
}
