package dev.refinery.workflow.runner;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The error a Java Lambda function reports when its handler throws, as Step Functions receives it:
 * Error is the exception's fully qualified class name and Cause is the JSON text
 * {@code {"errorMessage", "errorType", "stackTrace": ["frame", ...]}} (errorMessage is the class
 * name when the exception has no message, as the Java runtime does).
 */
public final class LambdaErrors {
    private LambdaErrors() {
    }

    public static String errorName(Throwable t) {
        return t.getClass().getName();
    }

    public static String cause(Throwable t) {
        ObjectNode cause = JsonValues.object();
        String message = t.getLocalizedMessage();
        cause.put("errorMessage", message == null ? t.getClass().getName() : message);
        cause.put("errorType", t.getClass().getName());
        ArrayNode trace = cause.putArray("stackTrace");
        for (StackTraceElement frame : t.getStackTrace()) {
            trace.add(frame.toString());
        }
        return JsonValues.write(cause);
    }

    /** The Cause of a handler-less error in the same shape, with an empty stack trace. */
    public static String cause(String errorType, String errorMessage) {
        ObjectNode cause = JsonValues.object();
        cause.put("errorMessage", errorMessage);
        cause.put("errorType", errorType);
        cause.putArray("stackTrace");
        return JsonValues.write(cause);
    }
}
