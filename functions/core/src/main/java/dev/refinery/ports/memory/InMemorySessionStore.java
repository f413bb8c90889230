package dev.refinery.ports.memory;

import dev.refinery.domain.ConflictException;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.Session;
import dev.refinery.domain.VersionSlot;
import dev.refinery.ports.SessionStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Sessions in memory, with the same semantics as the durable adapters (tenant scoping, optimistic locking, slots). */
public final class InMemorySessionStore implements SessionStore {
    private final Map<String, Session> sessions = new HashMap<>();
    private final Map<String, TreeMap<Integer, ImageVersion>> versions = new HashMap<>();
    private final Map<String, Integer> slots = new HashMap<>();
    private final Map<String, Integer> counters = new HashMap<>();

    private static String key(String tenant, String id) {
        return tenant + "#" + id;
    }

    @Override
    public synchronized Session create(Session s) {
        String k = key(s.tenant(), s.id());
        if (sessions.containsKey(k)) {
            throw new ConflictException("Session " + s.id() + " already exists");
        }
        Session stored = s.withRevision(1);
        sessions.put(k, stored);
        return stored;
    }

    @Override
    public synchronized Optional<Session> find(String tenant, String sessionId) {
        return Optional.ofNullable(sessions.get(key(tenant, sessionId)));
    }

    @Override
    public synchronized Session update(Session s) {
        String k = key(s.tenant(), s.id());
        Session cur = sessions.get(k);
        if (cur == null || cur.revision() != s.revision()) {
            throw new ConflictException("Session " + s.id() + " was changed concurrently (revision " + s.revision() + " is stale)");
        }
        Session stored = s.withRevision(s.revision() + 1);
        sessions.put(k, stored);
        return stored;
    }

    @Override
    public synchronized int reserveVersion(String tenant, String sessionId, VersionSlot slot) {
        String k = key(tenant, sessionId);
        return slots.computeIfAbsent(k + "#" + slot.id(), x -> counters.merge(k, 1, Integer::sum));
    }

    @Override
    public synchronized void saveVersion(ImageVersion v) {
        versions.computeIfAbsent(key(v.tenant(), v.sessionId()), x -> new TreeMap<>()).put(v.number(), v);
    }

    @Override
    public synchronized List<ImageVersion> versions(String tenant, String sessionId) {
        return new ArrayList<>(versions.getOrDefault(key(tenant, sessionId), new TreeMap<>()).values());
    }

    @Override
    public synchronized List<Session> findBySku(String tenant, String sku) {
        return sessions.values().stream()
                .filter(s -> s.tenant().equals(tenant) && sku.equals(s.sku()))
                .sorted(Comparator.comparing(Session::createdAt).reversed())
                .toList();
    }

    @Override
    public synchronized dev.refinery.ports.SessionPage page(String tenant, int limit, dev.refinery.ports.SessionPage.Cursor cursor) {
        return dev.refinery.ports.SessionPage.of(sessions.values().stream()
                .filter(s -> s.tenant().equals(tenant) && (cursor == null || cursor.before(s)))
                .sorted(Comparator.comparing(Session::createdAt).thenComparing(Session::id).reversed())
                .limit(limit + 1L)
                .toList(), limit, false);
    }
}
