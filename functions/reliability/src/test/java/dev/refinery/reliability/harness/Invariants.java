package dev.refinery.reliability.harness;

import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.Session;
import dev.refinery.domain.SessionStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What must hold after every execution has ended, read through the stores without faults:
 * every session is terminal (FAILED and NEEDS_REVIEW with a reason), one version per slot, no
 * version record without its object (unless marked expired), no object without its record, and
 * every original byte for byte as uploaded.
 */
public final class Invariants {
    public record SessionRef(String tenant, String sessionId) {
    }

    /**
     * @param lost       sessions that are missing or not terminal: the number the soak must keep at 0
     * @param orphans    objects under sessions/{id}/ that no version record names
     * @param violations every broken rule, one line each (orphans and lost sessions included)
     */
    public record Report(int sessions, Map<SessionStatus, Integer> byStatus, List<String> lost, List<String> orphans,
                         List<String> violations, int versions, int objects) {
        public int count(SessionStatus s) {
            return byStatus.getOrDefault(s, 0);
        }
    }

    private Invariants() {
    }

    public static Report check(SystemUnderTest stack, Collection<SessionRef> refs) {
        Map<SessionStatus, Integer> byStatus = new EnumMap<>(SessionStatus.class);
        List<String> lost = new ArrayList<>();
        List<String> orphans = new ArrayList<>();
        List<String> violations = new ArrayList<>();
        int versionCount = 0;
        int objectCount = 0;
        for (SessionRef ref : toMap(refs).values()) {
            Optional<Session> found = stack.rawSessions().find(ref.tenant(), ref.sessionId());
            if (found.isEmpty()) {
                lost.add(ref.sessionId() + ": no session record");
                continue;
            }
            Session s = found.get();
            byStatus.merge(s.status(), 1, Integer::sum);
            if (!s.status().terminal()) {
                lost.add(s.id() + ": still " + s.status());
            }
            if ((s.status() == SessionStatus.FAILED || s.status() == SessionStatus.NEEDS_REVIEW) && (s.reason() == null || s.reason().isBlank())) {
                violations.add(s.id() + ": " + s.status() + " without a reason");
            }
            List<ImageVersion> versions = stack.rawSessions().versions(ref.tenant(), ref.sessionId());
            versionCount += versions.size();
            Set<String> slots = new HashSet<>();
            Set<String> named = new HashSet<>();
            for (ImageVersion v : versions) {
                if (!slots.add(v.slot().id())) {
                    violations.add(s.id() + ": a second version in slot " + v.slot().id() + " (v" + v.number() + ")");
                }
                if (v.parent() == v.number()) {
                    violations.add(s.id() + ": v" + v.number() + " is its own parent");
                }
                if (v.imageKey() != null) {
                    named.add(v.imageKey());
                    if (!v.imageExpired() && !stack.rawImages().exists(v.imageKey())) {
                        violations.add(s.id() + ": v" + v.number() + " names " + v.imageKey() + ", which does not exist");
                    }
                }
                if (v.maskKey() != null) {
                    named.add(v.maskKey());
                    if (!v.imageExpired() && !stack.rawImages().exists(v.maskKey())) {
                        violations.add(s.id() + ": v" + v.number() + " names mask " + v.maskKey() + ", which does not exist");
                    }
                }
            }
            for (String key : stack.objectKeys(dev.refinery.pipeline.SessionKeys.prefix(s.tenant(), s.id()))) {
                objectCount++;
                if (!named.contains(key)) {
                    orphans.add(key);
                }
            }
        }
        for (ReliabilityStack.Upload u : stack.uploads()) {
            if (!Arrays.equals(sha(stack.storedOriginal(u)), sha(u))) {
                violations.add("original " + u.key() + " (version " + u.versionId() + ") changed");
            }
        }
        lost.forEach(l -> violations.add("lost " + l));
        orphans.forEach(o -> violations.add("object without a version record: " + o));
        return new Report(toMap(refs).size(), byStatus, lost, orphans, violations, versionCount, objectCount);
    }

    private static Map<String, SessionRef> toMap(Collection<SessionRef> refs) {
        Map<String, SessionRef> m = new LinkedHashMap<>();
        refs.forEach(r -> m.put(r.tenant() + "/" + r.sessionId(), r));
        return m;
    }

    private static byte[] sha(byte[] bytes) {
        return ReliabilityStack.sha256(bytes).getBytes();
    }

    private static byte[] sha(ReliabilityStack.Upload u) {
        return u.sha256().getBytes();
    }
}
