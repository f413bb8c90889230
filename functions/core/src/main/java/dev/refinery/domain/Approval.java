package dev.refinery.domain;

public enum Approval {
    /** Passed its checks (or a seller approved it): later stages build on it. */
    APPROVED,
    /** Failed its own checks; kept for the record, never built upon. */
    REJECTED,
    /** Recorded, waiting for a verdict (finals before the quality check). */
    PENDING
}
