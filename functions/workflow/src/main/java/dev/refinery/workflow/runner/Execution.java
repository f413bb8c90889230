package dev.refinery.workflow.runner;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A finished execution: its status, output or error, and its full history.
 */
public final class Execution {
    private final String name;
    private final ExecutionStatus status;
    private final JsonNode input;
    private final JsonNode output;
    private final String error;
    private final String cause;
    private final List<HistoryEvent> history;

    Execution(String name, ExecutionStatus status, JsonNode input, JsonNode output, String error, String cause,
              List<HistoryEvent> history) {
        this.name = name;
        this.status = status;
        this.input = input;
        this.output = output;
        this.error = error;
        this.cause = cause;
        this.history = List.copyOf(history);
    }

    public String name() {
        return name;
    }

    public ExecutionStatus status() {
        return status;
    }

    public boolean succeeded() {
        return status == ExecutionStatus.SUCCEEDED;
    }

    public JsonNode input() {
        return input.deepCopy();
    }

    /** The output of a succeeded execution, else null. */
    public JsonNode output() {
        return output == null ? null : output.deepCopy();
    }

    public Map<String, Object> outputAsMap() {
        return output == null ? null
                : JsonValues.MAPPER.convertValue(output, new TypeReference<LinkedHashMap<String, Object>>() { });
    }

    /** The Error of a failed or timed-out execution, else null. */
    public String error() {
        return error;
    }

    public String cause() {
        return cause;
    }

    public List<HistoryEvent> history() {
        return history;
    }

    /** Names of the states entered, in order (a state entered twice appears twice). */
    public List<String> statesEntered() {
        return history.stream().filter(e -> e.type() == HistoryEventType.STATE_ENTERED).map(HistoryEvent::stateName).toList();
    }

    /** Events of one type, optionally only for one state (stateName null: all). */
    public List<HistoryEvent> events(HistoryEventType type, String stateName) {
        return history.stream()
                .filter(e -> e.type() == type && (stateName == null || stateName.equals(e.stateName())))
                .toList();
    }

    @Override
    public String toString() {
        return "Execution[" + name + " " + status + (error == null ? "" : " " + error) + ", states=" + statesEntered() + "]";
    }
}
