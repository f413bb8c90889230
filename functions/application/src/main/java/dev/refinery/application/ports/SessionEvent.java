package dev.refinery.application.ports;

import java.time.Instant;
import java.util.Map;

/** Something that happened to a session (started, a stage recorded a version, failed...), for the session's history. */
public record SessionEvent(String tenant, String sessionId, Instant at, String type, Map<String, String> detail) {
    public SessionEvent {
        detail = detail == null ? Map.of() : Map.copyOf(detail);
    }
}
