package dev.refinery.reliability.harness;

import dev.refinery.aws.testing.MotoTransactionGuard;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.refinery.aws.Engines;
import dev.refinery.aws.Json;
import dev.refinery.aws.Wiring;
import dev.refinery.application.UploadIntake;
import dev.refinery.aws.config.RefineryConfig;
import dev.refinery.aws.dynamodb.DynamoDbCatalogStore;
import dev.refinery.aws.dynamodb.DynamoDbSessionEventLog;
import dev.refinery.aws.dynamodb.DynamoDbSessionStore;
import dev.refinery.aws.dynamodb.DynamoDbUploadLedger;
import dev.refinery.aws.dynamodb.RefineryTable;
import dev.refinery.aws.handlers.ApiHandler;
import dev.refinery.aws.handlers.BackgroundStageHandler;
import dev.refinery.aws.handlers.BaseStageHandler;
import dev.refinery.aws.handlers.DetailStageHandler;
import dev.refinery.aws.handlers.FailureRecorderHandler;
import dev.refinery.aws.handlers.FinalizeStageHandler;
import dev.refinery.aws.handlers.LightingStageHandler;
import dev.refinery.aws.handlers.PublisherHandler;
import dev.refinery.aws.handlers.QualityCheckStageHandler;
import dev.refinery.aws.handlers.UploadTriggerHandler;
import dev.refinery.application.ports.CatalogStore;
import dev.refinery.application.ports.ImageLinks;
import dev.refinery.application.ports.PresignedPost;
import dev.refinery.application.ports.SessionEventLog;
import dev.refinery.application.ports.UploadLedger;
import dev.refinery.application.ports.memory.InMemoryCatalogStore;
import dev.refinery.application.ports.memory.InMemorySessionEventLog;
import dev.refinery.application.ports.memory.InMemoryUploadLedger;
import dev.refinery.application.ports.memory.RecordingNotifier;
import dev.refinery.aws.s3.S3ImageStore;
import dev.refinery.aws.testing.Fixtures;
import dev.refinery.aws.testing.MotoStack;
import dev.refinery.aws.testing.TestEngines;
import dev.refinery.domain.PresetCatalog;
import dev.refinery.engine.Finisher;
import dev.refinery.engine.ImageIngestor;
import dev.refinery.engine.RefinementEngine;
import dev.refinery.imaging.ingest.SafeImageIngestor;
import dev.refinery.ports.ImageStore;
import dev.refinery.ports.SessionStore;
import dev.refinery.ports.memory.InMemoryImageStore;
import dev.refinery.ports.memory.InMemorySessionStore;
import dev.refinery.reliability.faults.Fault;
import dev.refinery.reliability.faults.FaultPlan;
import dev.refinery.reliability.faults.FaultyControlPorts;
import dev.refinery.reliability.faults.FaultyEngine;
import dev.refinery.reliability.faults.FaultyHttpClient;
import dev.refinery.reliability.faults.FaultyImageStore;
import dev.refinery.reliability.faults.FaultySessionStore;
import dev.refinery.reliability.faults.HttpFault;
import dev.refinery.testkit.MotoServer;
import dev.refinery.workflow.RefineryStateMachine.LambdaFunction;
import dev.refinery.workflow.runner.Execution;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The deployed system, in one process: the real handlers (trigger, stages, publisher, failure
 * recorder, API), the project's state machine on the local ASL runner ({@link AslWorkflowStarter}),
 * and either S3 + DynamoDB on moto_server (through the real adapters and SDK clients) or the
 * in-memory adapters. Every port, the engine, the SDK's HTTP attempts and the Lambda invocations
 * can fail on purpose, each through its own {@link FaultPlan}.
 *
 * <p>Originals are written and read back with separate SDK clients that never fail, so the suites
 * can check that what a seller uploaded is still byte for byte what is stored.
 */
public final class ReliabilityStack implements SystemUnderTest, AutoCloseable {
    public enum Backend { MEMORY, MOTO }

    /** One uploaded original as stored: the write's version (null without versioning) and ETag. */
    public record Upload(String key, String versionId, String eTag, long size, String sha256) {
    }

    public static final String TENANT = "acme";

    public final Backend backend;
    public final RefineryConfig config;
    public final SessionStore sessions;
    public final ImageStore images;
    /** The same stores without the fault plans, for the suites' own reads. */
    public final SessionStore rawSessions;
    public final ImageStore rawImages;
    public final SessionEventLog rawEvents;
    public final SessionEventLog events;
    public final CatalogStore catalog;
    public final RecordingNotifier notifier = new RecordingNotifier();
    public final Wiring stages;
    public final Wiring control;
    /** The tenants' online store: a strict fake of Shopify's Admin API on 127.0.0.1 the control wiring's connector calls. */
    public final dev.refinery.testkit.FakeShopify shopify;
    /** The tenants' AI spending the API reads (GET /spend): the table's on moto_server, this process's in memory. */
    public final dev.refinery.ports.SpendTotals spend;
    public final AslWorkflowStarter workflow;
    public final UploadTriggerHandler trigger;
    public final ApiHandler api;
    public final FaultPlan<Fault> portFaults;
    public final FaultPlan<HttpFault> httpFaults;
    public final FaultPlan<Fault> invocationFaults;

    private final S3Client rawS3;
    private final DynamoDbClient rawDynamoDb;
    private final InMemoryImageStore memoryImages;
    private final String bucket;
    private final String table;
    private final List<Upload> uploads = new CopyOnWriteArrayList<>();
    private final AtomicLong sequencer = new AtomicLong(0x0055AED6DCD90281L);
    private final List<AutoCloseable> closeables = new ArrayList<>();

    private ReliabilityStack(Builder b) {
        this.backend = b.backend;
        this.portFaults = b.portFaults;
        this.httpFaults = b.httpFaults;
        this.invocationFaults = b.invocationFaults;
        String suffix = b.names != null ? b.names : UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> env = new HashMap<>(Fixtures.env(Map.of()));
        env.put("REFINERY_DEFAULT_PRESETS", "google-merchant");
        env.putAll(withoutQuota(b.env));

        ImageLinks links;
        CatalogStore rawCatalog;
        UploadLedger rawLedger;
        if (backend == Backend.MOTO) {
            URI endpoint = MotoServer.endpoint();
            this.bucket = "rel-" + suffix;
            this.table = "rel-" + suffix;
            env.put("REFINERY_BUCKET", bucket);
            env.put("REFINERY_TABLE", table);
            env.put("REFINERY_S3_ENDPOINT", endpoint.toString());
            env.put("REFINERY_DYNAMODB_ENDPOINT", endpoint.toString());
            this.rawS3 = s3(endpoint, UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(60)).build());
            this.rawDynamoDb = DynamoDbClient.builder().region(MotoStack.REGION).credentialsProvider(MotoStack.CREDENTIALS)
                    .endpointOverride(endpoint).httpClient(UrlConnectionHttpClient.create()).build();
            if (b.names != null) {
                // Fixed names (a replayed soak): what an earlier run on the same server left goes first.
                removeLeftovers();
            }
            rawS3.createBucket(c -> c.bucket(bucket));
            rawS3.putBucketVersioning(c -> c.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
            RefineryTable.create(rawDynamoDb, table);
            // The system's own clients: every HTTP attempt passes the fault plan.
            // The system's own clients, configured as AwsClients configures them: every HTTP attempt passes the fault plan.
            ClientOverrideConfiguration.Builder overrides = ClientOverrideConfiguration.builder().apiCallTimeout(Duration.ofSeconds(60));
            if (b.sdkMaxAttempts != null) {
                overrides.retryStrategy(software.amazon.awssdk.core.retry.RetryMode.STANDARD)
                        .retryStrategy(r -> r.maxAttempts(b.sdkMaxAttempts));
            }
            S3Client s3 = S3Client.builder().region(MotoStack.REGION).credentialsProvider(MotoStack.CREDENTIALS).endpointOverride(endpoint)
                    .forcePathStyle(true).overrideConfiguration(overrides.build())
                    .httpClient(new FaultyHttpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(60)).build(), httpFaults, "s3"))
                    .build();
            DynamoDbClient ddb = DynamoDbClient.builder().region(MotoStack.REGION).credentialsProvider(MotoStack.CREDENTIALS)
                    .endpointOverride(endpoint)
                    .httpClient(new MotoTransactionGuard(new FaultyHttpClient(UrlConnectionHttpClient.create(), httpFaults, "dynamodb")))
                    .overrideConfiguration(overrides.build()).build();
            S3Presigner presigner = S3Presigner.builder().region(MotoStack.REGION).credentialsProvider(MotoStack.CREDENTIALS)
                    .endpointOverride(endpoint).serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build();
            closeables.add(s3);
            closeables.add(ddb);
            closeables.add(presigner);
            S3ImageStore s3Images = new S3ImageStore(s3, presigner, MotoStack.CREDENTIALS, bucket, MotoStack.REGION.id(),
                    Optional.of(endpoint), Clock.systemUTC());
            this.spend = new dev.refinery.aws.dynamodb.DynamoDbSpendTotals(ddb, table, Clock.systemUTC());
            this.rawSessions = new DynamoDbSessionStore(ddb, table);
            this.rawImages = s3Images;
            links = s3Images;
            rawCatalog = new DynamoDbCatalogStore(ddb, table);
            rawLedger = new DynamoDbUploadLedger(ddb, table);
            this.rawEvents = new DynamoDbSessionEventLog(ddb, table);
            this.memoryImages = null;
        } else {
            this.bucket = Fixtures.BUCKET;
            this.table = "memory";
            this.rawS3 = null;
            this.rawDynamoDb = null;
            this.memoryImages = new InMemoryImageStore();
            this.spend = new dev.refinery.ports.memory.InMemorySpendTotals();
            this.rawSessions = new InMemorySessionStore();
            this.rawImages = memoryImages;
            links = new ImageLinks() {
                @Override
                public PresignedPost uploadForm(String keyPrefix, String key, String contentType, long maxBytes, Duration ttl) {
                    return new PresignedPost("memory://" + bucket, key, Map.of("key", key), Clock.systemUTC().instant().plus(ttl), maxBytes);
                }

                @Override
                public URI downloadUrl(String key, Duration ttl) {
                    return URI.create("memory://" + bucket + "/" + URLEncoder.encode(key, StandardCharsets.UTF_8));
                }

                @Override
                public URI attachmentUrl(String key, Duration ttl, String fileName) {
                    return URI.create("memory://" + bucket + "/" + URLEncoder.encode(key, StandardCharsets.UTF_8) + "?response-content-disposition="
                            + java.net.URLEncoder.encode(ImageLinks.attachment(fileName), java.nio.charset.StandardCharsets.UTF_8));
                }
            };
            rawCatalog = new InMemoryCatalogStore();
            rawLedger = new InMemoryUploadLedger();
            this.rawEvents = new InMemorySessionEventLog();
        }
        this.config = RefineryConfig.from(env);
        this.sessions = new FaultySessionStore(rawSessions, portFaults);
        this.images = new FaultyImageStore(rawImages, portFaults);
        this.catalog = FaultyControlPorts.catalog(rawCatalog, portFaults);
        this.events = FaultyControlPorts.events(rawEvents, portFaults);
        UploadLedger ledger = FaultyControlPorts.ledger(rawLedger, portFaults);

        AtomicReference<Wiring> stagesRef = new AtomicReference<>();
        AtomicReference<Wiring> controlRef = new AtomicReference<>();
        Map<LambdaFunction, Function<Map<String, Object>, Map<String, Object>>> handlers = new EnumMap<>(LambdaFunction.class);
        handlers.put(LambdaFunction.BASE, in -> new BaseStageHandler(stagesRef.get()).handleRequest(in, null));
        handlers.put(LambdaFunction.LIGHTING, in -> new LightingStageHandler(stagesRef.get()).handleRequest(in, null));
        handlers.put(LambdaFunction.BACKGROUND, in -> new BackgroundStageHandler(stagesRef.get()).handleRequest(in, null));
        handlers.put(LambdaFunction.DETAIL, in -> new DetailStageHandler(stagesRef.get()).handleRequest(in, null));
        handlers.put(LambdaFunction.FINALIZE, in -> new FinalizeStageHandler(stagesRef.get()).handleRequest(in, null));
        handlers.put(LambdaFunction.QUALITY_CHECK, in -> new QualityCheckStageHandler(stagesRef.get()).handleRequest(in, null));
        handlers.put(LambdaFunction.PUBLISHER, in -> new PublisherHandler(controlRef.get()).handleRequest(in, null));
        handlers.put(LambdaFunction.FAILURE_RECORDER, in -> new FailureRecorderHandler(controlRef.get()).handleRequest(in, null));
        this.workflow = new AslWorkflowStarter(handlers, invocationFaults, b.concurrency, b.seed);
        closeables.add(workflow);

        RefinementEngine engine = new FaultyEngine(b.engine, portFaults);
        Engines engines = new Engines(List.of(engine), b.ingestor, b.finisher);
        this.stages = new Wiring(config, sessions, images, links, catalog, ledger, events, FaultyControlPorts.starter(workflow, portFaults),
                FaultyControlPorts.notifier(notifier, portFaults), engines, PresetCatalog.bundled(), Clock.systemUTC());
        try {
            this.shopify = new dev.refinery.testkit.FakeShopify();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        closeables.add(shopify);
        this.control = new Wiring(config, sessions, images, links, catalog, ledger, events, FaultyControlPorts.starter(workflow, portFaults),
                FaultyControlPorts.notifier(notifier, portFaults), Engines.forControl(config), PresetCatalog.bundled(), Clock.systemUTC())
                .withSpend(spend)
                .withStores(new Wiring.Stores(new dev.refinery.application.ports.memory.InMemoryStoreLogins(),
                        new dev.refinery.application.ports.memory.InMemoryStorePushes(),
                        List.of(new dev.refinery.stores.shopify.ShopifyConnector(java.net.http.HttpClient.newHttpClient(),
                                shop -> shopify.endpoint(shop, dev.refinery.stores.shopify.ShopifyConnector.API_VERSION),
                                dev.refinery.stores.shopify.ShopifyConnector.Sleeper.REAL, Duration.ofSeconds(5)))));
        stagesRef.set(stages);
        controlRef.set(control);
        this.trigger = new UploadTriggerHandler(control);
        this.api = new ApiHandler(control);
    }

    private void removeLeftovers() {
        try {
            rawDynamoDb.deleteTable(c -> c.tableName(table));
            rawDynamoDb.waiter().waitUntilTableNotExists(c -> c.tableName(table));
        } catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException none) {
            // nothing left
        }
        try {
            for (ObjectVersion v : rawS3.listObjectVersionsPaginator(c -> c.bucket(bucket)).versions()) {
                rawS3.deleteObject(c -> c.bucket(bucket).key(v.key()).versionId(v.versionId()));
            }
            rawS3.listObjectVersionsPaginator(c -> c.bucket(bucket)).deleteMarkers()
                    .forEach(m -> rawS3.deleteObject(c -> c.bucket(bucket).key(m.key()).versionId(m.versionId())));
            rawS3.deleteBucket(c -> c.bucket(bucket));
        } catch (software.amazon.awssdk.services.s3.model.NoSuchBucketException none) {
            // nothing left
        }
    }

    private static S3Client s3(URI endpoint, SdkHttpClient http) {
        return S3Client.builder().region(MotoStack.REGION).credentialsProvider(MotoStack.CREDENTIALS).endpointOverride(endpoint)
                .forcePathStyle(true).httpClient(http).build();
    }

    public static Builder builder(Backend backend) {
        return new Builder(backend);
    }

    public String bucket() {
        return bucket;
    }

    // ---------------------------------------------------------------- uploads and events

    /** Stores an original as a seller's upload would (never through the fault plans). */
    public Upload putOriginal(String key, byte[] bytes) {
        Upload u;
        if (backend == Backend.MOTO) {
            PutObjectResponse r = rawS3.putObject(c -> c.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
            u = new Upload(key, r.versionId(), r.eTag() == null ? null : r.eTag().replace("\"", ""), bytes.length, sha256(bytes));
        } else {
            memoryImages.put(key, bytes, "application/octet-stream", Map.of());
            u = new Upload(key, null, sha256(bytes).substring(0, 32), bytes.length, sha256(bytes));
        }
        uploads.add(u);
        return u;
    }

    /** S3's event notification for this upload: the key URL-encoded as S3 does ('+' for a space), a fresh sequencer. */
    public String notification(Upload u) {
        return notification(u, u.size());
    }

    /**
     * The notification of an unversioned bucket's write (no versionId, so the upload is identified
     * by its sequencer): session ids then follow from the bucket, the key and the order of the
     * notifications alone, which is what a replayed soak needs.
     */
    public String notificationWithoutVersion(Upload u) {
        return notification(new Upload(u.key(), null, u.eTag(), u.size(), u.sha256()), u.size());
    }

    public String notification(Upload u, long claimedSize) {
        return Fixtures.s3Put(bucket, encodeKey(u.key()), claimedSize, u.versionId(), String.format("%016X", sequencer.incrementAndGet()))
                .replace("0123456789abcdef0123456789abcdef", u.eTag() == null ? "0123456789abcdef0123456789abcdef" : u.eTag());
    }

    /** How S3 writes a key into an event notification: form-URL-encoded, '/' kept. */
    public static String encodeKey(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    /** Hands one event to the upload trigger, as Lambda would. */
    @SuppressWarnings("unchecked")
    public List<UploadIntake.Result> deliver(String event) {
        Map<String, Object> answer = trigger.handle(event.getBytes(StandardCharsets.UTF_8));
        List<Object> raw = (List<Object>) answer.get("results");
        List<UploadIntake.Result> out = new ArrayList<>();
        for (Object r : raw) {
            out.add(r instanceof UploadIntake.Result res ? res : Json.MAPPER.convertValue(r, UploadIntake.Result.class));
        }
        return out;
    }

    public APIGatewayProxyResponseEvent call(String method, String path, String tenant, Object body) {
        APIGatewayProxyRequestEvent e = Fixtures.api(method, path, tenant, body);
        return api.handleRequest(e, null);
    }

    public List<Execution> awaitExecutions(Duration timeout) {
        return workflow.awaitAll(timeout);
    }

    /**
     * Makes the bucket send its own S3 event notifications to a fresh SQS queue (moto delivers
     * them), so that a suite can hand S3's real notification, with S3's own key encoding, to the trigger.
     */
    public S3Notifications s3Notifications() {
        if (backend != Backend.MOTO) {
            throw new IllegalStateException("S3's own notifications need the moto backend");
        }
        software.amazon.awssdk.services.sqs.SqsClient sqs = software.amazon.awssdk.services.sqs.SqsClient.builder()
                .region(MotoStack.REGION).credentialsProvider(MotoStack.CREDENTIALS).endpointOverride(MotoServer.endpoint())
                .httpClient(UrlConnectionHttpClient.create()).build();
        closeables.add(sqs);
        String queueUrl = sqs.createQueue(c -> c.queueName(bucket + "-events")).queueUrl();
        String queueArn = sqs.getQueueAttributes(c -> c.queueUrl(queueUrl).attributeNamesWithStrings("QueueArn")).attributesAsStrings().get("QueueArn");
        rawS3.putBucketNotificationConfiguration(c -> c.bucket(bucket).notificationConfiguration(n -> n.queueConfigurations(
                q -> q.queueArn(queueArn).events(software.amazon.awssdk.services.s3.model.Event.S3_OBJECT_CREATED))));
        return new S3Notifications(sqs, queueUrl);
    }

    /** The notifications S3 sent to the queue. */
    public static final class S3Notifications {
        private final software.amazon.awssdk.services.sqs.SqsClient sqs;
        private final String queueUrl;

        S3Notifications(software.amazon.awssdk.services.sqs.SqsClient sqs, String queueUrl) {
            this.sqs = sqs;
            this.queueUrl = queueUrl;
        }

        /** Waits for S3's object-created notification of this key (others are taken off the queue and dropped). */
        public String forKey(String key, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (var m : sqs.receiveMessage(c -> c.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
                    sqs.deleteMessage(c -> c.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
                    if (m.body().contains("\"Records\"")) {
                        String raw = Json.tree(m.body()).get("Records").get(0).get("s3").get("object").get("key").asText();
                        if (java.net.URLDecoder.decode(raw, StandardCharsets.UTF_8).equals(key)) {
                            return m.body();
                        }
                    }
                }
            }
            throw new IllegalStateException("no S3 notification for " + key + " within " + timeout);
        }
    }

    // ---------------------------------------------------------------- inspection (never faulted)

    @Override
    public SessionStore rawSessions() {
        return rawSessions;
    }

    @Override
    public ImageStore rawImages() {
        return rawImages;
    }

    @Override
    public List<Upload> uploads() {
        return List.copyOf(uploads);
    }

    /** The stored bytes of one original write. */
    @Override
    public byte[] storedOriginal(Upload u) {
        if (backend == Backend.MOTO) {
            ResponseBytes<GetObjectResponse> r = rawS3.getObjectAsBytes(c -> {
                c.bucket(bucket).key(u.key());
                if (u.versionId() != null) {
                    c.versionId(u.versionId());
                }
            });
            return r.asByteArray();
        }
        return memoryImages.get(u.key());
    }

    /** Every object key under a prefix (latest versions). */
    @Override
    public List<String> objectKeys(String prefix) {
        if (backend == Backend.MOTO) {
            List<String> keys = new ArrayList<>();
            for (S3Object o : rawS3.listObjectsV2Paginator(c -> c.bucket(bucket).prefix(prefix)).contents()) {
                keys.add(o.key());
            }
            return keys;
        }
        return memoryImages.snapshot().keySet().stream().filter(k -> k.startsWith(prefix)).sorted().toList();
    }

    /** How many versions S3 keeps of a key (1 for the in-memory store). */
    public int objectVersionCount(String key) {
        if (backend == Backend.MOTO) {
            int n = 0;
            for (ObjectVersion v : rawS3.listObjectVersionsPaginator(c -> c.bucket(bucket).prefix(key)).versions()) {
                if (v.key().equals(key)) {
                    n++;
                }
            }
            return n;
        }
        return memoryImages.exists(key) ? 1 : 0;
    }

    public Map<String, String> objectTags(String key) {
        if (backend == Backend.MOTO) {
            Map<String, String> tags = new HashMap<>();
            rawS3.getObjectTagging(c -> c.bucket(bucket).key(key)).tagSet().forEach(t -> tags.put(t.key(), t.value()));
            return tags;
        }
        return memoryImages.snapshot().get(key).tags();
    }

    public S3Client rawS3() {
        return rawS3;
    }

    public DynamoDbClient rawDynamoDb() {
        return rawDynamoDb;
    }

    public String table() {
        return table;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort: a test's stack goes away with its moto resources
            }
        }
        if (rawS3 != null) {
            rawS3.close();
            rawDynamoDb.close();
        }
    }

    public static final class Builder {
        private final Backend backend;
        private FaultPlan<Fault> portFaults = FaultPlan.seeded(0);
        private FaultPlan<HttpFault> httpFaults = FaultPlan.seeded(0, HttpFault::name);
        private FaultPlan<Fault> invocationFaults = FaultPlan.seeded(0);
        private RefinementEngine engine = new TestEngines.CutoutEngine("classic");
        private ImageIngestor ingestor = new SafeImageIngestor();
        private Finisher finisher = new TestEngines.CentringFinisher();
        private final Map<String, String> env = new HashMap<>();
        private int concurrency = 4;
        private long seed = 1;
        private String names;
        private Integer sdkMaxAttempts;

        private Builder(Backend backend) {
            this.backend = backend;
        }

        public Builder portFaults(FaultPlan<Fault> plan) {
            this.portFaults = plan;
            return this;
        }

        public Builder httpFaults(FaultPlan<HttpFault> plan) {
            this.httpFaults = plan;
            return this;
        }

        public Builder invocationFaults(FaultPlan<Fault> plan) {
            this.invocationFaults = plan;
            return this;
        }

        public Builder engine(RefinementEngine engine) {
            this.engine = engine;
            return this;
        }

        public Builder ingestor(ImageIngestor ingestor) {
            this.ingestor = ingestor;
            return this;
        }

        public Builder finisher(Finisher finisher) {
            this.finisher = finisher;
            return this;
        }

        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        public Builder concurrency(int n) {
            this.concurrency = n;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Attempts per SDK call of the system's S3 and DynamoDB clients (default: the SDK's own retry policy). */
        public Builder sdkMaxAttempts(int attempts) {
            this.sdkMaxAttempts = attempts;
            return this;
        }

        /** Bucket and table name suffix (default: random). */
        public Builder names(String suffix) {
            this.names = suffix;
            return this;
        }

        public ReliabilityStack build() {
            return new ReliabilityStack(this);
        }
    }

    /**
     * The suites load the stack with hundreds of uploads a minute from two tenants to test delivery and faults, not
     * the per-tenant quota (TenantQuota's own tests do): the 200-upload soak otherwise had 89 uploads refused by the
     * default 60 a minute. A suite that sets the quota keeps its own.
     */
    public static Map<String, String> withoutQuota(Map<String, String> env) {
        Map<String, String> out = new HashMap<>(env);
        out.putIfAbsent("REFINERY_QUOTA_SESSIONS_PER_MINUTE", "1000000");
        out.putIfAbsent("REFINERY_QUOTA_SESSIONS_PER_DAY", "100000000");
        return out;
    }
}
