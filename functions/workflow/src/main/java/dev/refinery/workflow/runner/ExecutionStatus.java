package dev.refinery.workflow.runner;

public enum ExecutionStatus {
    SUCCEEDED, FAILED, TIMED_OUT
}
