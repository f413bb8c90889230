package dev.refinery.application.ports;

import java.util.List;

public interface SessionEventLog {
    void append(SessionEvent event);

    /** Oldest first. */
    List<SessionEvent> events(String tenant, String sessionId);
}
