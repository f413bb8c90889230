package dev.refinery.workflow.runner;

/** The kinds of event an execution's history records, named after the service's history events. */
public enum HistoryEventType {
    EXECUTION_STARTED,
    STATE_ENTERED,
    STATE_EXITED,
    TASK_SCHEDULED,
    TASK_SUCCEEDED,
    TASK_FAILED,
    TASK_TIMED_OUT,
    /** A state raised an error (retried, caught or fatal: the next event tells). */
    STATE_FAILED,
    STATE_RETRIED,
    STATE_CAUGHT,
    WAIT_STARTED,
    EXECUTION_SUCCEEDED,
    EXECUTION_FAILED,
    EXECUTION_TIMED_OUT
}
