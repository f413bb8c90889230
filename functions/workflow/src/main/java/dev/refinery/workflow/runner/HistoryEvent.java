package dev.refinery.workflow.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One entry of an execution's history.
 *
 * @param id        1, 2, 3 ... in order
 * @param stateName the state it concerns, null for execution events
 * @param details   what the event carries: input/output, error and cause, retry attempt and delay,
 *                  task resource, wait seconds (an empty object when nothing)
 */
public record HistoryEvent(long id, Instant timestamp, HistoryEventType type, String stateName, JsonNode details) {
}
