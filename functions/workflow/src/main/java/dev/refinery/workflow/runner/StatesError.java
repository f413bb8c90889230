package dev.refinery.workflow.runner;

/**
 * An error raised while running a state: the {@code Error} name Retry and Catch match on and its
 * {@code Cause}. {@code States.Runtime} errors (a path that selects nothing, a bad intrinsic
 * argument...) can be neither retried nor caught, as in the service.
 */
class StatesError extends RuntimeException {
    static final String RUNTIME = "States.Runtime";
    static final String TIMEOUT = "States.Timeout";
    static final String TASK_FAILED = "States.TaskFailed";
    static final String ALL = "States.ALL";
    static final String NO_CHOICE_MATCHED = "States.NoChoiceMatched";
    static final String RESULT_PATH_MATCH_FAILURE = "States.ResultPathMatchFailure";

    private final String error;
    private final String errorCause;
    /** Set for the error a Fail state raises: it ends the execution and cannot be caught. */
    private final boolean fromFailState;

    StatesError(String error, String cause) {
        this(error, cause, false);
    }

    StatesError(String error, String cause, boolean fromFailState) {
        super(error + (cause == null ? "" : ": " + cause), null, false, false);
        this.error = error;
        this.errorCause = cause;
        this.fromFailState = fromFailState;
    }

    static StatesError runtime(String message) {
        return new StatesError(RUNTIME, message);
    }

    static StatesError failState(String error, String cause) {
        return new StatesError(error, cause, true);
    }

    String error() {
        return error;
    }

    String errorCause() {
        return errorCause;
    }

    boolean handleable() {
        return !fromFailState && !RUNTIME.equals(error);
    }

    /** Whether an ErrorEquals list matches this error in a state of the given type. */
    boolean matches(Iterable<String> errorEquals, boolean inTask) {
        if (!handleable()) {
            return false;
        }
        for (String name : errorEquals) {
            if (name.equals(error) || ALL.equals(name)) {
                return true;
            }
            if (TASK_FAILED.equals(name) && inTask && !TIMEOUT.equals(error)) {
                return true;
            }
        }
        return false;
    }
}
