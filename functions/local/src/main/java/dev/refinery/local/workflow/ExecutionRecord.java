package dev.refinery.local.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * One execution of the state machine on the local stack, as DescribeExecution and
 * GetExecutionHistory would tell it.
 *
 * @param status        RUNNING, SUCCEEDED, FAILED or TIMED_OUT
 * @param statesEntered the names of the states entered, in order
 * @param history       every history event: {id, timestamp, type, state, details}
 */
public record ExecutionRecord(String name, String executionArn, JsonNode input, String status, Instant startedAt, Instant stoppedAt,
                              String error, String cause, List<String> statesEntered, JsonNode history) {
    public static final String RUNNING = "RUNNING";

    public ExecutionRecord {
        statesEntered = statesEntered == null ? List.of() : List.copyOf(statesEntered);
    }

    public boolean running() {
        return RUNNING.equals(status);
    }
}
