package dev.refinery.reliability.faults;

import java.util.Map;

/**
 * A failure of one HTTP attempt, as an AWS service or the network produces it. The SDK above the
 * HTTP client turns it into exactly the exception it would in production (S3Exception 503
 * SlowDown, DynamoDbException ThrottlingException, SdkClientException for a reset connection),
 * and applies its own retry policy to it.
 *
 * @param status  the HTTP status of the answer (ignored for resets)
 * @param headers response headers (e.g. x-amzn-ErrorType)
 * @param body    the response body
 * @param reset   {@link Reset#NONE}: answer with status/body without reaching the server;
 *                {@link Reset#BEFORE}: the connection drops before the request is sent;
 *                {@link Reset#AFTER}: the server processes the request, then the connection drops
 */
public record HttpFault(String name, int status, Map<String, String> headers, String body, Reset reset) {
    public enum Reset { NONE, BEFORE, AFTER }

    public HttpFault {
        headers = Map.copyOf(headers);
    }

    /** S3's answer when a prefix receives more requests than it scales to. */
    public static HttpFault s3SlowDown() {
        return new HttpFault("s3-503-slowdown", 503, Map.of("Content-Type", "application/xml"),
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code>"
                        + "<Message>Please reduce your request rate.</Message><RequestId>INJECTED</RequestId></Error>", Reset.NONE);
    }

    public static HttpFault s3InternalError() {
        return new HttpFault("s3-500", 500, Map.of("Content-Type", "application/xml"),
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>InternalError</Code>"
                        + "<Message>We encountered an internal error. Please try again.</Message><RequestId>INJECTED</RequestId></Error>", Reset.NONE);
    }

    /** DynamoDB's answer when a table or partition exceeds its throughput. */
    public static HttpFault dynamoDbThrottling() {
        return new HttpFault("dynamodb-throttling", 400, Map.of("Content-Type", "application/x-amz-json-1.0"),
                "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ThrottlingException\",\"message\":\"Rate of requests exceeds the allowed throughput.\"}",
                Reset.NONE);
    }

    public static HttpFault dynamoDbProvisionedThroughputExceeded() {
        return new HttpFault("dynamodb-provisioned-throughput", 400, Map.of("Content-Type", "application/x-amz-json-1.0"),
                "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException\","
                        + "\"message\":\"The level of configured provisioned throughput for the table was exceeded.\"}", Reset.NONE);
    }

    public static HttpFault dynamoDbInternalError() {
        return new HttpFault("dynamodb-500", 500, Map.of("Content-Type", "application/x-amz-json-1.0"),
                "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"Internal server error\"}", Reset.NONE);
    }

    public static HttpFault connectionResetBeforeSend() {
        return new HttpFault("reset-before-send", 0, Map.of(), "", Reset.BEFORE);
    }

    /** The request reached the server and was processed; the answer never arrived. */
    public static HttpFault connectionResetAfterProcessing() {
        return new HttpFault("reset-after-processing", 0, Map.of(), "", Reset.AFTER);
    }
}
