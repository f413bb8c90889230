package dev.refinery.infra;

import dev.refinery.infra.constructs.Functions;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.ArrayList;
import java.util.List;
import software.constructs.IConstruct;

/**
 * Every cdk-nag AwsSolutions suppression in the stack, each scoped to the construct it concerns and, for
 * IAM5, to the exact wildcard findings, with the reason it is accepted. A new wildcard anywhere else
 * still fails the nag check.
 */
final class Compliance {

  private Compliance() {}

  static void apply(RefineryStack stack) {
    suppressFunctionFindings(stack);
    suppressWorkflowFindings(stack);
    suppressServiceOwnedFindings(stack);
  }

  private static void suppressFunctionFindings(RefineryStack stack) {
    for (Functions.Deployed d : stack.functions().all().values()) {
      List<Object> wildcards = new ArrayList<>(List.of(
          // Tracing.ACTIVE: X-Ray's PutTraceSegments/PutTelemetryRecords have no resource-level permissions.
          "Resource::*",
          // Grants on the bySku index of the session table ("<table>/index/*").
          RegexAppliesTo.builder().regex("/^Resource::<DataTable[0-9A-F]+\\.Arn>\\/index\\/\\*$/").build()));
      List<Object> s3 = List.of(
          // Object keys carry tenant, SKU and session ids unknown at deploy time: grants are per prefix.
          RegexAppliesTo.builder()
              .regex("/^Resource::<StorageImages[0-9A-F]+\\.Arn>\\/(uploads|sessions|exports|previews|bundles)\\/\\*$/").build(),
          // CDK grant helpers' action families (read: GetObject*/GetBucket*/List*, put: Abort* for
          // multipart uploads), scoped to the prefixes above and the bucket itself.
          "Action::s3:GetObject*", "Action::s3:GetBucket*", "Action::s3:List*", "Action::s3:Abort*");
      NagSuppressions.addResourceSuppressions(d.role(), List.of(
          NagPackSuppression.builder()
              .id("AwsSolutions-IAM5")
              .reason("X-Ray write actions require Resource \"*\"; DynamoDB grants include the table's bySku index "
                  + "(<table>/index/*), which the runtime queries.")
              .appliesTo(wildcards)
              .build(),
          NagPackSuppression.builder()
              .id("AwsSolutions-IAM5")
              .reason("S3 access is limited to the key prefixes this function works on (uploads/, sessions/, previews/, bundles/, "
                  + "exports/); the object keys below them are created at run time. Actions are CDK grant "
                  + "helpers' read/put families on those prefixes only.")
              .appliesTo(s3)
              .build(),
          NagPackSuppression.builder()
              .id("AwsSolutions-IAM5")
              .reason("The tenants' store logins are one secret per tenant and store, named {prefix}{tenant}/{store} when a "
                  + "seller connects a store, so the names are made at run time; the grant is the stack's store-login prefix "
                  + "only (the API keeps them, the publisher reads them for an automatic push), never the OpenAI key's secret.")
              .appliesTo(List.of(RegexAppliesTo.builder()
                  .regex("/^Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:refinery\\/[^*]+\\/stores\\/\\*$/")
                  .build()))
              .build()), true);
      NagSuppressions.addResourceSuppressions(d.function(), List.of(
          NagPackSuppression.builder()
              .id("AwsSolutions-L1")
              .reason("The cross-team contract pins the java21 runtime: the handlers are built and their "
                  + "SnapStart hooks tested for Java 21; moving to java25 is a deliberate, tested upgrade.")
              .build()), true);
    }
  }

  private static void suppressWorkflowFindings(RefineryStack stack) {
    NagSuppressions.addResourceSuppressions(stack.workflow().role(), List.of(
        NagPackSuppression.builder()
            .id("AwsSolutions-IAM5")
            .reason("Step Functions logging uses the CloudWatch Logs vended-log delivery APIs "
                + "(logs:CreateLogDelivery, ...) and tracing uses X-Ray write APIs; neither supports "
                + "resource-level permissions. Lambda invocation is limited to the stage aliases.")
            .appliesTo(List.of("Resource::*"))
            .build()), true);
  }

  private static void suppressServiceOwnedFindings(RefineryStack stack) {
    for (IConstruct queue : List.<IConstruct>of(stack.refreshSchedule().deadLetterQueue(),
        stack.completionEvents().archiveDeadLetterQueue())) {
      NagSuppressions.addResourceSuppressions(queue, List.of(
          NagPackSuppression.builder()
              .id("AwsSolutions-SQS3")
              .reason("This queue is itself a dead-letter queue (of an EventBridge Scheduler or rule target); "
                  + "cdk-nag only recognises queues named in another queue's RedrivePolicy. Its depth is alarmed.")
              .build()), true);
    }

    NagSuppressions.addResourceSuppressions(stack.modelSecret().secret(), List.of(
        NagPackSuppression.builder()
            .id("AwsSolutions-SMG4")
            .reason("A third-party API key: only OpenAI can issue a new one, so a rotation Lambda has nothing to "
                + "rotate with. The operator rotates it in OpenAI's dashboard and updates the secret "
                + "(docs/deploy.md); functions re-read it through a TTL cache, at once when OpenAI refuses the cached key.")
            .build()), true);

    NagSuppressions.addResourceSuppressions(stack.api().userPool(), List.of(
        NagPackSuppression.builder()
            .id("AwsSolutions-COG3")
            .reason("Threat protection (advanced security) needs Cognito's Plus plan, billed per active user. "
                + "Users are created by administrators only, MFA (TOTP) is required and passwords are strong; "
                + "an operator can switch the pool to Plus without code changes.")
            .build()), true);

    NagSuppressions.addResourceSuppressions(stack.api().restApi(), List.of(
        NagPackSuppression.builder()
            .id("AwsSolutions-IAM4")
            .appliesTo(List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"))
            .reason("API Gateway's account-wide logging role: AWS documents this managed policy for it and it only "
                + "allows writing API Gateway's own log groups.")
            .build(),
        NagPackSuppression.builder()
            .id("AwsSolutions-APIG3")
            .reason("No WAF by default (a web ACL costs per rule and request); every method needs a Cognito token "
                + "and the stage is throttled. Attach a WAFv2 web ACL to the stage when the API faces abuse.")
            .build()), true);

    NagSuppressions.addResourceSuppressions(stack.webApp().distribution(), List.of(
        NagPackSuppression.builder()
            .id("AwsSolutions-CFR1")
            .reason("Sellers sign in from anywhere they sell; there is no country to block.")
            .build(),
        NagPackSuppression.builder()
            .id("AwsSolutions-CFR2")
            .reason("No WAF by default (a web ACL costs per rule and request): the app is static files and every API "
                + "call needs a Cognito token and is throttled at the stage. Attach a WAFv2 web ACL when it faces abuse.")
            .build(),
        NagPackSuppression.builder()
            .id("AwsSolutions-CFR4")
            .reason("The default *.cloudfront.net certificate cannot be pinned to TLS 1.2 (CloudFront allows TLSv1 for it); "
                + "a deployment with its own domain and ACM certificate gets TLSv1.2_2021, set here.")
            .build()), true);
    NagSuppressions.addResourceSuppressions(stack.webApp().cdnLogs(), List.of(
        NagPackSuppression.builder()
            .id("AwsSolutions-S1")
            .reason("This bucket holds CloudFront's access logs; logging a log bucket's own access would recurse.")
            .build()), true);

    // CDK's singleton Lambda that writes the bucket's notification configuration (S3 validates the
    // destination when the configuration is written, so CloudFormation alone cannot wire bucket and
    // function together without a dependency cycle). Its s3:PutBucketNotification is scoped to the bucket.
    for (IConstruct child : stack.getNode().getChildren()) {
      if (child.getNode().getId().startsWith("Custom::CDKBucketDeployment")) {
        NagSuppressions.addResourceSuppressions(child, List.of(
            NagPackSuppression.builder()
                .id("AwsSolutions-IAM4")
                .appliesTo(List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"))
                .reason("CDK's bucket-deployment handler (deploy-time only) logs with the basic execution policy; its code "
                    + "and role are owned by aws-cdk-lib.")
                .build(),
            NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("CDK's bucket-deployment handler copies the web app's build from the CDK asset bucket into the site "
                    + "bucket: read on the asset bucket's objects, write and delete on the site bucket's, with CDK's grant "
                    + "helpers' action families; it has no CloudFront rights (the app is not invalidated, it is revalidated).")
                .appliesTo(List.of(
                    "Action::s3:GetObject*", "Action::s3:GetBucket*", "Action::s3:List*", "Action::s3:DeleteObject*",
                    "Action::s3:Abort*",
                    "Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*",
                    RegexAppliesTo.builder().regex("/^Resource::<WebAppSite[0-9A-F]+\\.Arn>\\/\\*$/").build()))
                .build(),
            NagPackSuppression.builder()
                .id("AwsSolutions-L1")
                .reason("The runtime of CDK's bucket-deployment handler is chosen by aws-cdk-lib, not by this project.")
                .build()), true);
      }
      if (child.getNode().getId().startsWith("BucketNotificationsHandler")) {
        NagSuppressions.addResourceSuppressions(child, List.of(
            NagPackSuppression.builder()
                .id("AwsSolutions-IAM4")
                .appliesTo(List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"))
                .reason("CDK's bucket-notification custom resource handler (deploy-time only) logs with the basic "
                    + "execution policy; its code and role are owned by aws-cdk-lib.")
                .build()), true);
      }
    }
  }
}
