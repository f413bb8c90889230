package dev.refinery.infra.constructs;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/** Dead-letter queues share one shape: encrypted, TLS only, kept for the longest SQS allows. */
final class Queues {
  private Queues() {}

  static Queue deadLetterQueue(Construct scope, String id) {
    return Queue.Builder.create(scope, id)
        .encryption(QueueEncryption.SQS_MANAGED)
        .enforceSsl(true)
        .retentionPeriod(Duration.days(14))
        .removalPolicy(RemovalPolicy.RETAIN)
        .build();
  }
}
