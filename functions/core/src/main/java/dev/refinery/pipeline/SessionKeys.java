package dev.refinery.pipeline;

import java.util.Optional;

/**
 * Where a session's images live: {@code sessions/{tenant}/{sessionId}/…}, so that a tenant's data is one
 * prefix (one IAM condition, one deletion, one lifecycle filter). Keys written before the tenant was part of
 * them ({@code sessions/{sessionId}/…}) stay readable: versions record their keys, nothing rebuilds them.
 */
public final class SessionKeys {
    public static final String ROOT = "sessions/";

    /** Whose image a key is: the session's tenant and id. */
    public record Owner(String tenant, String sessionId) {
    }

    private SessionKeys() {
    }

    /** The prefix under which every image of the session is written. */
    public static String prefix(String tenant, String sessionId) {
        return ROOT + tenant + "/" + sessionId + "/";
    }

    /**
     * The owner named by a key of the form {@code sessions/{tenant}/{sessionId}/{file}}; empty for any other key,
     * including the older {@code sessions/{sessionId}/{file}}, which does not name its tenant.
     */
    public static Optional<Owner> owner(String key) {
        if (key == null || !key.startsWith(ROOT)) {
            return Optional.empty();
        }
        String[] parts = key.substring(ROOT.length()).split("/", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Owner(parts[0], parts[1]));
    }
}
