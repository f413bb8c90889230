package dev.refinery.application;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Execution names and ids derived from what started them, so a repeated trigger derives the same
 * name. Step Functions allows 1–80 characters and refuses to reuse a Standard execution's name for
 * 90 days; we use only [A-Za-z0-9-_].
 */
public final class ExecutionNames {
    public static final int MAX_LENGTH = 80;
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9_-]{1,80}");

    private ExecutionNames() {
    }

    /** Hex SHA-256 of the parts joined by newlines (a newline cannot occur inside an S3 key or a tenant id). */
    public static String hash(String... parts) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(d.digest(String.join("\n", parts).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The upload's identity: bucket, key and the object's version id (or, on an unversioned bucket,
     * the event's sequencer, which S3 repeats on every redelivery of the same write).
     */
    public static String uploadId(String bucket, String key, String objectVersionOrSequencer) {
        return hash(bucket, key, objectVersionOrSequencer);
    }

    /** A UUID-shaped session id taken from a hash, so ids derived from one upload are stable. */
    public static String sessionIdFrom(String hash) {
        return hash.substring(0, 8) + "-" + hash.substring(8, 12) + "-" + hash.substring(12, 16) + "-"
                + hash.substring(16, 20) + "-" + hash.substring(20, 32);
    }

    public static String forUpload(String uploadId) {
        return checked("upload-" + uploadId.substring(0, 64));
    }

    public static String forSession(String sessionId) {
        return checked("session-" + sessionId);
    }

    public static String forRound(String sessionId, int round) {
        return checked("round-" + sessionId + "-" + round);
    }

    public static String forRefresh(String hash) {
        return checked("refresh-" + hash.substring(0, 64));
    }

    public static boolean valid(String name) {
        return name != null && ALLOWED.matcher(name).matches();
    }

    private static String checked(String name) {
        if (!valid(name)) {
            throw new IllegalArgumentException("not a valid execution name: " + name);
        }
        return name;
    }
}
