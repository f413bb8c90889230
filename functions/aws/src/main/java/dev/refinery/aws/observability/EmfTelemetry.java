package dev.refinery.aws.observability;

import dev.refinery.application.ports.Telemetry;
import java.util.List;
import java.util.Locale;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * {@link Telemetry} as CloudWatch metrics in embedded metric format, through Powertools for AWS Lambda (Java)
 * Metrics: one EMF line on stdout per event, which CloudWatch Logs turns into metrics with no API call and no
 * extra permission. Each event is flushed on its own ({@link Metrics#flushMetrics}) because its dimension set is
 * its own; the function's name is the {@code Service} dimension of every line.
 *
 * <p>Metrics (namespace {@value #NAMESPACE}):
 * <ul>
 *   <li>{@value #STAGE_DURATION} (ms) by Stage, Engine, Outcome (APPROVED, REJECTED, ERROR);</li>
 *   <li>{@value #STAGE_ERRORS} (count) by Stage, Error (the exception's class: what the state machine retries);</li>
 *   <li>{@value #MODEL_COST} (USD, unit None) by Tenant and by Engine: model spend per tenant;</li>
 *   <li>{@value #SESSIONS_ENDED} (count) by Status: COMPLETED, NEEDS_REVIEW, FAILED;</li>
 *   <li>{@value #NEEDS_REVIEW_CHECKS} (count) by Check: why sessions ended NEEDS_REVIEW.</li>
 * </ul>
 * Tenant is a dimension of the cost metric only: a dimension per tenant on every metric would multiply the
 * custom-metric bill by the number of sellers.
 */
public final class EmfTelemetry implements Telemetry {
    public static final String NAMESPACE = "Refinery";
    public static final String STAGE_DURATION = "StageDuration";
    public static final String STAGE_ERRORS = "StageErrors";
    public static final String MODEL_COST = "ModelCostUsd";
    public static final String SESSIONS_ENDED = "SessionsEnded";
    public static final String NEEDS_REVIEW_CHECKS = "NeedsReviewChecks";

    private final Metrics metrics;

    public EmfTelemetry(Metrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void stageEnded(String tenant, String stage, String engine, StageOutcome outcome, long millis, double costUsd, String error) {
        metrics.flushMetrics(m -> {
            m.addDimension(DimensionSet.of("Stage", stage, "Engine", engine, "Outcome", outcome.name()));
            m.addMetric(STAGE_DURATION, millis, MetricUnit.MILLISECONDS);
        });
        if (outcome == StageOutcome.ERROR) {
            metrics.flushMetrics(m -> {
                m.addDimension(DimensionSet.of("Stage", stage, "Error", error == null ? "unknown" : error));
                m.addMetric(STAGE_ERRORS, 1, MetricUnit.COUNT);
            });
        }
        if (costUsd > 0) {
            metrics.flushMetrics(m -> {
                m.addDimension(DimensionSet.of("Tenant", tenant));
                m.addDimension(DimensionSet.of("Engine", engine));
                m.addMetric(MODEL_COST, costUsd, MetricUnit.NONE);
            });
        }
    }

    @Override
    public void sessionEnded(String tenant, String status, List<String> failedChecks) {
        metrics.flushMetrics(m -> {
            m.addDimension(DimensionSet.of("Status", status.toUpperCase(Locale.ROOT)));
            m.addMetric(SESSIONS_ENDED, 1, MetricUnit.COUNT);
        });
        for (String check : failedChecks) {
            metrics.flushMetrics(m -> {
                m.addDimension(DimensionSet.of("Check", check));
                m.addMetric(NEEDS_REVIEW_CHECKS, 1, MetricUnit.COUNT);
            });
        }
    }
}
