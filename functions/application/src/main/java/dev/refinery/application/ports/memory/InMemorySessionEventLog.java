package dev.refinery.application.ports.memory;

import dev.refinery.application.ports.SessionEvent;
import dev.refinery.application.ports.SessionEventLog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

public final class InMemorySessionEventLog implements SessionEventLog {
    private final Map<String, List<SessionEvent>> events = new HashMap<>();

    @Override
    public synchronized void append(SessionEvent event) {
        events.computeIfAbsent(event.tenant() + "\u0000" + event.sessionId(), k -> new ArrayList<>()).add(event);
    }

    @Override
    public synchronized List<SessionEvent> events(String tenant, String sessionId) {
        return events.getOrDefault(tenant + "\u0000" + sessionId, List.of()).stream()
                .sorted(java.util.Comparator.comparing(SessionEvent::at)).toList();
    }
}
