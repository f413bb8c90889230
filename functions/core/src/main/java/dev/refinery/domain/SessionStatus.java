package dev.refinery.domain;

public enum SessionStatus {
    PENDING, RUNNING, COMPLETED, NEEDS_REVIEW, FAILED;

    public boolean terminal() {
        return this == COMPLETED || this == NEEDS_REVIEW || this == FAILED;
    }
}
