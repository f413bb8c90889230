package dev.refinery.infra.constructs;

import dev.refinery.infra.RefineryConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.constructs.Construct;

/**
 * Alarms to one SNS topic: failed executions, the NEEDS_REVIEW and FAILED shares of ended sessions,
 * dead-letter queue depth, and every function's errors and throttles; and a dashboard of the handlers' own
 * metrics (EMF, Powertools) beside them. docs/deploy.md says what each one means and what to do.
 */
public final class Observability extends Construct {

  /** The handlers' EMF metrics (functions/aws EmfTelemetry: the names must match). */
  public static final String NAMESPACE = "Refinery";
  public static final String STAGE_DURATION = "StageDuration";
  public static final String STAGE_ERRORS = "StageErrors";
  public static final String MODEL_COST = "ModelCostUsd";
  public static final String SESSIONS_ENDED = "SessionsEnded";
  public static final String NEEDS_REVIEW_CHECKS = "NeedsReviewChecks";

  private final Key topicKey;
  private final Topic alarmTopic;
  private final List<Alarm> alarms = new ArrayList<>();

  public Observability(Construct scope, String id, RefineryConfig config) {
    super(scope, id);

    // A customer-managed key because CloudWatch cannot publish to a topic encrypted with the AWS-managed
    // SNS key (its policy cannot grant cloudwatch.amazonaws.com). Key policies name the key they are
    // attached to as Resource "*": that is the only form KMS accepts.
    topicKey = Key.Builder.create(this, "AlarmTopicKey")
        .description("Encrypts Refinery's alarm topic")
        .enableKeyRotation(true)
        .removalPolicy(RemovalPolicy.DESTROY)
        .pendingWindow(Duration.days(7))
        .policy(PolicyDocument.Builder.create().statements(List.of(
            PolicyStatement.Builder.create()
                .sid("KeyAdministrationByAccount")
                .principals(List.of(new AccountRootPrincipal()))
                // Administration only (CDK's default would be kms:*): nobody in the account can use the
                // key to decrypt through IAM alone.
                .actions(List.of("kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*",
                    "kms:Update*", "kms:Revoke*", "kms:Disable*", "kms:Get*", "kms:Delete*",
                    "kms:TagResource", "kms:UntagResource", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion"))
                .resources(List.of("*"))
                .build(),
            PolicyStatement.Builder.create()
                .sid("CloudWatchAlarmsPublishEncrypted")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
                .resources(List.of("*"))
                // only this account's alarms (the confused-deputy guard the topic policy has too)
                .conditions(Map.of(
                    "StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID),
                    "ArnLike", Map.of("aws:SourceArn", "arn:" + Aws.PARTITION + ":cloudwatch:" + Aws.REGION + ":"
                        + Aws.ACCOUNT_ID + ":alarm:*")))
                .build()))
            .build())
        .build();

    alarmTopic = Topic.Builder.create(this, "AlarmTopic")
        .displayName("Refinery alarms")
        .masterKey(topicKey)
        .enforceSsl(true)
        .build();
    // The topic policy CDK writes for enforceSsl replaces SNS's default one, so admit CloudWatch alarms
    // of this account explicitly.
    alarmTopic.addToResourcePolicy(PolicyStatement.Builder.create()
        .sid("CloudWatchAlarmsPublish")
        .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
        .actions(List.of("sns:Publish"))
        .resources(List.of(alarmTopic.getTopicArn()))
        .conditions(Map.of(
            "StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID),
            "ArnLike", Map.of("aws:SourceArn", "arn:" + Aws.PARTITION + ":cloudwatch:" + Aws.REGION + ":"
                + Aws.ACCOUNT_ID + ":alarm:*")))
        .build());
    if (config.hasAlarmEmail()) {
      alarmTopic.addSubscription(new EmailSubscription(config.alarmEmail()));
    }
  }

  /** Failed or timed-out executions: a session ended without publishing anything. */
  public void watchWorkflow(IStateMachine stateMachine) {
    MetricOptions fiveMinutes = MetricOptions.builder().period(Duration.minutes(5)).statistic("Sum").build();
    MathExpression failures = MathExpression.Builder.create()
        .label("Failed or timed-out executions")
        .expression("failed + timedOut")
        .usingMetrics(Map.of(
            "failed", stateMachine.metricFailed(fiveMinutes),
            "timedOut", stateMachine.metricTimedOut(fiveMinutes)))
        .period(Duration.minutes(5))
        .build();
    add("WorkflowExecutionsFailed", failures, 1, 1,
        "A Refinery execution failed or timed out: the session got no result (see the state machine's log group)");
  }

  /**
   * The share of sessions that ended NEEDS_REVIEW, and the share that ended FAILED, from the {@value #SESSIONS_ENDED}
   * metric the publisher and the failure recorder emit (EMF, dimension Status). Below the minimum sample a rate
   * says nothing: it reads 0 rather than alarm on 1 of 1.
   */
  public void watchSessionOutcomes(RefineryConfig config) {
    MetricOptions hourly = MetricOptions.builder().period(Duration.hours(1)).statistic("Sum").build();
    Map<String, IMetric> ended = Map.of(
        "completed", sessionsEnded("COMPLETED", hourly),
        "review", sessionsEnded("NEEDS_REVIEW", hourly),
        "failed", sessionsEnded("FAILED", hourly));
    String total = "(completed + review + failed)";
    String enough = "IF(" + total + " >= " + config.needsReviewMinSessions() + ", 100 * ";
    add("NeedsReviewRate", MathExpression.Builder.create()
            .label("NEEDS_REVIEW share of ended sessions (%)")
            .expression(enough + "review / " + total + ", 0)")
            .usingMetrics(ended).period(Duration.hours(1)).build(),
        config.needsReviewRatePercent(), 1,
        "At least " + config.needsReviewRatePercent() + "% of sessions in the last hour ended NEEDS_REVIEW (at least "
            + config.needsReviewMinSessions() + " ended): the quality loop is not converging; the dashboard's "
            + "NEEDS_REVIEW reasons say which check");
    add("FailedRate", MathExpression.Builder.create()
            .label("FAILED share of ended sessions (%)")
            .expression(enough + "failed / " + total + ", 0)")
            .usingMetrics(ended).period(Duration.hours(1)).build(),
        config.failedRatePercent(), 1,
        "At least " + config.failedRatePercent() + "% of sessions in the last hour ended FAILED (at least "
            + config.needsReviewMinSessions() + " ended): see the dashboard's stage errors and the failure reasons");
  }

  private static Metric sessionsEnded(String status, MetricOptions options) {
    return Metric.Builder.create().namespace(NAMESPACE).metricName(SESSIONS_ENDED)
        .dimensionsMap(Map.of("Status", status)).period(options.getPeriod()).statistic(options.getStatistic()).build();
  }

  /**
   * One page for an operator: what the handlers emit (stage durations and errors, sessions by status, why
   * sessions need review, model spend per tenant) next to every alarm's state.
   */
  public Dashboard dashboard(String name) {
    Duration fiveMinutes = Duration.minutes(5);
    Dashboard d = Dashboard.Builder.create(this, "Dashboard").dashboardName(name)
        .defaultInterval(Duration.hours(24)).build();
    d.addWidgets(
        GraphWidget.Builder.create().title("Stage duration p90 by stage, engine and outcome (ms)").width(12)
            .left(List.of(search("{" + NAMESPACE + ",Stage,Engine,Outcome} MetricName=\"" + STAGE_DURATION + "\"", "p90", fiveMinutes)))
            .build(),
        GraphWidget.Builder.create().title("Stage errors by class (what the state machine retries)").width(12)
            .left(List.of(search("{" + NAMESPACE + ",Stage,Error} MetricName=\"" + STAGE_ERRORS + "\"", "Sum", fiveMinutes)))
            .build());
    MetricOptions hourly = MetricOptions.builder().period(Duration.hours(1)).statistic("Sum").build();
    d.addWidgets(
        GraphWidget.Builder.create().title("Sessions ended, by status").width(8).stacked(true)
            .left(List.of(sessionsEnded("COMPLETED", hourly), sessionsEnded("NEEDS_REVIEW", hourly), sessionsEnded("FAILED", hourly)))
            .build(),
        GraphWidget.Builder.create().title("NEEDS_REVIEW reasons (failed checks)").width(8)
            .left(List.of(search("{" + NAMESPACE + ",Check} MetricName=\"" + NEEDS_REVIEW_CHECKS + "\"", "Sum", Duration.hours(1))))
            .build(),
        GraphWidget.Builder.create().title("Model spend per tenant (USD)").width(8)
            .left(List.of(search("{" + NAMESPACE + ",Tenant} MetricName=\"" + MODEL_COST + "\"", "Sum", Duration.hours(1))))
            .build());
    d.addWidgets(AlarmStatusWidget.Builder.create().title("Alarms").width(24)
        .alarms(new ArrayList<>(alarms)).build());
    return d;
  }

  private static MathExpression search(String query, String statistic, Duration period) {
    return MathExpression.Builder.create()
        .expression("SEARCH('" + query + "', '" + statistic + "', " + period.toSeconds() + ")")
        .usingMetrics(Map.of()).period(period).build();
  }

  /** Anything in a dead-letter queue is an event nothing processed. */
  public void watchDeadLetterQueue(String name, IQueue queue, String what) {
    add(name + "DeadLetters",
        queue.metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
            .period(Duration.minutes(5)).statistic("Maximum").build()),
        1, 1, what + " dead-letter queue holds messages: events were dropped after retries");
  }

  /** Errors on any function; throttles sustained for 15 minutes on model stages (bursts are retried). */
  public void watchFunction(Functions.Deployed d) {
    MetricOptions fiveMinutes = MetricOptions.builder().period(Duration.minutes(5)).statistic("Sum").build();
    String id = d.spec().id();
    add(id + "Errors", d.function().metricErrors(fiveMinutes), 1, 1,
        "Refinery " + id + " function raised errors (" + d.spec().handlerClass() + ")");
    if (d.spec().callsModel()) {
      add(id + "Throttles", d.function().metricThrottles(fiveMinutes), 10, 3,
          "Refinery " + id + " is throttled for 15 minutes: reserved concurrency is too low for the load");
    } else {
      add(id + "Throttles", d.function().metricThrottles(fiveMinutes), 1, 1,
          "Refinery " + id + " function is throttled (account concurrency exhausted?)");
    }
  }

  private void add(String id, IMetric metric, double threshold, int periods, String description) {
    Alarm alarm = Alarm.Builder.create(this, id)
        .metric(metric)
        .threshold(threshold)
        .evaluationPeriods(periods)
        .datapointsToAlarm(periods)
        .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
        .treatMissingData(TreatMissingData.NOT_BREACHING)
        .alarmDescription(description)
        .build();
    alarm.addAlarmAction(new SnsAction(alarmTopic));
    alarms.add(alarm);
  }

  public Topic alarmTopic() { return alarmTopic; }

  public Key topicKey() { return topicKey; }

  public List<Alarm> alarms() { return List.copyOf(alarms); }

}
