package dev.refinery.application.ports;

import java.time.Instant;

/**
 * "This upload version started this session under this execution name". Written once, conditionally;
 * a redelivered notification finds it and re-drives the same execution name.
 *
 * @param uploadId  hash of bucket, key and the object's version id (or sequencer/ETag)
 * @param expiresAt when the record may be deleted (TTL); execution names stay reserved for 90 days
 */
public record UploadRecord(String tenant, String uploadId, String bucket, String key, String objectVersion,
                           String sessionId, String executionName, Instant createdAt, Instant expiresAt) {
    public UploadRecord {
        // A TTL attribute holds whole epoch seconds.
        expiresAt = expiresAt == null ? null : expiresAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }
}
