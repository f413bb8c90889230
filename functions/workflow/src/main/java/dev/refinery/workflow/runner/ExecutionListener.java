package dev.refinery.workflow.runner;

/** Told of every history event as it happens (for a local stack that mirrors status elsewhere). */
@FunctionalInterface
public interface ExecutionListener {
    void onEvent(String executionName, HistoryEvent event);
}
