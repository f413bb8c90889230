package dev.refinery.application.ports.memory;

import dev.refinery.application.ports.ExecutionInput;
import dev.refinery.application.ports.WorkflowStarter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the executions it was asked to start, with Step Functions' naming rule: a name is taken
 * once; asking again is reported as already started. For unit tests and runs that drive the stages
 * themselves.
 */
public final class RecordingWorkflowStarter implements WorkflowStarter {
    private final Map<String, ExecutionInput> executions = new LinkedHashMap<>();
    private final List<String> calls = new ArrayList<>();

    @Override
    public synchronized Started start(String executionName, ExecutionInput input) {
        calls.add(executionName);
        boolean again = executions.putIfAbsent(executionName, input) != null;
        return new Started("memory:" + executionName, again);
    }

    public synchronized Map<String, ExecutionInput> executions() {
        return Map.copyOf(executions);
    }

    /** Every call in order, repeats included. */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }
}
