package dev.refinery.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Which service answers may pass on a later attempt. The SDK retries throttling (S3's 503
 * SlowDown, DynamoDB's ThrottlingException...) and 5xx itself; when its attempts run out, the
 * adapters report them as the pipeline's retryable error so that the state machine's Retry gets
 * its turn, instead of failing the session on a busy minute.
 */
public final class SdkErrors {
    private SdkErrors() {
    }

    public static boolean transientService(AwsServiceException e) {
        return e.isThrottlingException() || e.statusCode() >= 500;
    }
}
