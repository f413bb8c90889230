package dev.refinery.local;

import dev.refinery.aws.Engines;
import dev.refinery.cli.workflow.StateMachineFunctions;
import dev.refinery.workflow.runner.AslRunner;
import dev.refinery.aws.Wiring;
import dev.refinery.aws.config.RefineryConfig;
import dev.refinery.aws.handlers.ApiHandler;
import dev.refinery.aws.handlers.CatalogRefreshHandler;
import dev.refinery.aws.handlers.UploadTriggerHandler;
import dev.refinery.aws.s3.S3ImageStore;
import dev.refinery.domain.EngineUnavailableException;
import dev.refinery.domain.PresetCatalog;
import dev.refinery.local.api.LocalApiServer;
import dev.refinery.local.api.PostObjectGateway;
import dev.refinery.local.events.LocalEventSink;
import dev.refinery.local.notify.UploadNotifier;
import dev.refinery.local.s3.EmbeddedS3;
import dev.refinery.local.schedule.RefreshScheduler;
import dev.refinery.local.schedule.ScheduleExpression;
import dev.refinery.local.store.H2Database;
import dev.refinery.local.store.H2PatternLibrary;
import dev.refinery.local.store.H2CatalogStore;
import dev.refinery.local.store.H2SessionEventLog;
import dev.refinery.local.store.H2SessionStore;
import dev.refinery.local.store.H2SpendTotals;
import dev.refinery.local.store.H2UploadLedger;
import dev.refinery.local.workflow.ExecutionRecord;
import dev.refinery.local.workflow.H2ExecutionStore;
import dev.refinery.local.workflow.LocalWorkflowStarter;
import dev.refinery.workflow.runner.ExecutionListener;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * The whole refinery in one JVM: the AWS module's handlers, wired to embedded stand-ins for the
 * managed services, and the repo's state machine on the in-process ASL runner.
 *
 * <pre>
 * S3                 embedded local-s3 on 127.0.0.1 (versioned bucket), through the same S3ImageStore
 * DynamoDB           H2 in a file (H2SessionStore, H2CatalogStore, H2UploadLedger, H2SessionEventLog: the same
 *                    ports and contract suites)
 * S3 notifications   UploadNotifier: new versions under uploads/ to UploadTriggerHandler, at least once
 * Step Functions     LocalWorkflowStarter + AslRunner over refinery.asl.json, one handler object per function
 * EventBridge bus    LocalEventSink (printed and kept)
 * EventBridge rule   RefreshScheduler firing CatalogRefreshHandler on rate(...)/cron(...)
 * API Gateway        LocalApiServer on 127.0.0.1 in front of ApiHandler (tenant from X-Refinery-Tenant)
 * </pre>
 */
public final class LocalStack implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(LocalStack.class);
    public static final String REGION = EmbeddedS3.REGION.id();

    /**
     * How to build the stack.
     *
     * @param dir             where the S3 objects (dir/s3) and the database (dir/db) live; null keeps both in memory
     * @param env             REFINERY_* settings (REFINERY_ENGINE, REFINERY_DEFAULT_PRESETS, REFINERY_MAX_FIXUPS, ...)
     * @param apiPort         the local API's port; 0 for any free one
     * @param refreshSchedule the catalog refresh's schedule expression; null for none
     * @param engines         the engines the stage handlers run; null loads them as the stage functions do (classic, and openai when configured)
     * @param eventsOut       where completion events are printed; null prints nothing
     * @param listener        told of every state machine history event; null for none
     */
    public record Settings(Path dir, String bucket, Map<String, String> env, int apiPort, Duration pollInterval, int workers,
                           String refreshSchedule, Engines engines, PrintStream eventsOut, ExecutionListener listener, Clock clock) {
        public Settings {
            env = Map.copyOf(env);
        }

        public static Settings defaults(Path dir) {
            return new Settings(dir, "refinery-local", Map.of(), 0, Duration.ofMillis(250),
                    Math.max(2, Runtime.getRuntime().availableProcessors()), null, null, null, null, Clock.systemUTC());
        }

        public Settings withEnv(Map<String, String> more) {
            Map<String, String> m = new HashMap<>(env);
            m.putAll(more);
            return new Settings(dir, bucket, m, apiPort, pollInterval, workers, refreshSchedule, engines, eventsOut, listener, clock);
        }

        public Settings withApiPort(int port) {
            return new Settings(dir, bucket, env, port, pollInterval, workers, refreshSchedule, engines, eventsOut, listener, clock);
        }

        public Settings withWorkers(int n) {
            return new Settings(dir, bucket, env, apiPort, pollInterval, n, refreshSchedule, engines, eventsOut, listener, clock);
        }

        public Settings withRefreshSchedule(String expression) {
            return new Settings(dir, bucket, env, apiPort, pollInterval, workers, expression, engines, eventsOut, listener, clock);
        }

        public Settings withEngines(Engines e) {
            return new Settings(dir, bucket, env, apiPort, pollInterval, workers, refreshSchedule, e, eventsOut, listener, clock);
        }

        public Settings withEventsOut(PrintStream out) {
            return new Settings(dir, bucket, env, apiPort, pollInterval, workers, refreshSchedule, engines, out, listener, clock);
        }

        public Settings withListener(ExecutionListener l) {
            return new Settings(dir, bucket, env, apiPort, pollInterval, workers, refreshSchedule, engines, eventsOut, l, clock);
        }
    }

    private final Settings settings;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final EmbeddedS3 s3;
    private final H2Database db;
    private final H2SessionStore store;
    private final LocalEventSink sink;
    private final LocalWorkflowStarter starter;
    private final S3ImageStore images;
    private final RefineryConfig config;
    private final Wiring wiring;
    private final UploadNotifier notifier;
    private final LocalApiServer api;
    private final RefreshScheduler scheduler;

    private LocalStack(Settings s) {
        this.settings = s;
        // Parsed first: a bad expression stops the stack before anything starts.
        ScheduleExpression schedule = s.refreshSchedule() == null ? null : ScheduleExpression.parse(s.refreshSchedule());
        try {
            s3 = open(EmbeddedS3.start(s.dir() == null ? null : s.dir().resolve("s3")));
            s3.ensureBucket(s.bucket());
            db = open(s.dir() == null ? H2Database.memory() : H2Database.file(s.dir().resolve("db")));
            store = new H2SessionStore(db);
            H2UploadLedger ledger = new H2UploadLedger(db);
            sink = new LocalEventSink(db, s.eventsOut(), REGION);
            api = open(new LocalApiServer(s.apiPort(), s.clock()));
            config = RefineryConfig.from(environment(s, s3));
            images = new S3ImageStore(s3.client(), s3.presigner(), EmbeddedS3.CREDENTIALS, s.bucket(), REGION,
                    Optional.of(api.formEndpoint()), s.clock());
            starter = open(new LocalWorkflowStarter(new H2ExecutionStore(db), StateMachineFunctions.STATE_MACHINE_ARN, s.workers(), 1000, s.clock()));
            // the AI spending the openai engine checks each tenant's cap against, and GET /spend shows
            H2SpendTotals spend = new H2SpendTotals(db, s.clock());
            Engines engines = s.engines() != null ? s.engines() : Engines.forStages(config, localSecrets(), s.env(), spend);
            wiring = new Wiring(config, store, images, images, new H2CatalogStore(db), ledger, new H2SessionEventLog(db), starter, sink, engines,
                    PresetCatalog.bundled(), s.clock())
                    .withPatterns(new H2PatternLibrary(db))
                    .withBrandKits(new dev.refinery.local.store.H2BrandKits(db))
                    // store tokens stay in this process (a restart forgets them: connect again), never in the database's
                    // files; what was pushed is kept with the rest. REFINERY_SHOPIFY_API points Shopify's calls at a double.
                    .withStores(new Wiring.Stores(new dev.refinery.application.ports.memory.InMemoryStoreLogins(),
                            new dev.refinery.local.store.H2StorePushes(db), Wiring.storeConnectors(config)))
                    .withSpend(spend);
            AslRunner.Builder runner = StateMachineFunctions.runner(wiring);
            if (s.listener() != null) {
                runner.listener(s.listener());
            }
            starter.attach(runner.build());
            UploadTriggerHandler trigger = new UploadTriggerHandler(wiring);
            notifier = open(new UploadNotifier(db, s3.client(), s.bucket(), REGION, trigger::handleRequest, s.clock()));
            api.serve(new ApiHandler(wiring), config.tenantClaim(),
                    new PostObjectGateway(s3.client(), EmbeddedS3.CREDENTIALS.resolveCredentials(), s.clock(), notifier::nudge), sink);
            scheduler = schedule == null ? null
                    : open(new RefreshScheduler(schedule, new CatalogRefreshHandler(wiring), s.clock(), r -> { }).start());
            ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "local-ttl-sweeper");
                t.setDaemon(true);
                return t;
            });
            opened.add(housekeeping::shutdownNow);
            // DynamoDB's TTL stand-in: expired start-once records disappear in the background.
            housekeeping.scheduleWithFixedDelay(() -> ledger.sweepExpiredUploads(s.clock().instant()), 1, 60, TimeUnit.MINUTES);
            int resumed = starter.resumeInterrupted();
            if (resumed > 0) {
                LOG.warn("resumed {} executions a previous run left unfinished", resumed);
            }
            notifier.start(s.pollInterval());
        } catch (RuntimeException | IOException e) {
            close();
            if (e instanceof IOException io) {
                throw new UncheckedIOException("the local stack could not start: " + io.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    public static LocalStack start(Settings settings) {
        return new LocalStack(settings);
    }

    private <T extends AutoCloseable> T open(T resource) {
        opened.add(resource);
        return resource;
    }

    /** The functions' environment on the local stack; the caller's REFINERY_* settings win. */
    private static Map<String, String> environment(Settings s, EmbeddedS3 s3) {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", REGION);
        env.put("REFINERY_BUCKET", s.bucket());
        env.put("REFINERY_TABLE", "h2:" + (s.dir() == null ? "memory" : s.dir().resolve("db")));
        env.put("REFINERY_STATE_MACHINE_ARN", StateMachineFunctions.STATE_MACHINE_ARN);
        env.put("REFINERY_EVENT_BUS", "local");
        env.put("REFINERY_S3_ENDPOINT", s3.endpoint().toString());
        env.putAll(s.env());
        if ("openai".equals(env.get("REFINERY_ENGINE")) || env.getOrDefault("REFINERY_ENGINES", "").contains("openai")) {
            env.putIfAbsent("REFINERY_ENGINES", "classic,openai");
            env.putIfAbsent("REFINERY_OPENAI_SECRET_ARN", LOCAL_OPENAI_SECRET);
        }
        return env;
    }

    /** The local stand-in for Secrets Manager: the openai key comes from the OPENAI_API_KEY variable. */
    static final String LOCAL_OPENAI_SECRET = "env:OPENAI_API_KEY";

    private static Function<String, String> localSecrets() {
        return id -> {
            if (!LOCAL_OPENAI_SECRET.equals(id)) {
                throw new EngineUnavailableException("The local stack reads no secret " + id, "leave REFINERY_OPENAI_SECRET_ARN unset locally");
            }
            String key = System.getenv("OPENAI_API_KEY");
            if (key == null || key.isBlank()) {
                throw new EngineUnavailableException("OPENAI_API_KEY is not set", "export OPENAI_API_KEY=... to run ENGINE=openai on the local stack");
            }
            return key;
        };
    }

    // ------------------------------------------------------------------ what callers use

    public Wiring wiring() {
        return wiring;
    }

    public RefineryConfig config() {
        return config;
    }

    public H2SessionStore store() {
        return store;
    }

    public S3ImageStore images() {
        return images;
    }

    public EmbeddedS3 s3() {
        return s3;
    }

    public LocalWorkflowStarter workflows() {
        return starter;
    }

    public UploadNotifier notifier() {
        return notifier;
    }

    public LocalEventSink events() {
        return sink;
    }

    public LocalApiServer api() {
        return api;
    }

    public Optional<RefreshScheduler> scheduler() {
        return Optional.ofNullable(scheduler);
    }

    public String bucket() {
        return settings.bucket();
    }

    public Settings settings() {
        return settings;
    }

    /** An object written under uploads/, with the version id S3 gave it. */
    public record Uploaded(String key, String versionId) {
    }

    /**
     * Puts a photo where a seller's upload lands ({@code uploads/{tenant}/{sku}/{file}}) with a
     * plain PutObject, as {@code aws s3 cp} would, and wakes the notifier.
     */
    public Uploaded upload(String tenant, String sku, String fileName, byte[] bytes, String contentType) {
        String key = "uploads/" + tenant + "/" + sku + "/" + fileName;
        PutObjectResponse r = s3.client().putObject(b -> b.bucket(settings.bucket()).key(key).contentType(contentType),
                RequestBody.fromBytes(bytes));
        notifier.nudge();
        return new Uploaded(key, r.versionId());
    }

    /** Completes when the trigger has handled the upload's notification. */
    public CompletableFuture<UploadNotifier.Delivery> delivered(Uploaded u) {
        return notifier.delivery(u.key(), u.versionId());
    }

    /** Completes when the execution ends. */
    public CompletableFuture<ExecutionRecord> finished(String executionName) {
        return starter.completion(executionName);
    }

    @Override
    public void close() {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", opened.get(i).getClass().getSimpleName(), e.toString());
            }
        }
        opened.clear();
    }
}
