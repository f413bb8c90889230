package dev.refinery.infra;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;

/**
 * Builds the real stack with tiny stand-in deployment packages (a few hundred bytes each) and, unless a
 * test says otherwise, the infra test fixture ASL — so {@code mvn test} needs neither the 200 MB jars
 * nor the workflow module. The default stack is synthesized once per test JVM.
 */
final class TestStacks {

  static final String STACK_NAME = "RefineryTest";

  private static Synthesized defaultStack;

  record Synthesized(RefineryStack stack, Template template, RefineryConfig config) {}

  private TestStacks() {}

  static synchronized Synthesized defaultStack() {
    if (defaultStack == null) {
      defaultStack = synthesize(Map.of());
    }
    return defaultStack;
  }

  /** Synthesizes a fresh app with the given refinery:* context overrides on top of the test defaults. */
  static Synthesized synthesize(Map<String, String> overrides) {
    Map<String, Object> context = new HashMap<>(baseContext());
    overrides.forEach((k, v) -> context.put("refinery:" + k, v));
    App app = new App(AppProps.builder()
        .context(context)
        .outdir(tempDir("cdk-out").toString())
        .build());
    RefineryConfig config = RefineryConfig.from(app);
    RefineryStack stack = RefineryApp.build(app, STACK_NAME, config);
    return new Synthesized(stack, Template.fromStack(stack), config);
  }

  static Map<String, Object> baseContext() {
    Path dir = tempDir("packages");
    Map<String, Object> ctx = new HashMap<>();
    ctx.put("refinery:repoRoot", repoRoot().toString());
    ctx.put("refinery:stagesJar", tinyJar(dir.resolve("stages.jar")).toString());
    ctx.put("refinery:controlJar", tinyJar(dir.resolve("control.jar")).toString());
    ctx.put("refinery:aslFile", fixtureAsl().toString());
    ctx.put("refinery:webDist", tinyWebApp(dir.resolve("web")).toString());
    return ctx;
  }

  static Path repoRoot() {
    String prop = System.getProperty("refinery.repoRoot");
    return prop != null ? Path.of(prop).toAbsolutePath().normalize()
        : RefineryConfig.findRepoRoot(Path.of("").toAbsolutePath());
  }

  static Path fixtureAsl() {
    try {
      return Path.of(TestStacks.class.getResource("/fixture.asl.json").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A real, valid jar with one text entry: enough for CDK to stage and hash it as a Lambda asset. */
  static Path tinyJar(Path file) {
    try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out)) {
      jar.putNextEntry(new JarEntry("README.txt"));
      jar.write(("stand-in deployment package for infra tests: " + file.getFileName()).getBytes(StandardCharsets.UTF_8));
      jar.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** A stand-in build of the web app: an index.html, which is all the stack's deployment needs to stage. */
  static Path tinyWebApp(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("index.html"), "<!doctype html><title>stand-in web app for infra tests</title>");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  static Path tempDir(String prefix) {
    try {
      Path dir = Files.createTempDirectory("refinery-infra-" + prefix);
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
