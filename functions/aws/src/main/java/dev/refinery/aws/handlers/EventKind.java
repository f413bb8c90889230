package dev.refinery.aws.handlers;

import com.fasterxml.jackson.databind.JsonNode;

/** Which of the event shapes the functions receive a JSON document is, by its distinguishing fields. */
public enum EventKind {
    S3_NOTIFICATION, S3_EVENTBRIDGE, SCHEDULED_RULE, SCHEDULER, API_REST, API_HTTP_V2, UNKNOWN;

    public static EventKind of(JsonNode e) {
        if (e == null || !e.isObject()) {
            return UNKNOWN;
        }
        if (e.has("Records") && e.get("Records").isArray()) {
            return S3_NOTIFICATION;
        }
        String source = e.path("source").asText("");
        String detailType = e.path("detail-type").asText("");
        if ("aws.s3".equals(source) && "Object Created".equals(detailType)) {
            return S3_EVENTBRIDGE;
        }
        if ("Scheduled Event".equals(detailType) && "aws.events".equals(source)) {
            return SCHEDULED_RULE;
        }
        if ("Scheduled Event".equals(detailType) && "aws.scheduler".equals(source)) {
            return SCHEDULER;
        }
        if ("2.0".equals(e.path("version").asText()) && e.has("routeKey")) {
            return API_HTTP_V2;
        }
        if (e.has("httpMethod") && e.has("requestContext")) {
            return API_REST;
        }
        return UNKNOWN;
    }
}
