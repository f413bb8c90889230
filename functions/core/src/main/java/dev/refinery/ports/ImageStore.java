package dev.refinery.ports;

import java.util.Map;

/** Where images live (S3 in AWS, an embedded S3 or memory locally). Keys are plain strings, never URL-encoded. */
public interface ImageStore {
    /** Stores bytes under a key, replacing what was there. Tags drive lifecycle rules (e.g. {@code kind=intermediate}). */
    void put(String key, byte[] bytes, String contentType, Map<String, String> tags);

    /** @throws dev.refinery.domain.NotFoundException when there is no such object */
    byte[] get(String key);

    boolean exists(String key);

    /**
     * Replaces the tags of an object already stored (the bytes stay): what the lifecycle rules read, as when a
     * version the seller keeps goes from {@code kind=intermediate} to {@code kind=kept}.
     *
     * @throws dev.refinery.domain.NotFoundException when there is no such object (it may have expired)
     */
    void tag(String key, Map<String, String> tags);

    /** @throws dev.refinery.domain.NotFoundException when there is no such object */
    Map<String, String> tags(String key);

    /**
     * One version of an object, for stores that keep versions (a versioned S3 bucket): a session
     * refines the upload version it was started for, even when the key was written again since.
     * Stores without versions hold one content per key and return it.
     *
     * @param versionId the version, or null for the current one
     */
    default byte[] get(String key, String versionId) {
        return get(key);
    }
}
