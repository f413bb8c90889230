package dev.refinery.application;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Turns the error a state machine caught ({@code {"Error": "<class>", "Cause": "<json>"}}) into a
 * sentence a seller can act on. Lambda reports only the exception's message, so the stage handler
 * also records the full reason (message and hint) as a session event, which wins when it matches.
 */
public final class FailureReasons {
    private static final Map<String, String> HINTS = Map.ofEntries(
            Map.entry("dev.refinery.domain.InvalidInputException", "check the photo or the request and try again"),
            Map.entry("dev.refinery.domain.UnknownPresetException", "choose one of the listed presets"),
            Map.entry("dev.refinery.openai.ModerationBlockedException", "the image service refused the request: change the photo or the wording"),
            Map.entry("dev.refinery.openai.InvalidModelRequestException", "the image service could not use this request: try another photo or wording"),
            Map.entry("dev.refinery.domain.EngineUnavailableException", "choose a preset that does not need it, or ask the operator to enable the engine"),
            Map.entry("dev.refinery.domain.TransientRefineryException", "the service kept failing after several tries: ask for another refinement later"),
            Map.entry("dev.refinery.openai.RateLimitedException", "the image service stayed busy after several tries: ask for another refinement later"),
            Map.entry("dev.refinery.openai.ModelServerException", "the image service kept failing after several tries: ask for another refinement later"),
            Map.entry("dev.refinery.openai.ModelTimeoutException", "the image service did not answer in time after several tries: ask for another refinement later"),
            Map.entry("dev.refinery.domain.RetryLaterException", "the image service is busy: ask for another refinement later"),
            Map.entry("dev.refinery.domain.ConflictException", "the session kept changing underneath the stage: ask for another refinement"),
            // still throttled after the state machine's retries and throttled waits (about 70 minutes)
            Map.entry("Lambda.TooManyRequestsException", "every refinement slot stayed busy for over an hour (many photos at once): ask for another refinement later"),
            Map.entry("States.Timeout", "a stage took too long: ask for another refinement, or use a smaller photo"),
            // a Lambda function that ran past its timeout (the local runner reports the same error)
            Map.entry("Sandbox.Timedout", "a stage took too long: ask for another refinement, or use a smaller photo"),
            Map.entry("States.TaskFailed", "an internal step failed: ask for another refinement; if it persists, contact support"));

    private FailureReasons() {
    }

    /**
     * @param recordedReason the reason the failing stage recorded itself, or null
     */
    public static String explain(String error, String cause, String recordedReason) {
        String message = messageOf(cause);
        if (recordedReason != null && (message == null || recordedReason.startsWith(message))) {
            return recordedReason;
        }
        String hint = error == null ? null : HINTS.get(error);
        if (hint == null && error != null && error.startsWith("Lambda.")) {
            hint = "the service had an internal problem: ask for another refinement later";
        }
        if (hint == null) {
            hint = "ask for another refinement; if it persists, contact support";
        }
        if (message == null || message.isBlank() || internal(error)) {
            return "The refinement stopped (" + (error == null ? "unknown error" : shortName(error)) + ") — " + hint;
        }
        return message + " — " + hint;
    }

    /** The Lambda error's message: Cause is JSON {"errorMessage":..,"errorType":..} or plain text. */
    static String messageOf(String cause) {
        if (cause == null || cause.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JsonText.tree(cause);
            if (node.hasNonNull("errorMessage")) {
                return node.get("errorMessage").asText();
            }
            return node.isTextual() ? node.asText() : null;
        } catch (IllegalArgumentException notJson) {
            return cause.length() > 300 ? cause.substring(0, 300) + "…" : cause;
        }
    }

    /** Errors whose messages are ours to show; anything else (NullPointerException...) is not shown to sellers. */
    private static boolean internal(String error) {
        return error == null || !(error.startsWith("dev.refinery.") || error.startsWith("States."));
    }

    private static String shortName(String error) {
        return error.substring(error.lastIndexOf('.') + 1);
    }
}
