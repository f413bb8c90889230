package dev.refinery.ports;

import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.Session;
import dev.refinery.domain.VersionSlot;
import java.util.List;
import java.util.Optional;

/**
 * Sessions and their versions, always scoped by tenant. Every adapter (DynamoDB, embedded SQL,
 * memory) passes the same contract test suite.
 */
public interface SessionStore {
    /** @throws dev.refinery.domain.ConflictException when a session with this id already exists */
    Session create(Session session);

    Optional<Session> find(String tenant, String sessionId);

    /**
     * Saves a changed session if its {@code revision} is still the stored one; returns it with the
     * next revision.
     *
     * @throws dev.refinery.domain.ConflictException when someone else changed it first
     */
    Session update(Session session);

    /**
     * The version number for a slot: the existing one when the slot was already written (a retry
     * replaces its own output), otherwise the next free number of the session.
     */
    int reserveVersion(String tenant, String sessionId, VersionSlot slot);

    /** Inserts or replaces the version with this number. */
    void saveVersion(ImageVersion version);

    /** The session's versions ordered by number. */
    List<ImageVersion> versions(String tenant, String sessionId);

    /** The tenant's sessions for one SKU, newest first. */
    List<Session> findBySku(String tenant, String sku);

    /**
     * The tenant's sessions, newest first (creation time, then id), {@code limit} at a time: {@code cursor} is the
     * previous page's {@link SessionPage#next()}, null for the first page.
     */
    SessionPage page(String tenant, int limit, SessionPage.Cursor cursor);
}
