package dev.refinery.local.api;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The web app's built files (functions/web/dist) at {@code /}, with the headers CloudFront's response-headers
 * policy sets deployed: a Content-Security-Policy allowing exactly this origin (the app, the API under /api and
 * the upload forms) and the image store's origin (presigned links), no framing, no sniffing, no referrer.
 * Only files inside the folder are served: a path that leaves it, or names no file, is not the app's.
 */
final class StaticFiles {
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml", "png", "image/png", "ico", "image/x-icon", "json", "application/json", "webmanifest",
            "application/manifest+json", "txt", "text/plain; charset=utf-8");

    private final Path root;
    private final String csp;

    StaticFiles(Path dist, URI imageOrigin) {
        this.root = dist.toAbsolutePath().normalize();
        String images = imageOrigin.getScheme() + "://" + imageOrigin.getAuthority();
        this.csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' " + images
                + "; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
    }

    /**
     * Answers a GET or HEAD of one of the app's files ({@code /} is its index.html); false, having sent nothing, for any
     * other request, which is not the app's.
     */
    boolean send(HttpExchange x, String rawPath) throws IOException {
        String method = x.getRequestMethod();
        Path f = method.equals("GET") || method.equals("HEAD") ? file(rawPath) : null;
        if (f == null) {
            return false;
        }
        byte[] body = Files.readAllBytes(f);
        String name = f.getFileName().toString();
        Headers h = x.getResponseHeaders();
        h.set("Content-Type", TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT), "application/octet-stream"));
        // Vite names every asset by its content's hash: those never change; index.html names the current ones
        h.set("Cache-Control", rawPath.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache");
        h.set("Content-Security-Policy", csp);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("X-Frame-Options", "DENY");
        h.set("Referrer-Policy", "no-referrer");
        boolean head = method.equals("HEAD");
        x.sendResponseHeaders(200, head ? -1 : body.length);
        if (!head) {
            try (OutputStream os = x.getResponseBody()) {
                os.write(body);
            }
        }
        return true;
    }

    /** The file a path names inside the app's folder, or null. */
    private Path file(String rawPath) {
        String path = URLDecoder.decode(rawPath, StandardCharsets.UTF_8);
        if (path.contains("\0") || path.contains("\\")) {
            return null;
        }
        Path f = root.resolve(path.equals("/") ? "index.html" : path.substring(1)).normalize();
        return f.startsWith(root) && Files.isRegularFile(f) ? f : null;
    }
}
