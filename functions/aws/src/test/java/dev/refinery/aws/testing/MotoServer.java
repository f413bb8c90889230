package dev.refinery.aws.testing;

import static org.awaitility.Awaitility.await;

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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * moto_server on 127.0.0.1 for the integration tests: the one named by REFINERY_MOTO_ENDPOINT, or
 * one started here on a free port (once per test run, stopped when the run ends).
 * Use with {@code @ExtendWith(MotoServer.class)} and read {@link #endpoint()}.
 */
public final class MotoServer implements BeforeAllCallback {
    private static volatile Instance instance;

    public static URI endpoint() {
        if (instance == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(MotoServer.class)");
        }
        return instance.endpoint;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        instance = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(MotoServer.class, k -> Instance.start(), Instance.class);
    }

    static final class Instance implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final URI endpoint;
        final Process process;

        Instance(URI endpoint, Process process) {
            this.endpoint = endpoint;
            this.process = process;
        }

        static Instance start() {
            String given = System.getenv("REFINERY_MOTO_ENDPOINT");
            if (given != null && !given.isBlank()) {
                URI uri = URI.create(given);
                awaitUp(uri);
                return new Instance(uri, null);
            }
            String binary = binary();
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

        private static String binary() {
            String env = System.getenv("MOTO_SERVER");
            if (env != null && new File(env).canExecute()) {
                return env;
            }
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                File f = new File(dir, "moto_server");
                if (f.canExecute()) {
                    return f.getPath();
                }
            }
            File shim = new File("/root/.pyenv/shims/moto_server");
            if (shim.canExecute()) {
                return shim.getPath();
            }
            throw new IllegalStateException("moto_server is not installed (pip package moto[server] 5.x); "
                    + "the AWS integration tests need it, or set REFINERY_MOTO_ENDPOINT to a running one");
        }

        private static void awaitUp(URI uri) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            await("moto_server at " + uri).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> {
                        try (Socket s = new Socket()) {
                            s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 500);
                        }
                        return http.send(HttpRequest.newBuilder(uri.resolve("/moto-api/")).GET().build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode() < 500;
                    });
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
