package dev.refinery.aws.handlers;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import dev.refinery.aws.AwsClients;
import dev.refinery.aws.Json;
import dev.refinery.aws.config.RefineryConfig;
import dev.refinery.aws.dynamodb.DynamoDbSessionEventLog;
import dev.refinery.aws.dynamodb.DynamoDbSessionStore;
import dev.refinery.application.ports.ExecutionInput;
import dev.refinery.application.ports.SessionEvent;
import dev.refinery.aws.runtime.OfflineHttpClient;
import dev.refinery.aws.s3.S3ImageStore;
import dev.refinery.aws.stepfunctions.StepFunctionsWorkflowStarter;
import dev.refinery.domain.Stage;
import dev.refinery.domain.VersionSlot;
import java.time.Clock;
import java.time.Instant;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import dev.refinery.aws.Wiring;
import dev.refinery.application.ports.ImageLinks;
import dev.refinery.application.ports.PresignedPost;
import dev.refinery.application.ports.memory.InMemoryCatalogStore;
import dev.refinery.application.ports.memory.InMemorySessionEventLog;
import dev.refinery.application.ports.memory.InMemoryUploadLedger;
import dev.refinery.application.ports.memory.RecordingNotifier;
import dev.refinery.application.ports.memory.RecordingWorkflowStarter;
import dev.refinery.aws.runtime.Jitter;
import dev.refinery.domain.PresetCatalog;
import dev.refinery.domain.Source;
import dev.refinery.pipeline.StartRequest;
import dev.refinery.ports.memory.InMemoryImageStore;
import dev.refinery.ports.memory.InMemorySessionStore;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * What a SnapStart snapshot of a Refinery function holds, and what it must not.
 *
 * <p>A deployed handler's no-argument constructor calls {@link #stages()} or {@link #control()}: the function's
 * wiring is built during init (not on the first event) and this resource is registered with CRaC's global context.
 * The Lambda java21 runtime calls {@link #beforeCheckpoint} once, when it takes the snapshot of a published version,
 * and {@link #afterRestore} in every execution environment restored from it. On a JVM without CRaC (Debian's, tests,
 * the local stack) {@code org.crac} registers nothing and never calls them; tests call them directly.
 *
 * <p>Before the snapshot: the request path runs once on a tiny in-memory photo through the same handlers and the
 * same use case ({@code RefinementService}) with the function's own engines, over memory stores — class loading,
 * the ImageIO codecs, the classic engine's code paths, JSON mapping — and the AWS adapters' requests run on SDK
 * clients whose HTTP client answers in memory ({@link #awsAdapters}), so a restored container does not pay for them
 * on its first event. Nothing reaches the network: the dry run never touches the deployed wiring's clients (so no
 * connection, no credentials and no AWS data are in the snapshot; the throw-away clients are closed), and it runs
 * the classic engine only, so the OpenAI key is never read (it is read on the first model call).
 *
 * <p>After a restore: whatever must differ between containers is drawn again ({@link Jitter#reseed()}: back-off
 * pauses). Time is never cached at init (every use case reads its {@code Clock} per call), so nothing
 * time-dependent needs re-resolving.
 *
 * <p>{@code REFINERY_PRIME_AT_INIT=true} runs both hooks during init as a snapshot and restore would: how
 * {@code make lambda-sizes} measures a primed function on a JVM without CRaC, and worth setting for provisioned
 * concurrency, whose init is not snapshotted.
 */
public final class Priming implements Resource {
    private static final Logger LOG = LogManager.getLogger(Priming.class);
    static final String PRIME_AT_INIT = "REFINERY_PRIME_AT_INIT";
    static final String TENANT = "snapstart-priming";
    /**
     * 160x120: above the ingest's 100 px minimum side and small, so the dry run's time goes to loading and first
     * execution, not pixels (the stage functions' whole priming: 0.9–1.2 s of init, docs/benchmarks.md).
     */
    static final int WIDTH = 160, HEIGHT = 120;

    /** Strong references: CRaC's global context may hold its resources weakly. */
    private static final Map<String, Priming> REGISTERED = new ConcurrentHashMap<>();

    private final String name;
    private final Function<Wiring, DryRun> dryRun;
    private final Wiring deployed;
    private volatile DryRun last;

    /** What one dry run did: the answers of the handlers it called, in order. */
    public record DryRun(String name, List<Map<String, Object>> answers, long millis) {
        public DryRun {
            answers = List.copyOf(answers);
        }
    }

    Priming(String name, Wiring deployed, Function<Wiring, DryRun> dryRun) {
        this.name = name;
        this.deployed = deployed;
        this.dryRun = dryRun;
    }

    /** The stage functions' wiring, built now, with the stage chain's priming registered. */
    static Supplier<Wiring> stages() {
        Wiring w = Wiring.stages();
        register("stages", w, Priming::stageChain, System.getenv());
        return () -> w;
    }

    /** The control functions' wiring, built now, with the upload trigger's and the API's priming registered. */
    static Supplier<Wiring> control() {
        Wiring w = Wiring.control();
        register("control", w, Priming::controlPath, System.getenv());
        return () -> w;
    }

    static Priming register(String name, Wiring deployed, Function<Wiring, DryRun> dryRun, Map<String, String> env) {
        Priming p = REGISTERED.computeIfAbsent(name, n -> {
            Priming created = new Priming(n, deployed, dryRun);
            Core.getGlobalContext().register(created);
            return created;
        });
        if ("true".equalsIgnoreCase(env.getOrDefault(PRIME_AT_INIT, "")) && p.last == null) {
            p.prime();
            p.restored();
        }
        return p;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        restored();
    }

    /**
     * Runs the dry run. A failure is logged, not thrown: priming only saves time on the first event, and a thrown
     * exception would fail the snapshot and with it the deployment of the version.
     */
    public DryRun prime() {
        long t0 = System.nanoTime();
        try {
            warmCodecs();
            DryRun d = dryRun.apply(deployed);
            last = new DryRun(name, d.answers(), (System.nanoTime() - t0) / 1_000_000);
            LOG.info("SnapStart priming ({}) ran {} handler calls in {} ms", name, last.answers().size(), last.millis());
            return last;
        } catch (RuntimeException | Error e) {
            LOG.warn("SnapStart priming ({}) failed after {} ms; the first event will load what it needs: {}", name,
                    (System.nanoTime() - t0) / 1_000_000, e.toString(), e);
            return null;
        }
    }

    /** What must differ between containers restored from one snapshot. */
    public void restored() {
        Jitter.reseed();
    }

    /** The last dry run's record, or null when none ran (or it failed). */
    public DryRun last() {
        return last;
    }

    /** The ImageIO registry and the readers and writers of the formats sellers upload and the presets ship. */
    static void warmCodecs() {
        BufferedImage img = photo();
        for (String format : List.of("png", "jpeg")) {
            byte[] bytes = encode(img, format);
            try {
                if (ImageIO.read(new ByteArrayInputStream(bytes)) == null) {
                    throw new IllegalStateException("no ImageIO reader for " + format);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * The stage chain of a first pass — base, lighting, background, detail, finalize, quality check — on a tiny
     * photo, through the stage handlers and the deployed engines over memory stores, classic engine, the default
     * presets.
     */
    static DryRun stageChain(Wiring deployed) {
        Wiring w = memory(deployed);
        String key = "uploads/" + TENANT + "/PRIMING/photo.jpg";
        w.images().put(key, encode(photo(), "jpeg"), "image/jpeg", Map.of("kind", "original"));
        String sessionId = w.service().start(new StartRequest(TENANT, null, "PRIMING",
                Source.upload(deployed.config().bucket(), key, null), deployed.config().defaultPresets(), "classic", null, null)).id();
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("tenant", TENANT);
        in.put("sessionId", sessionId);
        in.put("iteration", 0);
        in.put("mode", "first-pass");
        List<Map<String, Object>> answers = new ArrayList<>();
        for (StageHandler h : List.of(new BaseStageHandler(w), new LightingStageHandler(w), new BackgroundStageHandler(w),
                new DetailStageHandler(w), new FinalizeStageHandler(w), new QualityCheckStageHandler(w))) {
            answers.add(h.handleRequest(new HashMap<>(in), null));
        }
        answers.add(awsAdapters(deployed.config(), false));
        return new DryRun("stages", answers, 0);
    }

    /**
     * The control functions' commonest events: an S3 upload notification through the upload trigger (the session
     * created, its execution "started" on a recording starter), then the API reading that session and the presets.
     */
    static DryRun controlPath(Wiring deployed) {
        Wiring w = memory(deployed);
        String bucket = deployed.config().bucket() == null ? "priming" : deployed.config().bucket();
        String key = "uploads/" + TENANT + "/PRIMING/photo.jpg";
        byte[] photo = encode(photo(), "jpeg");
        w.images().put(key, photo, "image/jpeg", Map.of("kind", "original"));
        List<Map<String, Object>> answers = new ArrayList<>();
        answers.add(new UploadTriggerHandler(w).handle(s3Put(bucket, key, photo.length).getBytes(StandardCharsets.UTF_8)));
        ApiHandler api = new ApiHandler(w);
        for (String path : List.of("/presets", "/sessions")) {
            var response = api.handleRequest(apiGet(path, deployed.config().tenantClaim()), null);
            answers.add(Map.of("path", path, "status", response.getStatusCode()));
        }
        answers.add(awsAdapters(deployed.config(), true));
        return new DryRun("control", answers, 0);
    }

    /**
     * The AWS adapters' request path — DynamoDB GetItem, Query, the version-number transaction and PutItem; S3 PutObject
     * and GetObject; for the control functions Step Functions StartExecution — through the SDK clients the function
     * builds, over an HTTP client that answers in memory ({@link OfflineHttpClient}) and throw-away credentials. It
     * loads and runs what the first real event's requests would (marshalling, signing, checksums, unmarshalling)
     * without a connection or a real credential. Measured with make lambda-sizes: docs/benchmarks.md.
     */
    static Map<String, Object> awsAdapters(RefineryConfig config, boolean control) {
        byte[] png = encode(photo(), "png");
        OfflineHttpClient http = new OfflineHttpClient(req -> {
            String target = req.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
            if (target.startsWith("AWSStepFunctions.")) {
                return "{\"executionArn\":\"arn:aws:states:us-east-1:000000000000:execution:priming:priming\",\"startDate\":0}"
                        .getBytes(StandardCharsets.UTF_8);
            }
            if (!target.isEmpty()) {
                return "{}".getBytes(StandardCharsets.UTF_8); // DynamoDB: no item, no versions, the transaction done
            }
            return req.httpRequest().method() == software.amazon.awssdk.http.SdkHttpMethod.GET ? png : new byte[0];
        });
        AwsCredentialsProvider throwAway = StaticCredentialsProvider.create(AwsBasicCredentials.create("PRIMING", "PRIMING"));
        AwsClients clients = new AwsClients(config, throwAway, http);
        try {
            String table = config.table() == null ? "priming" : config.table();
            DynamoDbSessionStore store = new DynamoDbSessionStore(clients.dynamoDb(), table);
            store.find(TENANT, "priming");
            store.versions(TENANT, "priming");
            store.reserveVersion(TENANT, "priming", new VersionSlot(0, 0, Stage.BASE, null, 0));
            new DynamoDbSessionEventLog(clients.dynamoDb(), table)
                    .append(new SessionEvent(TENANT, "priming", Instant.EPOCH, "snapstart-priming", Map.of()));
            S3ImageStore images = new S3ImageStore(clients.s3(), clients.presigner(), throwAway,
                    config.bucket() == null ? "priming" : config.bucket(), config.region(), config.s3Endpoint(), Clock.systemUTC());
            String key = "sessions/" + TENANT + "/priming/v1-base.png";
            images.put(key, png, "image/png", Map.of("kind", "intermediate"));
            images.get(key);
            if (control && config.stateMachineArn() != null) {
                new StepFunctionsWorkflowStarter(clients.sfn(), config.stateMachineArn())
                        .start("snapstart-priming", ExecutionInput.firstPass(TENANT, "priming"));
            }
            return Map.of("aws", "offline", "requests", http.requests());
        } finally {
            clients.closeBuilt();
        }
    }

    /** The deployed function's configuration and engines over memory adapters: nothing leaves the process. */
    static Wiring memory(Wiring deployed) {
        InMemoryImageStore images = new InMemoryImageStore();
        ImageLinks links = new ImageLinks() {
            @Override
            public PresignedPost uploadForm(String keyPrefix, String key, String contentType, long maxBytes, Duration ttl) {
                return new PresignedPost("memory://priming", key, Map.of("key", key), deployed.clock().instant().plus(ttl), maxBytes);
            }

            @Override
            public URI downloadUrl(String key, Duration ttl) {
                return URI.create("memory://priming/" + key);
            }

            @Override
            public URI attachmentUrl(String key, Duration ttl, String fileName) {
                return URI.create("memory://priming/" + key + "?response-content-disposition="
                        + java.net.URLEncoder.encode(ImageLinks.attachment(fileName), java.nio.charset.StandardCharsets.UTF_8));
            }
        };
        return new Wiring(deployed.config(), new InMemorySessionStore(), images, links, new InMemoryCatalogStore(),
                new InMemoryUploadLedger(), new InMemorySessionEventLog(), new RecordingWorkflowStarter(), new RecordingNotifier(),
                deployed.engines(), PresetCatalog.bundled(), deployed.clock());
    }

    /** A product on a backdrop: a rounded box with a label band on light grey, with a soft shadow under it. */
    static BufferedImage photo() {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(222, 222, 218));
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(new Color(190, 190, 186));
        g.fillOval(52, 92, 60, 10);
        g.setColor(new Color(36, 88, 160));
        g.fillRoundRect(56, 24, 48, 72, 10, 10);
        g.setColor(new Color(236, 200, 60));
        g.fillRect(56, 48, 48, 16);
        g.dispose();
        return img;
    }

    static byte[] encode(BufferedImage img, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String s3Put(String bucket, String key, long size) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("key", key);
        object.put("size", size);
        object.put("eTag", "00000000000000000000000000000000");
        object.put("sequencer", "0000000000000000");
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("eventVersion", "2.1");
        record.put("eventSource", "aws:s3");
        record.put("awsRegion", "us-east-1");
        record.put("eventTime", "2026-01-01T00:00:00.000Z");
        record.put("eventName", "ObjectCreated:Put");
        record.put("s3", Map.of("s3SchemaVersion", "1.0", "configurationId", "priming",
                "bucket", Map.of("name", bucket, "arn", "arn:aws:s3:::" + bucket), "object", object));
        return Json.write(Map.of("Records", List.of(record)));
    }

    private static APIGatewayProxyRequestEvent apiGet(String path, String tenantClaim) {
        APIGatewayProxyRequestEvent.ProxyRequestContext ctx = new APIGatewayProxyRequestEvent.ProxyRequestContext();
        ctx.setRequestId("snapstart-priming");
        Map<String, Object> authorizer = new HashMap<>();
        authorizer.put("claims", Map.of(tenantClaim, TENANT, "sub", "snapstart-priming"));
        ctx.setAuthorizer(authorizer);
        return new APIGatewayProxyRequestEvent().withHttpMethod("GET").withPath(path).withRequestContext(ctx);
    }
}
