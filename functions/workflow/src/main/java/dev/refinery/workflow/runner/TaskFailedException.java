package dev.refinery.workflow.runner;

/**
 * Thrown by a {@link TaskHandler} to fail the task with an explicit Error name and Cause, for
 * errors that are not Java classes, such as {@code Lambda.ServiceException} or
 * {@code Lambda.TooManyRequestsException} raised by the Lambda service itself.
 */
public class TaskFailedException extends RuntimeException {
    private final String error;
    private final String errorCause;

    public TaskFailedException(String error, String cause) {
        super(error + ": " + cause);
        if (error == null || error.isBlank()) {
            throw new IllegalArgumentException("a task error needs a name");
        }
        this.error = error;
        this.errorCause = cause;
    }

    public String error() {
        return error;
    }

    public String errorCause() {
        return errorCause;
    }
}
