package dev.refinery.testkit;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * moto_server on 127.0.0.1 for the tests that talk to AWS: the one named by REFINERY_MOTO_ENDPOINT, or
 * one started here on a free port (once per test run, stopped when the run ends).
 * Use with {@code @ExtendWith(MotoServer.class)}, which fails a class when there is no moto_server (the AWS
 * integration tests need it), and read {@link #endpoint()}; a class with tests that run without it registers
 * {@link #ifInstalled()} instead and asks {@link #running()}.
 */
public final class MotoServer implements BeforeAllCallback {
    private static volatile Instance instance;

    private final boolean required;

    /** The extension {@code @ExtendWith} makes: moto_server is required. */
    public MotoServer() {
        this(true);
    }

    private MotoServer(boolean required) {
        this.required = required;
    }

    /** For {@code @RegisterExtension}: starts moto_server when this machine has one, and leaves it out otherwise. */
    public static MotoServer ifInstalled() {
        return new MotoServer(false);
    }

    public static URI endpoint() {
        if (instance == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(MotoServer.class)");
        }
        return instance.endpoint;
    }

    /** Whether a moto_server is up for this run (always, after a required extension's class has started). */
    public static boolean running() {
        return instance != null;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!required && given() == null && binary().isEmpty()) {
            return;
        }
        instance = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(MotoServer.class, k -> Instance.start(), Instance.class);
    }

    private static URI given() {
        String given = System.getenv("REFINERY_MOTO_ENDPOINT");
        return given == null || given.isBlank() ? null : URI.create(given);
    }

    private static Optional<String> binary() {
        String env = System.getenv("MOTO_SERVER");
        if (env != null && new File(env).canExecute()) {
            return Optional.of(env);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(dir, "moto_server");
            if (f.canExecute()) {
                return Optional.of(f.getPath());
            }
        }
        for (String path : new String[]{"/root/.pyenv/shims/moto_server", "/usr/local/bin/moto_server", "/usr/bin/moto_server"}) {
            if (new File(path).canExecute()) {
                return Optional.of(path);
            }
        }
        return Optional.empty();
    }

    static final class Instance implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final URI endpoint;
        final Process process;

        Instance(URI endpoint, Process process) {
            this.endpoint = endpoint;
            this.process = process;
        }

        static Instance start() {
            URI given = given();
            if (given != null) {
                awaitUp(given);
                return new Instance(given, null);
            }
            String binary = binary().orElseThrow(() -> new IllegalStateException("moto_server is not installed (pip package moto[server] 5.x); "
                    + "the AWS integration tests need it, or set REFINERY_MOTO_ENDPOINT to a running one"));
            try {
                int port;
                try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    port = s.getLocalPort();
                }
                Path log = Files.createDirectories(Path.of("target")).resolve("moto-" + port + ".log");
                Process p = new ProcessBuilder(binary, "-H", "127.0.0.1", "-p", String.valueOf(port))
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
                URI uri = URI.create("http://127.0.0.1:" + port);
                try {
                    awaitUp(uri);
                } catch (RuntimeException e) {
                    p.destroyForcibly();
                    throw new IllegalStateException("moto_server did not come up on " + uri + "; see " + log.toAbsolutePath(), e);
                }
                return new Instance(uri, p);
            } catch (IOException e) {
                throw new IllegalStateException("could not start " + binary + ": " + e.getMessage(), e);
            }
        }

        /** Polls every 200 ms for up to a minute until moto answers on its API path. */
        private static void awaitUp(URI uri) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            Exception last = null;
            while (System.nanoTime() < deadline) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 500);
                    if (http.send(HttpRequest.newBuilder(uri.resolve("/moto-api/")).GET().build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() < 500) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for moto_server at " + uri, e);
                } catch (IOException notYet) {
                    last = notYet;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for moto_server at " + uri, e);
                }
            }
            throw new IllegalStateException("moto_server at " + uri + " did not answer within 60 s", last);
        }

        @Override
        public void close() throws InterruptedException {
            if (process != null) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }
}
