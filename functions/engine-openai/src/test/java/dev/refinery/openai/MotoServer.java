package dev.refinery.openai;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * moto_server (this machine's AWS emulator) on 127.0.0.1 and a free port, started for a test class
 * and stopped by it. Absent when the machine has no moto_server: tests then skip, saying so.
 */
final class MotoServer implements AutoCloseable {
    private final Process process;
    final String endpoint;

    private MotoServer(Process process, int port) {
        this.process = process;
        this.endpoint = "http://127.0.0.1:" + port;
    }

    static Optional<Path> executable() {
        for (String candidate : List.of("/root/.pyenv/shims/moto_server", "/usr/local/bin/moto_server", "/usr/bin/moto_server")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Optional.of(Path.of(candidate));
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(":")) {
                Path p = Path.of(dir, "moto_server");
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    static MotoServer start(Path executable) {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Process p = new ProcessBuilder(executable.toString(), "-H", "127.0.0.1", "-p", String.valueOf(port))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            MotoServer m = new MotoServer(p, port);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(m::ready);
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean ready() {
        if (!process.isAlive()) {
            throw new IllegalStateException("moto_server exited with " + process.exitValue());
        }
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(endpoint + "/moto-api/").toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(1000);
            return c.getResponseCode() == 200;
        } catch (IOException notYet) {
            return false;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
