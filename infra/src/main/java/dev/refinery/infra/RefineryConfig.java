package dev.refinery.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import software.constructs.Construct;

/**
 * Everything a deployment may tune, read once into an immutable record.
 *
 * <p>Each value comes from CDK context ({@code -c refinery:key=value} or {@code cdk.json}), then a JVM
 * system property ({@code -Drefinery.key=value}, used when the app runs without the CDK CLI), then the
 * default. Relative paths resolve against the repository root so the app behaves the same whether it is
 * started from the root, from {@code infra/}, or by Maven's test runner.
 */
public record RefineryConfig(
    Path repoRoot,
    Path stagesJar,
    Path controlJar,
    Path aslFile,
    Path webDist,
    int intermediateExpirationDays,
    String refreshScheduleExpression,
    String refreshScheduleTimeZone,
    List<String> corsOrigins,
    List<String> callbackUrls,
    List<String> logoutUrls,
    String alarmEmail,
    int modelStageReservedConcurrency,
    int maxFixups,
    String defaultEngine,
    List<String> engines,
    double needsReviewRatePercent,
    int needsReviewMinSessions,
    double failedRatePercent,
    double apiRateLimit,
    int apiBurstLimit,
    int apiDailyQuota,
    int logRetentionDays,
    String systemLogLevel,
    int sessionsPerMinute,
    int sessionsPerDay,
    String aiSpendCapUsd,
    String aiSpendCaps,
    boolean testHooks) {

  public static final String STAGES_JAR_DEFAULT = "functions/lambda-stages/target/refinery-lambda-stages.jar";
  public static final String CONTROL_JAR_DEFAULT = "functions/lambda-control/target/refinery-lambda-control.jar";
  public static final String ASL_DEFAULT = "functions/workflow/src/main/resources/statemachine/refinery.asl.json";
  /** The web app's build (functions/web; make web or mvn package makes it). */
  public static final String WEB_DIST_DEFAULT = "functions/web/dist";

  public RefineryConfig {
    Objects.requireNonNull(repoRoot, "repoRoot");
    requireRange("intermediateExpirationDays", intermediateExpirationDays, 1, 3650);
    requireRange("modelStageReservedConcurrency", modelStageReservedConcurrency, 0, 1000);
    requireRange("maxFixups", maxFixups, 0, 10);
    if (!java.util.Set.of("WARN", "INFO", "DEBUG").contains(systemLogLevel)) {
      throw new IllegalArgumentException("refinery:systemLogLevel must be WARN, INFO or DEBUG, got " + systemLogLevel);
    }
    requireRange("needsReviewMinSessions", needsReviewMinSessions, 1, 100_000);
    requireRange("apiBurstLimit", apiBurstLimit, 1, 10_000);
    requireRange("apiDailyQuota", apiDailyQuota, 1, Integer.MAX_VALUE);
    requireRange("sessionsPerMinute", sessionsPerMinute, 1, 1_000_000);
    requireRange("sessionsPerDay", sessionsPerDay, 1, 100_000_000);
    // the functions read these as SpendCaps does (functions/core): USD or "none", and "tenant=USD,..."; a typo
    // must stop the deployment, not make every function fail at start
    Objects.requireNonNull(aiSpendCapUsd, "aiSpendCapUsd");
    Objects.requireNonNull(aiSpendCaps, "aiSpendCaps");
    if (!aiSpendCapUsd.equalsIgnoreCase("none") && !aiSpendCapUsd.matches("\\d+(\\.\\d+)?")) {
      throw new IllegalArgumentException("refinery:aiSpendCapUsd must be USD (e.g. 25) or 'none', got '" + aiSpendCapUsd + "'");
    }
    if (!aiSpendCaps.isEmpty() && !aiSpendCaps.matches("\\s*[^=,\\s]+\\s*=\\s*\\d+(\\.\\d+)?\\s*(,\\s*[^=,\\s]+\\s*=\\s*\\d+(\\.\\d+)?\\s*)*")) {
      throw new IllegalArgumentException("refinery:aiSpendCaps must look like tenant-a=100,tenant-b=5, got '" + aiSpendCaps + "'");
    }
    if (failedRatePercent <= 0 || failedRatePercent > 100) {
      throw new IllegalArgumentException("refinery:failedRatePercent must be in (0, 100], got " + failedRatePercent);
    }
    if (needsReviewRatePercent <= 0 || needsReviewRatePercent > 100) {
      throw new IllegalArgumentException(
          "refinery:needsReviewRatePercent must be in (0, 100], got " + needsReviewRatePercent);
    }
    if (apiRateLimit <= 0) {
      throw new IllegalArgumentException("refinery:apiRateLimit must be positive, got " + apiRateLimit);
    }
    if (!(refreshScheduleExpression.startsWith("rate(") || refreshScheduleExpression.startsWith("cron("))
        || !refreshScheduleExpression.endsWith(")")) {
      throw new IllegalArgumentException(
          "refinery:refreshSchedule must be an EventBridge Scheduler rate(...) or cron(...) expression, got '"
              + refreshScheduleExpression + "'");
    }
    if (corsOrigins.isEmpty() || corsOrigins.stream().anyMatch(o -> o.equals("*"))) {
      throw new IllegalArgumentException(
          "refinery:corsOrigins must list the web app's origins explicitly (comma separated); '*' is refused");
    }
    corsOrigins = List.copyOf(corsOrigins);
    callbackUrls = signInUrls("callbackUrls", callbackUrls);
    logoutUrls = signInUrls("logoutUrls", logoutUrls);
    engines = List.copyOf(engines);
    if (!engines.contains(defaultEngine)) {
      throw new IllegalArgumentException("refinery:engine '" + defaultEngine + "' must be one of refinery:engines " + engines);
    }
    if (!List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)
        .contains(logRetentionDays)) {
      throw new IllegalArgumentException(
          "refinery:logRetentionDays must be a CloudWatch Logs retention value (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, ...), got "
              + logRetentionDays);
    }
  }

  /**
   * The web client's sign-in redirect URLs: listed explicitly, https (http only for localhost, where the web
   * app runs in development), never a placeholder such as example.com.
   */
  private static List<String> signInUrls(String name, List<String> urls) {
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("refinery:" + name + " must list the web app's URLs (comma separated)");
    }
    for (String u : urls) {
      boolean local = u.startsWith("http://localhost:") || u.startsWith("http://localhost/") || u.startsWith("http://127.0.0.1:");
      if (!(u.startsWith("https://") || local) || u.contains("example.com")) {
        throw new IllegalArgumentException("refinery:" + name + " must be https URLs of the web app (http only for localhost), got '"
            + u + "'");
      }
    }
    return List.copyOf(urls);
  }

  private static void requireRange(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException("refinery:" + name + " must be between " + min + " and " + max + ", got " + value);
    }
  }

  /** Reads the configuration visible from {@code scope} (normally the App). */
  public static RefineryConfig from(Construct scope) {
    Function<String, String> lookup = key -> {
      Object ctx = scope.getNode().tryGetContext("refinery:" + key);
      if (ctx != null) {
        return ctx.toString();
      }
      return System.getProperty("refinery." + key);
    };
    return from(lookup);
  }

  static RefineryConfig from(Function<String, String> lookup) {
    Path root = lookup.apply("repoRoot") != null
        ? Path.of(lookup.apply("repoRoot")).toAbsolutePath().normalize()
        : findRepoRoot(Path.of("").toAbsolutePath());
    return new RefineryConfig(
        root,
        resolve(root, value(lookup, "stagesJar", STAGES_JAR_DEFAULT)),
        resolve(root, value(lookup, "controlJar", CONTROL_JAR_DEFAULT)),
        resolve(root, value(lookup, "aslFile", ASL_DEFAULT)),
        resolve(root, value(lookup, "webDist", WEB_DIST_DEFAULT)),
        intValue(lookup, "intermediateExpirationDays", 30),
        value(lookup, "refreshSchedule", "cron(0 3 * * ? *)"),
        value(lookup, "refreshScheduleTimeZone", "UTC"),
        Arrays.stream(value(lookup, "corsOrigins", "http://localhost:5173").split(","))
            .map(String::trim).filter(s -> !s.isEmpty()).toList(),
        // the web app in development; a deployment names its own (docs/deploy.md)
        Arrays.stream(value(lookup, "callbackUrls", "http://localhost:5173/").split(","))
            .map(String::trim).filter(s -> !s.isEmpty()).toList(),
        Arrays.stream(value(lookup, "logoutUrls", "http://localhost:5173/").split(","))
            .map(String::trim).filter(s -> !s.isEmpty()).toList(),
        value(lookup, "alarmEmail", ""),
        intValue(lookup, "modelStageReservedConcurrency", 5),
        intValue(lookup, "maxFixups", 2),
        value(lookup, "engine", "classic"),
        // "openai" is opt-in: enable it once the OpenAI key is in Secrets Manager (docs/deploy.md).
        Arrays.stream(value(lookup, "engines", "classic").split(","))
            .map(String::trim).filter(s -> !s.isEmpty()).toList(),
        Double.parseDouble(value(lookup, "needsReviewRatePercent", "25")),
        intValue(lookup, "needsReviewMinSessions", 5),
        // a FAILED session lost the seller's photo's run (a bug, an outage, a model refusal): alarm early
        Double.parseDouble(value(lookup, "failedRatePercent", "10")),
        Double.parseDouble(value(lookup, "apiRateLimit", "50")),
        intValue(lookup, "apiBurstLimit", 100),
        intValue(lookup, "apiDailyQuota", 100_000),
        intValue(lookup, "logRetentionDays", 30),
        // Lambda's own log lines: WARN keeps the platform's per-invocation start and REPORT records out of the logs;
        // INFO brings REPORT back (Duration, Billed Duration, Init / Restore Duration: how a deployer measures cold
        // starts and cost, docs/benchmarks.md)
        value(lookup, "systemLogLevel", "WARN").toUpperCase(java.util.Locale.ROOT),
        // each tenant's new sessions (POST /sessions and uploads), counted in the table across containers
        intValue(lookup, "sessionsPerMinute", 60),
        intValue(lookup, "sessionsPerDay", 2000),
        // each tenant's monthly cap on AI image work (USD, or "none"), and overrides per tenant: the engine enforces
        // it and the API shows it (GET /spend), so both get the same two values
        value(lookup, "aiSpendCapUsd", "25"),
        value(lookup, "aiSpendCaps", ""),
        // only for a stack the end-to-end tests run against (docs/deploy.md, "End-to-end tests"): a Cognito
        // client that signs in with a password from the admin API, and a queue that receives every completion event
        Boolean.parseBoolean(value(lookup, "testHooks", "false")));
  }

  private static String value(Function<String, String> lookup, String key, String fallback) {
    String v = lookup.apply(key);
    return v == null || v.isBlank() ? fallback : v.trim();
  }

  private static int intValue(Function<String, String> lookup, String key, int fallback) {
    String v = value(lookup, key, Integer.toString(fallback));
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("refinery:" + key + " must be an integer, got '" + v + "'", e);
    }
  }

  private static Path resolve(Path root, String p) {
    Path path = Path.of(p);
    return (path.isAbsolute() ? path : root.resolve(path)).normalize();
  }

  /** The directory holding the parent pom and {@code infra/}: found by walking up from {@code start}. */
  static Path findRepoRoot(Path start) {
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("infra"))
          && Files.isDirectory(dir.resolve("functions"))) {
        return dir;
      }
    }
    throw new IllegalStateException("Cannot find the repository root (a directory with pom.xml, infra/ and functions/) above "
        + start + "; set -c refinery:repoRoot=PATH or -Drefinery.repoRoot=PATH");
  }

  /** True when a model-calling stage should get reserved concurrency (0 disables it for small accounts). */
  public boolean reservesModelConcurrency() {
    return modelStageReservedConcurrency > 0;
  }

  public boolean hasAlarmEmail() {
    return alarmEmail != null && !alarmEmail.isBlank();
  }
}
