package dev.refinery.application.ports;

import java.time.Instant;
import java.util.Map;

/** An HTML form upload: POST multipart/form-data to {@code url} with these fields, then the file last. */
public record PresignedPost(String url, String key, Map<String, String> fields, Instant expiresAt, long maxBytes) {
    public PresignedPost {
        fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
    }
}
