package dev.refinery.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.openai.core.http.Headers;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.errors.UnprocessableEntityException;
import dev.refinery.domain.EngineUnavailableException;
import dev.refinery.domain.RefineryException;
import dev.refinery.domain.RetryLaterException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns the SDK's exceptions into the pipeline's typed ones, whose fully qualified names the state
 * machine's Retry and Catch match: throttling, 5xx and timeouts are transient; moderation and
 * invalid requests are not; a Retry-After longer than the state machine's retry interval becomes a
 * {@link RetryLaterException} carrying the wait.
 */
final class OpenAiErrors {
    private OpenAiErrors() {
    }

    static RefineryException map(OpenAIException e, String what, long retryLaterAfterSeconds, Clock clock) {
        if (e instanceof RateLimitException r) {
            String code = r.code().orElse("");
            if (code.equals("insufficient_quota") || code.equals("billing_hard_limit_reached")) {
                return new EngineUnavailableException("OpenAI refused " + what + ": the account's quota is used up (" + code + ")",
                        "check the OpenAI account's billing and limits; retrying will not help until then");
            }
            long retryAfter = retryAfterSeconds(r.headers(), clock);
            String msg = "OpenAI throttled " + what + " (HTTP 429" + (retryAfter >= 0 ? ", Retry-After " + retryAfter + " s" : "") + "): " + detail(r);
            if (retryAfter > retryLaterAfterSeconds) {
                return new RetryLaterException(msg, retryAfter, r);
            }
            return new RateLimitedException(msg, retryAfter, r);
        }
        if (e instanceof BadRequestException || e instanceof UnprocessableEntityException) {
            OpenAIServiceException s = (OpenAIServiceException) e;
            String code = s.code().orElse("");
            if (code.equals("moderation_blocked") || code.equals("content_policy_violation")) {
                List<String> categories = categories(s);
                return new ModerationBlockedException("OpenAI's safety system blocked " + what
                        + (categories.isEmpty() ? "" : " (categories: " + String.join(", ", categories) + ")") + ": " + detail(s),
                        categories, s);
            }
            return new InvalidModelRequestException("OpenAI rejected " + what + " as invalid (HTTP " + s.statusCode()
                    + (code.isEmpty() ? "" : ", " + code) + s.param().map(p -> ", parameter " + p).orElse("") + "): " + detail(s),
                    "check the engine's configuration (model, size, quality, output format); the request will not be retried unchanged", s);
        }
        if (e instanceof UnauthorizedException || e instanceof PermissionDeniedException) {
            OpenAIServiceException s = (OpenAIServiceException) e;
            return new EngineUnavailableException("OpenAI refused the API key (HTTP " + s.statusCode() + ") for " + what + ": " + detail(s),
                    "check the key in OPENAI_API_KEY or the configured secret, and that its project may use the image models");
        }
        if (e instanceof NotFoundException n) {
            return new EngineUnavailableException("OpenAI does not know the requested model or endpoint (HTTP 404) for " + what + ": " + detail(n),
                    "check REFINERY_OPENAI_MODEL and OPENAI_BASE_URL");
        }
        if (e instanceof InternalServerException s) {
            return new ModelServerException("OpenAI failed on " + what + " (HTTP " + s.statusCode() + "): " + detail(s), s.statusCode(), s);
        }
        if (e instanceof OpenAIServiceException s) {
            int status = s.statusCode();
            if (status == 408) {
                return new ModelTimeoutException("OpenAI timed out on " + what + " (HTTP 408): " + detail(s), s);
            }
            if (status >= 500 || status == 409) {
                return new ModelServerException("OpenAI failed on " + what + " (HTTP " + status + "): " + detail(s), status, s);
            }
            return new InvalidModelRequestException("OpenAI answered " + what + " with HTTP " + status + ": " + detail(s),
                    "check the engine's configuration; the request will not be retried unchanged", s);
        }
        if (e instanceof OpenAIIoException io) {
            if (isTimeout(io)) {
                return new ModelTimeoutException("OpenAI did not answer " + what + " in time: " + rootMessage(io), io);
            }
            return new ModelServerException("The connection to OpenAI failed during " + what + ": " + rootMessage(io), 0, io);
        }
        if (e instanceof OpenAIInvalidDataException d) {
            return new ModelServerException("OpenAI's answer to " + what + " could not be read: " + d.getMessage(), 0, d);
        }
        return new ModelServerException("OpenAI call for " + what + " failed: " + e.getMessage(), 0, e);
    }

    /** Retry-After-Ms, else Retry-After as seconds or an HTTP date; -1 when absent or unreadable. */
    static long retryAfterSeconds(Headers headers, Clock clock) {
        List<String> ms = headers.values("Retry-After-Ms");
        if (!ms.isEmpty()) {
            try {
                return (long) Math.ceil(Double.parseDouble(ms.get(0).trim()) / 1000.0);
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        List<String> ra = headers.values("Retry-After");
        if (ra.isEmpty()) {
            return -1;
        }
        String v = ra.get(0).trim();
        try {
            return (long) Math.ceil(Double.parseDouble(v));
        } catch (NumberFormatException notSeconds) {
            try {
                OffsetDateTime at = OffsetDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                return Math.max(0, Duration.between(OffsetDateTime.now(clock), at).toSeconds());
            } catch (DateTimeParseException notADate) {
                return -1;
            }
        }
    }

    /**
     * The flagged categories: an array in the error body when the API sends one, else the
     * {@code safety_violations=[a, b]} list its message carries.
     */
    static List<String> categories(OpenAIServiceException e) {
        List<String> out = new ArrayList<>();
        JsonNode body = bodyOf(e);
        for (String field : new String[] {"safety_violations", "moderation_categories", "categories"}) {
            for (JsonNode item : body.path(field)) {
                if (item.isTextual()) {
                    out.add(item.asText().toLowerCase(Locale.ROOT));
                }
            }
        }
        if (out.isEmpty()) {
            String msg = String.valueOf(e.getMessage());
            int start = msg.indexOf("safety_violations=[");
            if (start >= 0) {
                int open = start + "safety_violations=[".length();
                int close = msg.indexOf(']', open);
                if (close > open) {
                    for (String c : msg.substring(open, close).split(",")) {
                        String t = c.trim().replace("'", "").replace("\"", "");
                        if (!t.isEmpty()) {
                            out.add(t.toLowerCase(Locale.ROOT));
                        }
                    }
                }
            }
        }
        return out.stream().distinct().toList();
    }

    private static JsonNode bodyOf(OpenAIServiceException e) {
        try {
            JsonNode n = e.body().convert(JsonNode.class);
            return n == null ? MissingNode.getInstance() : n;
        } catch (RuntimeException notJson) {
            return MissingNode.getInstance();
        }
    }

    private static String detail(OpenAIServiceException e) {
        String m = e.getMessage();
        return m == null ? "(no message)" : PromptBuilder.clean(m, 500);
    }

    private static boolean isTimeout(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SocketTimeoutException || c instanceof InterruptedIOException && String.valueOf(c.getMessage()).contains("timeout")) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
    }
}
