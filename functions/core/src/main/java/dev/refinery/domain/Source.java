package dev.refinery.domain;

/**
 * Where a session's base image comes from: an uploaded object (bucket, key and the object's
 * version id, which makes "one session per upload version" checkable) or a text prompt.
 */
public record Source(String bucket, String key, String objectVersion, String prompt) {
    public static Source upload(String bucket, String key, String objectVersion) {
        return new Source(bucket, key, objectVersion, null);
    }

    public static Source prompt(String prompt) {
        return new Source(null, null, null, prompt);
    }

    public boolean isUpload() {
        return key != null;
    }
}
