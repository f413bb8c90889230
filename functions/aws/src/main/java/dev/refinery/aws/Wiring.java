package dev.refinery.aws;

import dev.refinery.application.CatalogRefresh;
import dev.refinery.application.ImageExpiry;
import dev.refinery.application.Outcomes;
import dev.refinery.application.ports.PatternLibrary;
import dev.refinery.application.ports.memory.InMemoryPatternLibrary;
import dev.refinery.application.FeedbackRounds;
import dev.refinery.application.RecipeReplay;
import dev.refinery.application.SessionApi;
import dev.refinery.application.SessionExports;
import dev.refinery.application.TenantQuota;
import dev.refinery.application.UploadIntake;
import dev.refinery.aws.config.RefineryConfig;
import dev.refinery.aws.dynamodb.DynamoDbCatalogStore;
import dev.refinery.aws.dynamodb.DynamoDbSessionEventLog;
import dev.refinery.aws.dynamodb.DynamoDbSessionStore;
import dev.refinery.aws.dynamodb.DynamoDbSpendTotals;
import dev.refinery.aws.dynamodb.DynamoDbUploadLedger;
import dev.refinery.aws.events.EventBridgePublisher;
import dev.refinery.application.ports.CatalogStore;
import dev.refinery.application.ports.CompletionNotifier;
import dev.refinery.application.ports.ImageLinks;
import dev.refinery.application.ports.SessionEventLog;
import dev.refinery.application.ports.UploadLedger;
import dev.refinery.application.ports.Telemetry;
import dev.refinery.application.ports.WorkflowStarter;
import dev.refinery.aws.observability.ApplicationLogs;
import dev.refinery.aws.observability.Observability;
import dev.refinery.aws.s3.S3ImageStore;
import dev.refinery.aws.stepfunctions.StepFunctionsWorkflowStarter;
import dev.refinery.domain.PresetCatalog;
import dev.refinery.pipeline.RefinementService;
import dev.refinery.application.StoreApi;
import dev.refinery.application.StoreExports;
import dev.refinery.application.ports.StoreConnector;
import dev.refinery.application.ports.StoreLogins;
import dev.refinery.application.ports.StorePushes;
import dev.refinery.application.ports.memory.InMemoryStoreLogins;
import dev.refinery.application.ports.memory.InMemoryStorePushes;
import dev.refinery.ports.BrandKits;
import dev.refinery.stores.shopify.ShopifyConnector;
import dev.refinery.ports.ImageStore;
import dev.refinery.ports.SessionStore;
import dev.refinery.ports.SpendTotals;
import dev.refinery.quality.QualityChecker;
import java.time.Clock;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Everything a handler needs, built once per container from the environment. A deployed handler's no-argument
 * constructor builds it ({@link #stages()} / {@link #control()}, through {@code handlers.Priming}) during the
 * function's init, so a SnapStart snapshot holds it: configuration, SDK clients (built, never connected: no
 * request is made before the snapshot, so no connection and no credentials are in it) and the engines (the openai
 * engine without its key, which is read from the secret on the first model call). Handlers take a Wiring in a
 * constructor for tests and the local stack.
 */
public final class Wiring {
    static {
        // the use cases' System.Logger lines become log4j lines, as every other line of the module
        ApplicationLogs.install();
    }

    private static volatile Wiring stages;
    private static volatile Wiring control;

    private final RefineryConfig config;
    private final SessionStore sessions;
    private final ImageStore images;
    private final ImageLinks links;
    private final CatalogStore catalog;
    private final UploadLedger ledger;
    private final SessionEventLog events;
    private final WorkflowStarter starter;
    private final CompletionNotifier notifier;
    private final RefinementService service;
    private final TenantQuota quota;
    private final Clock clock;
    private final Telemetry telemetry;
    private final PatternLibrary patterns;
    private final SpendTotals spend;
    private final Engines engines;
    private final BrandKits brandKits;
    private final Stores stores;

    /**
     * The tenants' online stores: their logins (Secrets Manager in AWS), the record of what was pushed (the table) and
     * the connectors (Shopify).
     */
    public record Stores(StoreLogins logins, StorePushes pushes, List<StoreConnector> connectors) {
        public Stores {
            connectors = List.copyOf(connectors);
        }

        /** In this process, with no connector: a store route answers that none is deployed. */
        public static Stores none() {
            return new Stores(new InMemoryStoreLogins(), new InMemoryStorePushes(), List.of());
        }
    }

    /** As below, counting the tenants' quotas in this process (tests, the command line, the local stack). */
    public Wiring(RefineryConfig config, SessionStore sessions, ImageStore images, ImageLinks links, CatalogStore catalog,
                  UploadLedger ledger, SessionEventLog events, WorkflowStarter starter, CompletionNotifier notifier,
                  Engines engines, PresetCatalog presets, Clock clock) {
        this(config, sessions, images, links, catalog, ledger, events, starter, notifier, engines, presets, clock,
                new dev.refinery.ports.memory.InMemoryWindowCounters());
    }

    public Wiring(RefineryConfig config, SessionStore sessions, ImageStore images, ImageLinks links, CatalogStore catalog,
                  UploadLedger ledger, SessionEventLog events, WorkflowStarter starter, CompletionNotifier notifier,
                  Engines engines, PresetCatalog presets, Clock clock, dev.refinery.ports.WindowCounters quotaCounters) {
        this.quota = new TenantQuota(quotaCounters, config.sessionsPerMinute(), config.sessionsPerDay());
        this.config = config;
        this.sessions = sessions;
        this.images = images;
        this.links = links;
        this.catalog = catalog;
        this.ledger = ledger;
        this.events = events;
        this.starter = starter;
        this.notifier = notifier;
        this.clock = clock;
        this.brandKits = new dev.refinery.ports.memory.InMemoryBrandKits();
        this.stores = Stores.none();
        this.service = new RefinementService(sessions, images, engines.engines(), engines.ingestor(), engines.finisher(),
                new QualityChecker(), presets.withBrandKits(brandKits), clock);
        this.telemetry = Telemetry.NONE;
        this.patterns = new InMemoryPatternLibrary();
        this.spend = new dev.refinery.ports.memory.InMemorySpendTotals();
        this.engines = engines;
    }

    private Wiring(Wiring w, Telemetry telemetry, PatternLibrary patterns, SpendTotals spend) {
        this(w, telemetry, patterns, spend, w.brandKits, w.stores);
    }

    private Wiring(Wiring w, Telemetry telemetry, PatternLibrary patterns, SpendTotals spend, BrandKits brandKits, Stores stores) {
        this.config = w.config;
        this.sessions = w.sessions;
        this.images = w.images;
        this.links = w.links;
        this.catalog = w.catalog;
        this.ledger = w.ledger;
        this.events = w.events;
        this.starter = w.starter;
        this.notifier = w.notifier;
        this.brandKits = brandKits;
        this.stores = stores;
        // the presets read the brand kits: a wiring with other kits has a service over them
        this.service = brandKits == w.brandKits ? w.service : new RefinementService(w.sessions, w.images, w.engines.engines(), w.engines.ingestor(),
                w.engines.finisher(), new QualityChecker(), w.service.presets().withBrandKits(brandKits), w.clock);
        this.quota = w.quota;
        this.clock = w.clock;
        this.telemetry = telemetry;
        this.patterns = patterns;
        this.spend = spend;
        this.engines = w.engines;
    }

    /** The same wiring, reporting to {@code telemetry} (EMF in Lambda; a test's own). */
    public Wiring withTelemetry(Telemetry telemetry) {
        return new Wiring(this, telemetry, patterns, spend);
    }

    /** The same wiring, keeping the tenants' brand kits in {@code kits} (the table in AWS, H2 locally). */
    public Wiring withBrandKits(BrandKits kits) {
        return new Wiring(this, telemetry, patterns, spend, kits, stores);
    }

    /** The same wiring, with the tenants' stores in {@code stores}. */
    public Wiring withStores(Stores stores) {
        return new Wiring(this, telemetry, patterns, spend, brandKits, stores);
    }

    /** The connectors a deployment has: Shopify's (against {@code shopifyApi} instead of Shopify when it is set). */
    public static List<StoreConnector> storeConnectors(RefineryConfig config) {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(3)).build();
        return List.of(config.shopifyApi().<StoreConnector>map(base -> new ShopifyConnector(http,
                        shop -> java.net.URI.create(base.toString().replaceAll("/$", "") + "/" + shop + "/admin/api/" + ShopifyConnector.API_VERSION + "/graphql.json"),
                        ShopifyConnector.Sleeper.REAL, java.time.Duration.ofSeconds(10)))
                .orElseGet(() -> ShopifyConnector.toShopify(http)));
    }

    public BrandKits brandKits() {
        return brandKits;
    }

    /** The same wiring, keeping the prompt-pattern library in {@code patterns} (the table in AWS, H2 locally). */
    public Wiring withPatterns(PatternLibrary patterns) {
        return new Wiring(this, telemetry, patterns, spend);
    }

    /**
     * The same wiring, reading the tenants' AI spending from {@code spend} (the table in AWS, H2 locally): the totals
     * the engines add to, so GET /spend shows what the caps are checked against.
     */
    public Wiring withSpend(SpendTotals spend) {
        return new Wiring(this, telemetry, patterns, spend);
    }

    /** The AWS adapters over one set of SDK clients. */
    public static Wiring aws(RefineryConfig config, AwsClients clients, Engines engines, Clock clock) {
        // One client for every port's adapter: built here once, at init (and so in the SnapStart snapshot).
        DynamoDbClient db = clients.dynamoDb();
        String table = config.tableOrFail();
        S3ImageStore images = new S3ImageStore(clients.s3(), clients.presigner(), clients.credentials(), config.bucketOrFail(),
                config.region(), config.s3Endpoint(), clock);
        // Built lazily: a stage function never starts executions or publishes, so it never needs their clients.
        WorkflowStarter starter = (name, input) ->
                new StepFunctionsWorkflowStarter(clients.sfn(), config.stateMachineArnOrFail()).start(name, input);
        CompletionNotifier notifier = event -> new EventBridgePublisher(clients.events(), config.eventBus()).publish(event);
        return new Wiring(config, new DynamoDbSessionStore(db, table), images, images, new DynamoDbCatalogStore(db, table),
                new DynamoDbUploadLedger(db, table), new DynamoDbSessionEventLog(db, table), starter, notifier, engines,
                PresetCatalog.bundled(), clock, new dev.refinery.aws.dynamodb.DynamoDbWindowCounters(db, table))
                .withTelemetry(Observability.fromEnvironment(System.getenv()))
                .withPatterns(new dev.refinery.aws.dynamodb.DynamoDbPatternLibrary(db, table))
                .withBrandKits(new dev.refinery.aws.dynamodb.DynamoDbBrandKits(db, table))
                // the Secrets Manager client is built on the first store call: no stage function ever makes one
                .withStores(new Stores(new dev.refinery.aws.secrets.SecretsManagerStoreLogins(clients::secrets, config.storeSecretPrefix()),
                        new dev.refinery.aws.dynamodb.DynamoDbStorePushes(db, table), storeConnectors(config)))
                .withSpend(new DynamoDbSpendTotals(db, table, clock));
    }

    /** The stage functions' wiring (engines loaded), once per container. */
    public static Wiring stages() {
        Wiring w = stages;
        if (w == null) {
            synchronized (Wiring.class) {
                if (stages == null) {
                    RefineryConfig config = RefineryConfig.fromEnvironment();
                    AwsClients clients = new AwsClients(config);
                    // AI spending is counted in the table, so each tenant's cap holds across every container
                    SpendTotals spend = new DynamoDbSpendTotals(clients.dynamoDb(), config.tableOrFail(), Clock.systemUTC());
                    stages = aws(config, clients, Engines.forStages(config,
                            arn -> clients.secrets().getSecretValue(b -> b.secretId(arn)).secretString(), System.getenv(), spend), Clock.systemUTC());
                }
                w = stages;
            }
        }
        return w;
    }

    /** The control functions' wiring (no engines), once per container. */
    public static Wiring control() {
        Wiring w = control;
        if (w == null) {
            synchronized (Wiring.class) {
                if (control == null) {
                    RefineryConfig config = RefineryConfig.fromEnvironment();
                    AwsClients clients = new AwsClients(config);
                    // rounds of an engine that plans with a model are planned by the stage package's planner function
                    var planner = config.plannerFunction() == null ? null
                            : new dev.refinery.aws.planner.LambdaFeedbackPlanner(clients.lambda(), config.plannerFunction());
                    control = aws(config, clients, Engines.forControl(config, planner), Clock.systemUTC());
                }
                w = control;
            }
        }
        return w;
    }

    public RefineryConfig config() {
        return config;
    }

    public PatternLibrary patterns() {
        return patterns;
    }

    public SpendTotals spend() {
        return spend;
    }

    /** The engines, ingestor and finisher the service runs with (SnapStart priming runs them over memory stores). */
    public Engines engines() {
        return engines;
    }

    public RefinementService service() {
        return service;
    }

    public SessionStore sessions() {
        return sessions;
    }

    public ImageStore images() {
        return images;
    }

    public CatalogStore catalog() {
        return catalog;
    }

    public SessionEventLog events() {
        return events;
    }

    public WorkflowStarter starter() {
        return starter;
    }

    public CompletionNotifier notifier() {
        return notifier;
    }

    public Telemetry telemetry() {
        return telemetry;
    }

    public Clock clock() {
        return clock;
    }

    public UploadIntake uploadIntake() {
        return new UploadIntake(config.uploadIntakeSettings(), service, catalog, ledger, events, starter, quota, images, clock);
    }

    public ImageExpiry imageExpiry() {
        return new ImageExpiry(sessions);
    }

    public SessionApi api() {
        return new SessionApi(config.sessionApiSettings(), service, sessions, images, links, catalog, events, starter, quota, clock, patterns, spend,
                notifier, brandKits);
    }

    public dev.refinery.application.SetFigures setFigures() {
        return new dev.refinery.application.SetFigures(service, sessions);
    }

    public StoreApi storeApi() {
        return new StoreApi(service, storeExports());
    }

    private StoreExports storeExports() {
        return new StoreExports(stores.connectors(), stores.logins(), stores.pushes(), images, events, notifier, clock);
    }

    public CatalogRefresh catalogRefresh() {
        return new CatalogRefresh(config.catalogRefreshSettings(), service, catalog, events, starter, clock);
    }

    public Outcomes outcomes() {
        return new Outcomes(service, events, notifier, new RecipeReplay(service, events, new FeedbackRounds(service, events, starter, clock), clock),
                new SessionExports(service, images, events, notifier, clock, brandKits), storeExports(), brandKits, clock);
    }
}
