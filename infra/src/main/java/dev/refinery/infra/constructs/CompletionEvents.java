package dev.refinery.infra.constructs;

import dev.refinery.infra.RefineryConfig;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.interfaces.events.IRuleRef;
import software.amazon.awscdk.services.events.CfnRule;
import software.amazon.awscdk.services.events.IRuleTarget;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetConfig;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.CfnLogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * The EventBridge bus that carries one completion event per session ("Refinement Completed",
 * "Refinement Failed", "Refinement Needs Review", put by the publisher and the failure recorder) and one per export
 * that wrote files ("Refinement Exported", put by the API), and an
 * example rule that archives every event on it to a CloudWatch log group. That archive also feeds the
 * NEEDS_REVIEW-rate metric (see {@link Observability}). Sellers add their own rules (email, queue,
 * webhook) next to it.
 */
public final class CompletionEvents extends Construct {

  public static final String DETAIL_TYPE_COMPLETED = "Refinement Completed";
  public static final String DETAIL_TYPE_FAILED = "Refinement Failed";
  public static final String DETAIL_TYPE_NEEDS_REVIEW = "Refinement Needs Review";
  public static final String DETAIL_TYPE_EXPORTED = "Refinement Exported";
  /** A final put into the seller's connected store (the API on request, the publisher when the store was connected with autoPush). */
  public static final String DETAIL_TYPE_SENT_TO_STORE = "Refinement Sent To Store";

  private final EventBus bus;
  private final LogGroup archive;
  private final Rule archiveRule;
  private final Queue archiveDeadLetterQueue;

  public CompletionEvents(Construct scope, String id, RefineryConfig config) {
    super(scope, id);
    bus = EventBus.Builder.create(this, "Bus")
        .description("Refinery completion events: one per finished session")
        .build();

    // EventBridge delivers to log groups whose name starts with /aws/events/.
    archive = LogGroup.Builder.create(this, "Archive")
        .logGroupName("/aws/events/" + Aws.STACK_NAME + "/completions")
        .removalPolicy(RemovalPolicy.RETAIN)
        .build();
    ((CfnLogGroup) archive.getNode().getDefaultChild()).setRetentionInDays(config.logRetentionDays());
    // A native AWS::Logs::ResourcePolicy instead of CDK's CloudWatchLogGroup target, which installs a
    // custom-resource Lambda allowed to rewrite any log group's resource policy.
    archive.addToResourcePolicy(PolicyStatement.Builder.create()
        .sid("EventBridgeWritesCompletionArchive")
        .principals(List.of(new ServicePrincipal("events.amazonaws.com"),
            new ServicePrincipal("delivery.logs.amazonaws.com")))
        .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
        .resources(List.of(archive.getLogGroupArn()))
        .build());

    archiveDeadLetterQueue = Queues.deadLetterQueue(this, "ArchiveDeadLetterQueue");

    archiveRule = Rule.Builder.create(this, "ArchiveAllCompletions")
        .description("Example rule: archive every completion event on the bus to CloudWatch Logs")
        .eventBus(bus)
        // Every event put on this bus by this account; the bus carries nothing but completion events.
        .eventPattern(EventPattern.builder().account(List.of(Aws.ACCOUNT_ID)).build())
        .build();
    archiveRule.addTarget(new LogGroupArchiveTarget(archive, archiveDeadLetterQueue));
    archiveDeadLetterQueue.addToResourcePolicy(PolicyStatement.Builder.create()
        .sid("EventBridgeDeadLetters")
        .principals(List.of(new ServicePrincipal("events.amazonaws.com")))
        .actions(List.of("sqs:SendMessage"))
        .resources(List.of(archiveDeadLetterQueue.getQueueArn()))
        .conditions(Map.of("ArnEquals", Map.of("aws:SourceArn", archiveRule.getRuleArn())))
        .build());
  }

  /** Delivers matched events to a log group whose resource policy already admits EventBridge. */
  private static final class LogGroupArchiveTarget implements IRuleTarget {
    private final LogGroup logGroup;
    private final Queue deadLetterQueue;

    LogGroupArchiveTarget(LogGroup logGroup, Queue deadLetterQueue) {
      this.logGroup = logGroup;
      this.deadLetterQueue = deadLetterQueue;
    }

    @Override
    public RuleTargetConfig bind(IRuleRef rule, String id) {
      return bind(rule);
    }

    @Override
    public RuleTargetConfig bind(IRuleRef rule) {
      return RuleTargetConfig.builder()
          .arn(logGroup.getLogGroupArn())
          .retryPolicy(CfnRule.RetryPolicyProperty.builder()
              .maximumRetryAttempts(20)
              .maximumEventAgeInSeconds(86_400)
              .build())
          .deadLetterConfig(CfnRule.DeadLetterConfigProperty.builder().arn(deadLetterQueue.getQueueArn()).build())
          .build();
    }
  }

  /**
   * For a test stack only (refinery:testHooks): a queue that receives every completion event on the bus, so
   * the end-to-end tests can wait for a session's end as a subscriber would. Encrypted, TLS only, a day's
   * retention, deleted with the stack.
   */
  public Queue addEndToEndTestQueue() {
    Queue queue = Queue.Builder.create(this, "EndToEndTestQueue")
        .encryption(software.amazon.awscdk.services.sqs.QueueEncryption.SQS_MANAGED)
        .enforceSsl(true)
        .retentionPeriod(software.amazon.awscdk.Duration.days(1))
        .removalPolicy(RemovalPolicy.DESTROY)
        .build();
    Rule.Builder.create(this, "EndToEndTestSubscription")
        .description("Test stack only: every completion event to the end-to-end tests' queue")
        .eventBus(bus)
        .eventPattern(EventPattern.builder().account(List.of(Aws.ACCOUNT_ID)).build())
        .targets(List.of(new software.amazon.awscdk.services.events.targets.SqsQueue(queue)))
        .build();
    return queue;
  }

  public EventBus bus() { return bus; }

  public LogGroup archive() { return archive; }

  public Rule archiveRule() { return archiveRule; }

  public Queue archiveDeadLetterQueue() { return archiveDeadLetterQueue; }
}
