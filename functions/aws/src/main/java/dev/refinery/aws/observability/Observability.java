package dev.refinery.aws.observability;

import com.amazonaws.services.lambda.runtime.Context;
import dev.refinery.application.ports.Telemetry;
import java.util.function.Supplier;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.MetricsBuilder;

/**
 * Powertools for AWS Lambda (Java), used without AspectJ weaving (the shaded jars are not woven): its logging
 * puts the Lambda context (function, request id, cold start, X-Ray trace id) into every JSON log line through
 * log4j2.xml's LambdaJsonLayout, and its metrics write EMF.
 */
public final class Observability {
    private Observability() {
    }

    /**
     * EMF telemetry in Lambda (or wherever {@code AWS_EMF_ENVIRONMENT} says where EMF goes); nothing elsewhere:
     * outside Lambda the EMF library would look for a CloudWatch agent on 127.0.0.1:25888.
     */
    public static Telemetry fromEnvironment(java.util.Map<String, String> env) {
        String function = env.get("AWS_LAMBDA_FUNCTION_NAME");
        if (function != null && !function.isBlank()) {
            return telemetry(function);
        }
        return env.containsKey("AWS_EMF_ENVIRONMENT") ? telemetry("refinery") : Telemetry.NONE;
    }

    /** The EMF telemetry of a function, its name the {@code Service} dimension. */
    public static Telemetry telemetry(String service) {
        return new EmfTelemetry(MetricsBuilder.builder().withNamespace(EmfTelemetry.NAMESPACE).withService(service).build());
    }

    /**
     * Runs a handler's body with the Lambda context in the logging context (and cleared after). Without a context
     * (tests, the local stack calling handlers in-process) the body runs as it is.
     */
    public static <T> T logged(Context context, Supplier<T> body) {
        return context == null ? body.get() : PowertoolsLogging.withLogging(context, body);
    }
}
