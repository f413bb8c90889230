package dev.refinery.infra.constructs;

import dev.refinery.infra.RefineryConfig;
import dev.refinery.infra.RefineryFunction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.ApplicationLogLevel;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.SystemLogLevel;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.CfnLogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.constructs.Construct;

/**
 * One Lambda per stage plus trigger, API, refresh, failure recorder and publisher. Each has its own role
 * and log group, a SnapStart-enabled published version and a {@code live} alias; everything (S3, the
 * state machine, API Gateway, the scheduler) invokes the alias, never $LATEST.
 *
 * <p>Grants are per function and name the key prefixes each one touches. The prefix patterns
 * ({@code uploads/*}, {@code sessions/*}, {@code exports/*}, {@code previews/*}, {@code bundles/*}) are the only wildcard resources here: object
 * keys contain tenant, SKU and session ids that do not exist at deploy time.
 */
public final class Functions extends Construct {

  public static final String ENV_BUCKET = "REFINERY_BUCKET";
  public static final String ENV_TABLE = "REFINERY_TABLE";
  public static final String ENV_STATE_MACHINE = "REFINERY_STATE_MACHINE_ARN";
  public static final String ENV_EVENT_BUS = "REFINERY_EVENT_BUS";
  public static final String ENV_CORS_ORIGINS = "REFINERY_CORS_ORIGINS";
  public static final String ENV_STORE_SECRET_PREFIX = "REFINERY_STORE_SECRET_PREFIX";
  public static final String ENV_OPENAI_SECRET = "REFINERY_OPENAI_SECRET_ARN";
  /** The AI spending caps as SpendCaps (functions/core) reads them. */
  public static final String ENV_SPEND_CAP = "REFINERY_OPENAI_TENANT_CAP_USD";
  public static final String ENV_SPEND_CAPS = "REFINERY_OPENAI_TENANT_CAPS";
  /** The API: the feedback planner function it asks to plan a round with a model (the live alias ARN). */
  public static final String ENV_PLANNER_FUNCTION = "REFINERY_PLANNER_FUNCTION";
  public static final String ENV_MAX_FIXUPS = "REFINERY_MAX_FIXUPS";
  public static final String ENV_ENGINE = "REFINERY_ENGINE";
  /** Engine ids the stage functions provide (the aws module's config; control functions validate against it). */
  public static final String ENV_ENGINES = "REFINERY_ENGINES";

  /** A deployed function: the function, its live alias, role and log group. */
  public record Deployed(RefineryFunction spec, Function function, Alias alias, Role role, LogGroup logGroup) {}

  private final Map<RefineryFunction, Deployed> deployed = new EnumMap<>(RefineryFunction.class);
  private final Map<RefineryFunction, Queue> asyncDeadLetterQueues = new EnumMap<>(RefineryFunction.class);

  public Functions(Construct scope, String id, RefineryConfig config, Bucket bucket,
      software.amazon.awscdk.services.dynamodb.Table table, ISecret modelSecret, EventBus completionBus) {
    super(scope, id);
    Map<RefineryFunction.Package, Code> code = Map.of(
        RefineryFunction.Package.STAGES, assetCode(config.stagesJar(), "functions/lambda-stages"),
        RefineryFunction.Package.CONTROL, assetCode(config.controlJar(), "functions/lambda-control"));

    for (RefineryFunction spec : RefineryFunction.values()) {
      deployed.put(spec, create(spec, config, code.get(spec.deploymentPackage()), bucket, table));
    }

    // DynamoDB: exactly the item actions the code calls (DynamoDbSessionStore, DynamoDbCatalogStore,
    // DynamoDbUploadLedger, DynamoDbSessionEventLog, DynamoDbSpendTotals, DynamoDbWindowCounters): GetItem,
    // PutItem, UpdateItem (also inside TransactWriteItems, which IAM authorises per item) and Query; Scan only
    // for the catalog refresh. Nothing deletes or batch-writes, so
    // no role may (grantReadWriteData gave all 11 roles DeleteItem, BatchWriteItem and Scan). Table.grant
    // covers the table and its indexes ("<table>/index/*": the bySku query). Tenant isolation stays in code:
    // every key starts with T#{tenant}.
    for (Deployed d : deployed.values()) {
      List<String> actions = new java.util.ArrayList<>(TABLE_ITEM_ACTIONS);
      if (d.spec() == RefineryFunction.CATALOG_REFRESH) {
        actions.add("dynamodb:Scan");
      }
      table.grant(d.role(), actions.toArray(String[]::new));
    }

    // S3: object actions on the prefixes each function uses, no s3:List* (grantRead's s3:List* and
    // s3:GetBucket* on the whole bucket were never called). Versions are read by id (the upload a session
    // was started for), hence GetObjectVersion.
    // Upload trigger: reads the uploaded original's metadata, then starts the workflow (connectWorkflow).
    readObjects(bucket, role(RefineryFunction.UPLOAD_TRIGGER), Storage.UPLOADS_PREFIX);
    // ...and tags an upload it refuses kind=rejected (the only originals the lifecycle rules expire)
    tagObjects(bucket, role(RefineryFunction.UPLOAD_TRIGGER), Storage.UPLOADS_PREFIX);

    // Stages read the original (fidelity checks compare against it) and read/write session versions
    // (PutObject with tags needs s3:PutObjectTagging too).
    for (RefineryFunction stage : List.of(RefineryFunction.BASE, RefineryFunction.LIGHTING,
        RefineryFunction.BACKGROUND, RefineryFunction.DETAIL, RefineryFunction.FINALIZE)) {
      readObjects(bucket, role(stage), Storage.UPLOADS_PREFIX);
      readObjects(bucket, role(stage), Storage.SESSIONS_PREFIX);
      writeObjects(bucket, role(stage), Storage.SESSIONS_PREFIX);
    }
    readObjects(bucket, role(RefineryFunction.QUALITY_CHECK), Storage.UPLOADS_PREFIX);
    readObjects(bucket, role(RefineryFunction.QUALITY_CHECK), Storage.SESSIONS_PREFIX);

    // Publisher: marks the session, re-tags what the seller may come back to kind=kept (so the lifecycle rule
    // for intermediates leaves it) and emits the completion event; when the tenant's brand kit asks for it, it exports
    // a completed session's finals (SessionExports): reads them, writes them under exports/, reads those files' tags.
    tagObjects(bucket, role(RefineryFunction.PUBLISHER), Storage.SESSIONS_PREFIX);
    readObjects(bucket, role(RefineryFunction.PUBLISHER), Storage.SESSIONS_PREFIX);
    writeObjects(bucket, role(RefineryFunction.PUBLISHER), Storage.EXPORTS_PREFIX);
    readObjectTags(bucket, role(RefineryFunction.PUBLISHER), Storage.EXPORTS_PREFIX);
    completionBus.grantPutEventsTo(role(RefineryFunction.PUBLISHER));
    completionBus.grantPutEventsTo(role(RefineryFunction.FAILURE_RECORDER));
    // an export on request announces the files it wrote ("Refinement Exported", docs/export.md)
    completionBus.grantPutEventsTo(role(RefineryFunction.API));
    for (RefineryFunction f : List.of(RefineryFunction.PUBLISHER, RefineryFunction.FAILURE_RECORDER, RefineryFunction.API)) {
      function(f).addEnvironment(ENV_EVENT_BUS, completionBus.getEventBusName());
    }

    // API: signs presigned POST forms for uploads/ (the browser's PUT runs with these permissions) and
    // presigned GETs for versions and renditions.
    Role api = role(RefineryFunction.API);
    // the web app's origins: the API echoes an allowed Origin in Access-Control-Allow-Origin (the preflight
    // answers from API Gateway with the same list)
    function(RefineryFunction.API).addEnvironment(ENV_CORS_ORIGINS, String.join(",", config.corsOrigins()));
    // per-tenant session quotas: the API refuses with 429, the upload trigger fails the upload's session
    for (RefineryFunction f : List.of(RefineryFunction.API, RefineryFunction.UPLOAD_TRIGGER)) {
      function(f).addEnvironment("REFINERY_QUOTA_SESSIONS_PER_MINUTE", Integer.toString(config.sessionsPerMinute()));
      function(f).addEnvironment("REFINERY_QUOTA_SESSIONS_PER_DAY", Integer.toString(config.sessionsPerDay()));
    }
    writeObjects(bucket, api, Storage.UPLOADS_PREFIX);
    readObjects(bucket, api, Storage.UPLOADS_PREFIX);
    readObjects(bucket, api, Storage.SESSIONS_PREFIX);
    readObjects(bucket, api, Storage.EXPORTS_PREFIX);
    // a session's finals under each marketplace's names, written on request (MarketplaceExports); each file's tags
    // (session, version, SHA-256) are read back so exporting again writes nothing already there
    writeObjects(bucket, api, Storage.EXPORTS_PREFIX);
    readObjectTags(bucket, api, Storage.EXPORTS_PREFIX);
    // previews of versions, made on request and kept (VersionPreviews)
    writeObjects(bucket, api, Storage.PREVIEWS_PREFIX);
    readObjects(bucket, api, Storage.PREVIEWS_PREFIX);
    // bundles of a session's finals, built on request (SessionBundles)
    writeObjects(bucket, api, Storage.BUNDLES_PREFIX);
    readObjects(bucket, api, Storage.BUNDLES_PREFIX);
    // approve and revert re-tag the chosen lineage kind=kept
    tagObjects(bucket, api, Storage.SESSIONS_PREFIX);
    // POST /sessions {uploadKey} asks whether the upload exists: without s3:ListBucket S3 answers a missing
    // key with 403, not 404, and the seller would get a 500 instead of "no such upload". Nothing is listed.
    api.addToPolicy(PolicyStatement.Builder.create()
        .actions(List.of("s3:ListBucket"))
        .resources(List.of(bucket.getBucketArn()))
        .build());

    // The tenants' store logins (a Shopify custom app's token per tenant, docs/export.md): the API keeps one secret per
    // tenant and store under this stack's prefix (SecretsManagerStoreLogins) -- creates it (with its tenant tag), reads
    // it to push a final, replaces its value on reconnect, deletes it on disconnect and restores a name deleted a moment
    // before. Only these actions, only on this prefix: the OpenAI key is not under it, and no other function may.
    String storePrefix = "refinery/" + software.amazon.awscdk.Stack.of(this).getStackName() + "/stores/";
    String storeLogins = software.amazon.awscdk.Stack.of(this).formatArn(software.amazon.awscdk.ArnComponents.builder()
        .service("secretsmanager").resource("secret").resourceName(storePrefix + "*")
        .arnFormat(software.amazon.awscdk.ArnFormat.COLON_RESOURCE_NAME).build());
    function(RefineryFunction.API).addEnvironment(ENV_STORE_SECRET_PREFIX, storePrefix);
    api.addToPolicy(PolicyStatement.Builder.create().actions(STORE_LOGIN_ACTIONS).resources(List.of(storeLogins)).build());
    // the publisher puts a completed session's final in each store the tenant connected with autoPush (StoreExports):
    // it reads the logins, nothing more
    function(RefineryFunction.PUBLISHER).addEnvironment(ENV_STORE_SECRET_PREFIX, storePrefix);
    role(RefineryFunction.PUBLISHER).addToPolicy(PolicyStatement.Builder.create()
        .actions(List.of("secretsmanager:GetSecretValue")).resources(List.of(storeLogins)).build());

    // Refresh re-runs sessions from the catalog item's original upload.
    readObjects(bucket, role(RefineryFunction.CATALOG_REFRESH), Storage.UPLOADS_PREFIX);

    for (Deployed d : deployed.values()) {
      if (d.spec().callsModel() || d.spec() == RefineryFunction.PLANNER) {
        modelSecret.grantRead(d.role());
        d.function().addEnvironment(ENV_OPENAI_SECRET, modelSecret.getSecretArn());
      }
      // the AI spending caps: enforced where the model is called (and priced by the planner's estimates), shown by
      // the API; one pair of values for all of them (SpendCaps reads both variables)
      if (d.spec().callsModel() || d.spec() == RefineryFunction.PLANNER || d.spec() == RefineryFunction.API) {
        d.function().addEnvironment(ENV_SPEND_CAP, config.aiSpendCapUsd());
        if (!config.aiSpendCaps().isEmpty()) {
          d.function().addEnvironment(ENV_SPEND_CAPS, config.aiSpendCaps());
        }
      }
    }

    // Feedback rounds of the openai engine are planned by its language model, which only the stage package
    // carries: the API invokes the planner's live alias synchronously and waits for the plan. Nothing else may.
    Alias planner = deployed.get(RefineryFunction.PLANNER).alias();
    planner.grantInvoke(role(RefineryFunction.API));
    function(RefineryFunction.API).addEnvironment(ENV_PLANNER_FUNCTION, planner.getFunctionArn());
  }

  /** What SecretsManagerStoreLogins calls, on the store-login prefix only. */
  public static final List<String> STORE_LOGIN_ACTIONS = List.of("secretsmanager:CreateSecret", "secretsmanager:GetSecretValue",
      "secretsmanager:PutSecretValue", "secretsmanager:DeleteSecret", "secretsmanager:RestoreSecret", "secretsmanager:TagResource");

  /** The DynamoDB actions every function's code calls (plus dynamodb:Scan for the catalog refresh). */
  public static final List<String> TABLE_ITEM_ACTIONS =
      List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query");

  private static void readObjects(Bucket bucket, Role role, String prefix) {
    role.addToPolicy(PolicyStatement.Builder.create()
        .actions(List.of("s3:GetObject", "s3:GetObjectVersion"))
        .resources(List.of(bucket.arnForObjects(prefix + "*")))
        .build());
  }

  private static void writeObjects(Bucket bucket, Role role, String prefix) {
    role.addToPolicy(PolicyStatement.Builder.create()
        .actions(List.of("s3:PutObject", "s3:PutObjectTagging"))
        .resources(List.of(bucket.arnForObjects(prefix + "*")))
        .build());
  }

  private static void readObjectTags(Bucket bucket, Role role, String prefix) {
    role.addToPolicy(PolicyStatement.Builder.create()
        .actions(List.of("s3:GetObjectTagging"))
        .resources(List.of(bucket.arnForObjects(prefix + "*")))
        .build());
  }

  private static void tagObjects(Bucket bucket, Role role, String prefix) {
    role.addToPolicy(PolicyStatement.Builder.create()
        .actions(List.of("s3:PutObjectTagging"))
        .resources(List.of(bucket.arnForObjects(prefix + "*")))
        .build());
  }

  private Deployed create(RefineryFunction spec, RefineryConfig config, Code code, Bucket bucket,
      software.amazon.awscdk.services.dynamodb.Table table) {
    Construct scope = new Construct(this, spec.id());
    Role role = Role.Builder.create(scope, "Role")
        .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
        .description("Refinery " + spec.id() + " function: only what this function touches")
        .build();
    LogGroup logGroup = logGroup(scope, "Logs", config.logRetentionDays());
    // Scoped to this log group instead of AWSLambdaBasicExecutionRole's logs on every group.
    logGroup.grantWrite(role);

    Map<String, String> env = new LinkedHashMap<>();
    env.put(ENV_BUCKET, bucket.getBucketName());
    env.put(ENV_TABLE, table.getTableName());
    env.put(ENV_MAX_FIXUPS, Integer.toString(config.maxFixups()));
    env.put(ENV_ENGINE, config.defaultEngine());
    env.put(ENV_ENGINES, String.join(",", config.engines()));
    env.put("POWERTOOLS_SERVICE_NAME", "refinery-" + spec.id());
    env.put("POWERTOOLS_METRICS_NAMESPACE", "Refinery");

    Function.Builder fb = Function.Builder.create(scope, "Function")
        .description("Refinery " + spec.id() + " (" + spec.handlerClass() + ")")
        .runtime(Runtime.JAVA_21)
        // No native code in either package, so Graviton: cheaper per GB-second and SnapStart-capable.
        .architecture(Architecture.ARM_64)
        .handler(spec.handler())
        .code(code)
        .memorySize(spec.memoryMb())
        .timeout(Duration.seconds(spec.timeoutSeconds()))
        .role(role)
        .logGroup(logGroup)
        .loggingFormat(LoggingFormat.JSON)
        .applicationLogLevelV2(ApplicationLogLevel.INFO)
        .systemLogLevelV2(SystemLogLevel.valueOf(config.systemLogLevel()))
        // Active tracing adds xray:PutTraceSegments/PutTelemetryRecords on "*" to the role: X-Ray has
        // no resource-level permissions for these actions.
        .tracing(Tracing.ACTIVE)
        .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
        .environment(env);
    // Ephemeral storage stays at the default 512 MiB: SnapStart refuses more, and images travel through
    // S3 and memory, not /tmp.
    Integer reserved = spec.reservedConcurrency(config);
    if (reserved != null) {
      // The model stages': keeps them under the model's requests-per-minute limit; Step Functions retries the
      // resulting Lambda.TooManyRequestsException with backoff.
      fb.reservedConcurrentExecutions(reserved);
    }
    if (spec == RefineryFunction.UPLOAD_TRIGGER || spec == RefineryFunction.CATALOG_REFRESH) {
      // Invoked asynchronously (S3 notification, EventBridge Scheduler): failed events are kept.
      Queue dlq = Queues.deadLetterQueue(scope, "AsyncDeadLetterQueue");
      asyncDeadLetterQueues.put(spec, dlq);
      fb.deadLetterQueue(dlq);
    }
    Function function = fb.build();
    // SnapStart applies to published versions only: the live alias below always points at one.
    Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
        "Published through currentVersion; every caller invokes the live alias of that version");
    Alias alias = Alias.Builder.create(scope, "LiveAlias")
        .aliasName(RefineryFunction.ALIAS_NAME)
        .version(function.getCurrentVersion())
        .build();
    if (spec == RefineryFunction.UPLOAD_TRIGGER || spec == RefineryFunction.CATALOG_REFRESH) {
      // The async retry settings on the alias S3 and the Scheduler invoke: on the function they would sit on
      // $LATEST, which nothing invokes (issue 13).
      alias.configureAsyncInvoke(software.amazon.awscdk.services.lambda.EventInvokeConfigOptions.builder()
          .retryAttempts(2)
          .maxEventAge(Duration.hours(6))
          .build());
    }
    return new Deployed(spec, function, alias, role, logGroup);
  }

  /**
   * Gives the functions that start executions the state machine ARN and the permission to start it. The publisher
   * starts the next round of a refreshed session's replay of the seller's approved rounds (RecipeReplay).
   */
  public void connectWorkflow(IStateMachine stateMachine) {
    for (RefineryFunction f : List.of(RefineryFunction.UPLOAD_TRIGGER, RefineryFunction.API,
        RefineryFunction.CATALOG_REFRESH)) {
      function(f).addEnvironment(ENV_STATE_MACHINE, stateMachine.getStateMachineArn());
      stateMachine.grantStartExecution(role(f));
    }
    // The publisher runs inside the workflow: its grant and variable name the state machine by its ARN built from
    // the name (Workflow.arnByName), not by a reference, which would make the workflow depend on itself.
    String byName = Workflow.arnByName(this);
    function(RefineryFunction.PUBLISHER).addEnvironment(ENV_STATE_MACHINE, byName);
    role(RefineryFunction.PUBLISHER).addToPolicy(PolicyStatement.Builder.create()
        .actions(List.of("states:StartExecution"))
        .resources(List.of(byName))
        .build());
  }

  private static Code assetCode(Path jar, String module) {
    if (!Files.isRegularFile(jar) && !Files.isDirectory(jar)) {
      throw new IllegalStateException("Lambda deployment package not found: " + jar + ". Build it with "
          + "'mvn -B -pl " + module + " -am package -DskipTests', or point -c refinery:"
          + (module.endsWith("stages") ? "stagesJar" : "controlJar") + "=PATH at an existing package.");
    }
    return Code.fromAsset(jar.toString());
  }

  /** A log group kept {@code days} days (RefineryConfig validated the value against CloudWatch's list). */
  static LogGroup logGroup(Construct scope, String id, int days) {
    LogGroup logGroup = LogGroup.Builder.create(scope, id)
        .retention(RetentionDays.ONE_MONTH)
        .removalPolicy(RemovalPolicy.DESTROY)
        .build();
    ((CfnLogGroup) logGroup.getNode().getDefaultChild()).setRetentionInDays(days);
    return logGroup;
  }

  public Deployed get(RefineryFunction f) { return deployed.get(f); }

  public Map<RefineryFunction, Deployed> all() { return Map.copyOf(deployed); }

  public Function function(RefineryFunction f) { return deployed.get(f).function(); }

  public Alias alias(RefineryFunction f) { return deployed.get(f).alias(); }

  public Role role(RefineryFunction f) { return deployed.get(f).role(); }

  /** Dead-letter queues of asynchronously invoked functions. */
  public Map<RefineryFunction, Queue> asyncDeadLetterQueues() { return Map.copyOf(asyncDeadLetterQueues); }
}
