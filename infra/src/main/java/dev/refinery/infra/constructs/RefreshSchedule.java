package dev.refinery.infra.constructs;

import dev.refinery.infra.RefineryConfig;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.TimeZone;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.scheduler.ContextAttribute;
import software.amazon.awscdk.services.scheduler.Schedule;
import software.amazon.awscdk.services.scheduler.ScheduleExpression;
import software.amazon.awscdk.services.scheduler.ScheduleTargetInput;
import software.amazon.awscdk.services.scheduler.targets.LambdaInvoke;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * EventBridge Scheduler schedule that runs the catalog refresh (re-runs the pipeline for catalog items
 * whose preset changed or whose images are stale). The scheduler retries a failed delivery and parks
 * what it could not deliver in a dead-letter queue.
 */
public final class RefreshSchedule extends Construct {

  private final Schedule schedule;
  private final Queue deadLetterQueue;

  public RefreshSchedule(Construct scope, String id, RefineryConfig config, IFunction refreshAlias) {
    super(scope, id);
    deadLetterQueue = Queues.deadLetterQueue(this, "DeadLetterQueue");
    schedule = Schedule.Builder.create(this, "Schedule")
        .description("Refinery catalog refresh")
        .schedule(ScheduleExpression.expression(config.refreshScheduleExpression(),
            TimeZone.of(config.refreshScheduleTimeZone())))
        .target(LambdaInvoke.Builder.create(refreshAlias)
            // Shaped like an EventBridge "Scheduled Event" so the handler parses one format for both the
            // scheduled rule and the scheduler; the <aws.scheduler.*> attributes are filled in per run.
            .input(ScheduleTargetInput.fromObject(Map.of(
                "version", "0",
                "id", ContextAttribute.getExecutionId(),
                "source", "aws.scheduler",
                "detail-type", "Scheduled Event",
                "time", ContextAttribute.getScheduledTime(),
                "resources", List.of(ContextAttribute.getScheduleArn()),
                "detail", Map.of("task", "catalog-refresh"))))
            .retryAttempts(3)
            .maxEventAge(Duration.hours(2))
            .deadLetterQueue(deadLetterQueue)
            .build())
        .build();
  }

  public Schedule schedule() { return schedule; }

  public Queue deadLetterQueue() { return deadLetterQueue; }
}
