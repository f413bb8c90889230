package dev.refinery.application.ports.memory;

import dev.refinery.application.ports.PatternLibrary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@link PatternLibrary} in this process (tests, the command line). */
public final class InMemoryPatternLibrary implements PatternLibrary {
    private final Map<String, Pattern> patterns = new LinkedHashMap<>();

    @Override
    public synchronized void approved(String tenant, String category, String feedback, List<String> operations, Instant at) {
        patterns.merge(key(tenant, category, PatternLibrary.normalise(feedback)), new Pattern(feedback, operations, 1, at),
                (old, now) -> new Pattern(old.feedback(), now.operations(), old.approvals() + 1, now.lastApprovedAt()));
    }

    @Override
    public synchronized List<Pattern> top(String tenant, String category, int limit) {
        String prefix = key(tenant, category, "");
        List<Pattern> out = new ArrayList<>();
        patterns.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.add(v);
            }
        });
        out.sort(Pattern.MOST_APPROVED);
        return List.copyOf(out.subList(0, Math.min(limit, out.size())));
    }

    private static String key(String tenant, String category, String words) {
        return tenant + "\u0000" + (category == null ? "" : category) + "\u0000" + words;
    }
}
