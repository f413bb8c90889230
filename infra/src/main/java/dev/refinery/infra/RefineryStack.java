package dev.refinery.infra;

import dev.refinery.infra.constructs.Api;
import dev.refinery.infra.constructs.CompletionEvents;
import dev.refinery.infra.constructs.Data;
import dev.refinery.infra.constructs.Functions;
import dev.refinery.infra.constructs.ModelSecret;
import dev.refinery.infra.constructs.Observability;
import dev.refinery.infra.constructs.RefreshSchedule;
import dev.refinery.infra.constructs.Storage;
import dev.refinery.infra.constructs.WebApp;
import dev.refinery.infra.constructs.Workflow;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.s3.EventType;
import software.amazon.awscdk.services.s3.NotificationKeyFilter;
import software.amazon.awscdk.services.s3.notifications.LambdaDestination;
import software.constructs.Construct;

/** Everything Refinery runs on, in one stack. */
public final class RefineryStack extends Stack {

  private final Storage storage;
  private final Data data;
  private final ModelSecret modelSecret;
  private final CompletionEvents completionEvents;
  private final Functions functions;
  private final Workflow workflow;
  private final Api api;
  private final RefreshSchedule refreshSchedule;
  private final Observability observability;
  private final WebApp webApp;

  public RefineryStack(Construct scope, String id, StackProps props, RefineryConfig config, AslDefinition definition) {
    super(scope, id, props);
    // Feature flags this stack relies on, set here so the template is the same with or without the CDK
    // CLI's cdk.json: server access logs are admitted by bucket policy (ACLs stay disabled).
    getNode().setContext("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true);
    Tags.of(this).add("project", "refinery");

    storage = new Storage(this, "Storage", config.intermediateExpirationDays(), config.corsOrigins());
    data = new Data(this, "Data");
    modelSecret = new ModelSecret(this, "ModelSecret");
    completionEvents = new CompletionEvents(this, "CompletionEvents", config);
    functions = new Functions(this, "Functions", config, storage.images(), data.table(),
        modelSecret.secret(), completionEvents.bus());
    workflow = new Workflow(this, "Workflow", config, definition, functions);
    functions.connectWorkflow(workflow.stateMachine());

    // New originals start a session; the notification targets the trigger's live alias.
    storage.images().addEventNotification(EventType.OBJECT_CREATED,
        new LambdaDestination(functions.alias(RefineryFunction.UPLOAD_TRIGGER)),
        NotificationKeyFilter.builder().prefix(Storage.UPLOADS_PREFIX).build());
    // A version's image deleted by the intermediates' lifecycle rule: the same function marks the version
    // imageExpired, so the API stops linking a deleted object and says why.
    storage.images().addEventNotification(EventType.LIFECYCLE_EXPIRATION,
        new LambdaDestination(functions.alias(RefineryFunction.UPLOAD_TRIGGER)),
        NotificationKeyFilter.builder().prefix(Storage.SESSIONS_PREFIX).build());

    api = new Api(this, "Api", config, functions.alias(RefineryFunction.API));
    webApp = new WebApp(this, "WebApp", config.webDist(), api, storage.images(), storage.accessLogs());
    refreshSchedule = new RefreshSchedule(this, "CatalogRefresh", config,
        functions.alias(RefineryFunction.CATALOG_REFRESH));

    observability = new Observability(this, "Observability", config);
    observability.watchWorkflow(workflow.stateMachine());
    observability.watchSessionOutcomes(config);
    functions.asyncDeadLetterQueues().forEach((fn, queue) ->
        observability.watchDeadLetterQueue(fn.id(), queue, "The " + fn.id() + " function's async-invocation"));
    observability.watchDeadLetterQueue("RefreshSchedule", refreshSchedule.deadLetterQueue(),
        "The catalog-refresh schedule's");
    observability.watchDeadLetterQueue("CompletionArchive", completionEvents.archiveDeadLetterQueue(),
        "The completion-event archive rule's");
    for (RefineryFunction f : RefineryFunction.values()) {
      observability.watchFunction(functions.get(f));
    }
    // after every alarm exists: the dashboard shows their states
    observability.dashboard(getStackName() + "-operations");

    output("BucketName", storage.images().getBucketName(), "Image bucket (uploads/, sessions/, exports/)");
    output("TableName", data.table().getTableName(), "Session table");
    output("StateMachineArn", workflow.stateMachine().getStateMachineArn(), "Refinery workflow");
    output("ApiUrl", api.restApi().getUrl(), "REST API base URL");
    output("UserPoolId", api.userPool().getUserPoolId(), "Cognito user pool of sellers");
    output("UserPoolClientId", api.webClient().getUserPoolClientId(), "App client for the web front end");
    output("WebAppUrl", "https://" + webApp.distribution().getDistributionDomainName() + "/",
        "The seller's web app (add it to corsOrigins, callbackUrls and logoutUrls: docs/deploy.md)");
    output("SignInDomain", webApp.signIn().baseUrl(), "Cognito hosted sign-in");
    output("EventBusName", completionEvents.bus().getEventBusName(), "Completion events bus");
    output("OpenAiSecretArn", modelSecret.secret().getSecretArn(), "Set the OpenAI key here (docs/deploy.md)");
    output("AlarmTopicArn", observability.alarmTopic().getTopicArn(), "Subscribe operators here");
    if (config.testHooks()) {
      // deployed with -c refinery:testHooks=true only: what the end-to-end tests need and nothing a seller uses
      output("E2eClientId", api.addEndToEndTestClient().getUserPoolClientId(),
          "TEST STACK ONLY: app client allowing admin password sign-in for the end-to-end tests");
      output("E2eQueueUrl", completionEvents.addEndToEndTestQueue().getQueueUrl(),
          "TEST STACK ONLY: queue receiving every completion event, for the end-to-end tests");
    }

    Compliance.apply(this);
  }

  private void output(String id, String value, String description) {
    CfnOutput.Builder.create(this, id).value(value).description(description).build();
  }

  public Storage storage() { return storage; }

  public Data data() { return data; }

  public ModelSecret modelSecret() { return modelSecret; }

  public CompletionEvents completionEvents() { return completionEvents; }

  public Functions functions() { return functions; }

  public Workflow workflow() { return workflow; }

  public Api api() { return api; }

  public RefreshSchedule refreshSchedule() { return refreshSchedule; }

  public Observability observability() { return observability; }

  public WebApp webApp() { return webApp; }
}
