package dev.refinery.workflow.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * aws-local-stepfunctions on Node 22, as installed by {@code .ci/install-node22.sh} into
 * {@code .ci/tmp/node22} (or the folder named by the system property {@code refinery.node22.home}
 * or the environment variable {@code REFINERY_NODE22_HOME}), driven through
 * {@code src/test/node/reference-run.mjs}.
 */
final class ReferenceImplementation {
    static final String INSTALL_HINT = "run `make reference-asl` (or .ci/install-node22.sh) to install Node 22 and "
            + "aws-local-stepfunctions into .ci/tmp/node22";

    private final Path node;
    private final Path packageDir;
    private final Path script;

    private ReferenceImplementation(Path node, Path packageDir, Path script) {
        this.node = node;
        this.packageDir = packageDir;
        this.script = script;
    }

    /** The reference when installed, else why not (a message for a skipped test). */
    static Either locate() {
        Path module = Path.of("").toAbsolutePath();
        Path script = module.resolve("src/test/node/reference-run.mjs");
        if (!Files.isRegularFile(script)) {
            return Either.missing("the reference script " + script + " is missing (tests must run from functions/workflow)");
        }
        Path home = Optional.ofNullable(System.getProperty("refinery.node22.home"))
                .or(() -> Optional.ofNullable(System.getenv("REFINERY_NODE22_HOME")))
                .map(Path::of)
                .orElseGet(() -> repoRoot(module).resolve(".ci/tmp/node22"));
        String arch = System.getProperty("os.arch").matches("aarch64|arm64") ? "arm64" : "x64";
        Path node = home.resolve("node_modules/node-linux-" + arch + "/bin/node");
        Path pkg = home.resolve("node_modules/aws-local-stepfunctions");
        if (!Files.isExecutable(node)) {
            return Either.missing("Node 22 is not installed at " + node + ": " + INSTALL_HINT);
        }
        if (!Files.isRegularFile(pkg.resolve("build/main.node.esm.js"))) {
            return Either.missing("aws-local-stepfunctions is not installed at " + pkg + ": " + INSTALL_HINT);
        }
        try {
            Process p = new ProcessBuilder(node.toString(), "--version").redirectErrorStream(true).start();
            String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(30, TimeUnit.SECONDS);
            if (!version.matches("v(2[2-9]|[3-9]\\d)\\..*")) {
                return Either.missing("aws-local-stepfunctions needs Node >= 22, found " + version + " at " + node + ": " + INSTALL_HINT);
            }
        } catch (IOException e) {
            return Either.missing("cannot run " + node + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Either.missing("interrupted while checking " + node);
        }
        return new Either(new ReferenceImplementation(node, pkg, script), null);
    }

    private static Path repoRoot(Path from) {
        for (Path p = from; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(".ci/install-node22.sh"))) {
                return p;
            }
        }
        return from.resolve("../..").normalize();
    }

    /** Runs a batch of cases ({"cases": [...]}) and returns {"results": [...]}. */
    JsonNode run(ObjectNode request) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(node.toString(), script.toString());
        pb.environment().put("REFINERY_ALS_PACKAGE", packageDir.toString());
        Process p = pb.start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        try (OutputStream in = p.getOutputStream()) {
            in.write(JsonValues.write(request).getBytes(StandardCharsets.UTF_8));
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("the reference run did not finish in 120 s");
        }
        String stdout = new String(out.join(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IllegalStateException("the reference run failed (exit " + p.exitValue() + "): "
                    + new String(err.join(), StandardCharsets.UTF_8));
        }
        return JsonValues.parse(stdout);
    }

    private static byte[] readAll(InputStream s) {
        try (s) {
            return s.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The located reference, or the reason it is missing. */
    record Either(ReferenceImplementation reference, String missing) {
        static Either missing(String why) {
            return new Either(null, why);
        }
    }
}
