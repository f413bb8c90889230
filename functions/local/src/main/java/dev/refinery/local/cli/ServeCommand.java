package dev.refinery.local.cli;

import dev.refinery.cli.Refinery;
import dev.refinery.cli.RefineCommand;
import dev.refinery.cli.SamplesCommand;
import dev.refinery.domain.EngineUnavailableException;
import dev.refinery.domain.PresetCatalog;
import dev.refinery.domain.RefineryException;
import dev.refinery.local.LocalStack;
import dev.refinery.local.store.DatabaseInUseException;
import dev.refinery.local.api.LocalApiServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code make serve}: the local stack and its API on 127.0.0.1 until interrupted, with an example curl session. */
@Command(name = "serve", description = "Keep the local stack and its API up on 127.0.0.1 (Ctrl-C stops it).")
public final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "8787", description = "The API's port on 127.0.0.1 (0: any free port).")
    int port;

    @Option(names = "--out", defaultValue = "out", description = "Output folder (the stack's data lives in OUT/.local-stack).")
    Path out;

    @Option(names = "--data", description = "The stack's S3 objects and database (default: OUT/.local-stack).")
    Path data;

    @Option(names = "--engine", defaultValue = "classic", description = "The default engine of new sessions.")
    String engine;

    @Option(names = "--engines", description = "The engines a session may name (REFINERY_ENGINES; default: the --engine). "
            + "classic,openai offers the openai engine too (prompts, scenes), its key read from OPENAI_API_KEY when a call needs it.")
    String engines;

    @Option(names = "--preset", defaultValue = "amazon-main", description = "Presets of a catalog item registered by its first upload.")
    String preset;

    @Option(names = "--schedule", defaultValue = "rate(1 day)", description = "The catalog refresh's schedule: rate(...) or cron(...); 'off' for none.")
    String schedule;

    @Option(names = "--tenant", defaultValue = "acme", description = "The tenant of the printed example.")
    String tenant;

    @Option(names = "--web", defaultValue = "functions/web/dist", description = "The seller's web app as built (make web), served at /.")
    Path web;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            PresetCatalog.bundled().resolve(preset);
        } catch (RefineryException e) {
            err.println("refinery: " + e.reason());
            return Refinery.USAGE;
        }
        Path stackDir = data != null ? data : out.resolve(".local-stack");
        Map<String, String> env = new java.util.HashMap<>(openaiSettings(System.getenv()));
        // a Shopify double for the store connector (the browser tests' fake); unset, it calls Shopify itself
        if (System.getenv("REFINERY_SHOPIFY_API") != null) {
            env.put("REFINERY_SHOPIFY_API", System.getenv("REFINERY_SHOPIFY_API"));
        }
        env.put("REFINERY_ENGINE", engine);
        env.put("REFINERY_DEFAULT_PRESETS", preset);
        if (engines != null && !engines.isBlank()) {
            env.put("REFINERY_ENGINES", engines);
        }
        LocalStack.Settings settings = LocalStack.Settings.defaults(stackDir).withApiPort(port)
                .withEnv(env)
                .withRefreshSchedule("off".equals(schedule) ? null : schedule)
                .withEventsOut(System.out);
        LocalStack stack;
        try {
            stack = LocalStack.start(settings);
        } catch (IllegalArgumentException | EngineUnavailableException e) {
            err.println("refinery: " + (e instanceof RefineryException r ? r.reason() : e.getMessage()));
            return Refinery.USAGE;
        } catch (DatabaseInUseException e) {
            err.println("refinery: " + e.getMessage());
            return Refinery.USAGE;
        } catch (UncheckedIOException e) {
            err.println("refinery: " + e.getMessage() + " (is another make serve using port " + port + "? try PORT=0)");
            return Refinery.USAGE;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stopped.countDown();
        }, "local-stack-shutdown"));
        Path photo = samplePhoto(o, err);
        // the app last: its index.html answering means the stack, its API and the sample photos are all ready
        boolean app = Files.isRegularFile(web.resolve("index.html"));
        if (app) {
            stack.api().serveApp(web, stack.s3().endpoint());
        }
        o.printf("Refinery local stack on 127.0.0.1%n");
        o.printf("  web app    %s%n", app ? stack.api().endpoint() + "/   (open it in a browser)"
                : "not built: " + web.toAbsolutePath() + " has no index.html (make web)");
        o.printf("  API        %s%s   (also at the root; tenant header: %s)%n", stack.api().endpoint(), LocalApiServer.API_PREFIX,
                LocalApiServer.TENANT_HEADER);
        o.printf("  S3         %s   bucket %s (path-style; no authentication: loopback only)%n", stack.s3().endpoint(), stack.bucket());
        o.printf("  data       %s%n", stackDir.toAbsolutePath());
        o.printf("  refresh    %s%s%n", stack.scheduler().isPresent() ? schedule : "off",
                stack.scheduler().flatMap(s -> s.nextFire()).map(t -> ", next at " + t).orElse(""));
        String script = example(stack.api().endpoint().toString(), photo, tenant);
        Path scriptFile = stackDir.resolve("example-session.sh");
        Files.writeString(scriptFile, script, StandardCharsets.UTF_8);
        o.printf("%nAn example session (also in %s; run it with: bash %s):%n%n%s%nCtrl-C stops the stack.%n", scriptFile, scriptFile, script);
        o.flush();
        stopped.await();
        return Refinery.OK;
    }

    /** The first of the project's sample photos, written to OUT/_samples if none are there yet. */
    private Path samplePhoto(PrintWriter o, PrintWriter err) throws IOException {
        Path samples = out.resolve("_samples");
        List<Path> found = Files.isDirectory(samples) ? RefineCommand.inputs(samples) : List.of();
        if (found.isEmpty()) {
            new CommandLine(new SamplesCommand()).setOut(o).setErr(err).execute("--out", samples.toString());
            found = RefineCommand.inputs(samples);
        }
        return found.isEmpty() ? Path.of("photo.jpg") : found.get(0).toAbsolutePath();
    }

    /** The example session script with this stack's address, a photo and a tenant filled in. */
    public static String example(String api, Path photo, String tenant) throws IOException {
        try (InputStream in = ServeCommand.class.getResourceAsStream("/local/example-session.sh")) {
            if (in == null) {
                throw new IllegalStateException("local/example-session.sh is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("@API@", api).replace("@PHOTO@", photo.toString()).replace("@TENANT@", tenant);
        }
    }

    /**
     * The openai engine's settings from the shell (REFINERY_OPENAI_*, OPENAI_BASE_URL): the tenants' spending caps
     * among them, which the engine enforces and the API shows (GET /spend), so both read the same values.
     */
    static Map<String, String> openaiSettings(Map<String, String> environment) {
        Map<String, String> settings = new java.util.HashMap<>();
        environment.forEach((k, v) -> {
            if ((k.startsWith("REFINERY_OPENAI_") && !k.equals("REFINERY_OPENAI_SECRET_ARN")) || k.equals("OPENAI_BASE_URL")) {
                settings.put(k, v);
            }
        });
        return settings;
    }
}
