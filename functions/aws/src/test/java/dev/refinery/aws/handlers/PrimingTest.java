package dev.refinery.aws.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.refinery.aws.AwsClients;
import dev.refinery.aws.Engines;
import dev.refinery.aws.Wiring;
import dev.refinery.aws.config.RefineryConfig;
import dev.refinery.aws.testing.Fixtures;
import dev.refinery.aws.testing.TestEngines;
import dev.refinery.domain.EngineUnavailableException;
import dev.refinery.domain.SessionStatus;
import dev.refinery.domain.Source;
import dev.refinery.domain.Stage;
import dev.refinery.engine.EditRequest;
import dev.refinery.pipeline.StartRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The SnapStart hooks, called as the Lambda runtime calls them around a snapshot (Debian has no CRaC JDK). The
 * deployed wiring is the real one ({@code Wiring.aws}, {@code Engines.forStages} with the openai engine configured),
 * with every AWS endpoint and the OpenAI base URL on a local socket that counts connections, credentials that count
 * being asked, and an OpenAI secret that fails the test if read before the snapshot.
 */
class PrimingTest {
    private ServerSocket socket;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger credentialAsks = new AtomicInteger();
    private final AtomicInteger secretReads = new AtomicInteger();
    /** What the secret answers once priming is over: null (the secret has no value yet) or a key. */
    private final AtomicReference<String> secretAfterSnapshot = new AtomicReference<>();
    private volatile boolean snapshotTaken;
    private Map<String, String> env;
    private RefineryConfig config;

    @BeforeEach
    void localSocket() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    connections.incrementAndGet();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "priming-test-socket");
        t.setDaemon(true);
        t.start();
        String endpoint = "http://127.0.0.1:" + socket.getLocalPort();
        env = Fixtures.env(Map.of(
                "REFINERY_S3_ENDPOINT", endpoint, "REFINERY_DYNAMODB_ENDPOINT", endpoint, "REFINERY_SFN_ENDPOINT", endpoint,
                "REFINERY_EVENTS_ENDPOINT", endpoint, "REFINERY_LAMBDA_ENDPOINT", endpoint, "REFINERY_EVENT_BUS", "refinery-test",
                "REFINERY_OPENAI_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:refinery/openai-AbCdEf",
                "REFINERY_ENGINES", "classic,openai", "OPENAI_BASE_URL", endpoint + "/v1"));
        config = RefineryConfig.from(env);
    }

    @AfterEach
    void close() throws IOException {
        socket.close();
    }

    private Wiring deployedStages() {
        AwsClients clients = new AwsClients(config, countingCredentials());
        Engines engines = Engines.forStages(config, arn -> {
            secretReads.incrementAndGet();
            if (!snapshotTaken) {
                throw new AssertionError("the OpenAI secret was read before the snapshot");
            }
            String key = secretAfterSnapshot.get();
            if (key == null) {
                throw new IllegalStateException("Secrets Manager can't find the specified secret value for staging label: AWSCURRENT");
            }
            return key;
        }, env);
        return Wiring.aws(config, clients, engines, Clock.systemUTC());
    }

    private AwsCredentialsProvider countingCredentials() {
        return new AwsCredentialsProvider() {
            @Override
            public AwsCredentials resolveCredentials() {
                credentialAsks.incrementAndGet();
                throw new AssertionError("credentials were resolved before the snapshot");
            }
        };
    }

    @Test
    void stagePrimingRunsTheWholeChainOnATinyPhotoWithoutNetworkCredentialsOrTheKey() {
        Wiring deployed = deployedStages();
        assertThat(deployed.engines().engine("openai")).as("the openai engine is wired, as in the stage package").isPresent();

        Priming p = new Priming("stages-test", deployed, Priming::stageChain);
        Priming.DryRun run = p.prime();
        p.restored();

        assertThat(run).as("the dry run completed (a failure is logged and gives null)").isNotNull();
        assertThat(run.answers()).extracting(a -> a.get("stage")).containsExactly("base", "lighting", "background", "detail",
                "finalize", null, null);
        assertThat(run.answers().get(6)).as("the AWS adapters' requests, answered in memory").containsEntry("aws", "offline");
        assertThat((Integer) run.answers().get(6).get("requests")).as("GetItem, Query, 2 GetItem + TransactWriteItems, PutItem, "
                + "PutObject, GetObject").isEqualTo(8);
        assertThat(run.answers().get(4).get("versions")).asList().hasSize(config.defaultPresets().size());
        assertThat(run.answers().get(5)).containsKeys("passed", "summary").containsEntry("engine", "check");
        assertThat(run.answers().get(0)).containsEntry("engine", "ingest");
        assertThat(run.answers().get(1)).containsEntry("engine", "classic");
        assertThat(connections).as("connections to any AWS endpoint or the OpenAI API").hasValue(0);
        assertThat(credentialAsks).hasValue(0);
        assertThat(secretReads).hasValue(0);
        assertThat(p.last()).isSameAs(run);
    }

    @Test
    void afterPrimingTheOpenAiKeyIsReadOnItsFirstUseAndAMissingKeySaysSo() {
        Wiring deployed = deployedStages();
        assertThat(new Priming("stages-key-test", deployed, Priming::stageChain).prime()).isNotNull();
        snapshotTaken = true;

        var openai = deployed.engines().engine("openai").orElseThrow();
        var photo = Priming.photo();
        EditRequest request = new EditRequest(photo, photo, List.of("amazon-main"), null, Map.of(), List.of(),
                Map.of("category", "generic"), "acme");
        assertThatThrownBy(() -> openai.edit(Stage.LIGHTING, request))
                .isInstanceOf(EngineUnavailableException.class)
                .hasMessageContaining("Cannot read the OpenAI key")
                .hasMessageContaining("can't find the specified secret value");
        assertThat(secretReads).as("read on first use, not before").hasValue(1);
        assertThat(connections).as("no model call without a key").hasValue(0);
    }

    @Test
    void controlPrimingRunsTheUploadTriggerAndTheApiOverMemoryOnly() {
        AwsClients clients = new AwsClients(config, countingCredentials());
        Wiring deployed = Wiring.aws(config, clients, Engines.forControl(config), Clock.systemUTC());

        Priming.DryRun run = new Priming("control-test", deployed, Priming::controlPath).prime();

        assertThat(run).isNotNull();
        @SuppressWarnings("unchecked")
        Map<String, Object> trigger = (Map<String, Object>) run.answers().get(0);
        assertThat(String.valueOf(trigger)).contains("started");
        assertThat(run.answers().subList(1, 3)).extracting(a -> a.get("status")).containsExactly(200, 200);
        assertThat(run.answers().get(3)).containsEntry("aws", "offline").containsEntry("requests", 9);
        assertThat(connections).hasValue(0);
        assertThat(credentialAsks).hasValue(0);
    }

    @Test
    void theFirstRealEventAfterPrimingIsRefinedAndPrimingLeftNothingInTheDeployedStores() {
        Map<String, String> classicOnly = Fixtures.env(Map.of("REFINERY_ENGINES", "classic"));
        Engines engines = Engines.forStages(RefineryConfig.from(classicOnly), arn -> {
            throw new AssertionError("no secret is configured");
        }, classicOnly);
        Fixtures.Memory mem = new Fixtures.Memory(Fixtures.config(), engines, Clock.systemUTC());
        Priming p = new Priming("first-event-test", mem.wiring, Priming::stageChain);
        Priming.DryRun run = p.prime();
        p.restored();
        assertThat(run).isNotNull();
        String primingSession = (String) run.answers().get(0).get("sessionId");
        assertThat(mem.sessions.find(Priming.TENANT, primingSession)).as("priming used its own memory stores").isEmpty();

        String key = "uploads/acme/SKU-1/photo.jpg";
        mem.images.put(key, TestEngines.productPhoto(320, 240), "image/jpeg", Map.of());
        String id = mem.wiring.service().start(new StartRequest("acme", "s-1", "SKU-1", Source.upload(Fixtures.BUCKET, key, "v1"),
                List.of("amazon-main"), "classic", "generic", Map.of())).id();
        Map<String, Object> in = new HashMap<>(Map.of("tenant", "acme", "sessionId", id, "iteration", 0));
        assertThat(new BaseStageHandler(mem.wiring).handleRequest(new HashMap<>(in), null)).containsEntry("version", 1);
        assertThat(new LightingStageHandler(mem.wiring).handleRequest(new HashMap<>(in), null)).containsEntry("version", 2);
        assertThat(new BackgroundStageHandler(mem.wiring).handleRequest(new HashMap<>(in), null)).containsEntry("version", 3);
        assertThat(new DetailStageHandler(mem.wiring).handleRequest(new HashMap<>(in), null)).containsEntry("version", 4);
        assertThat(new FinalizeStageHandler(mem.wiring).handleRequest(new HashMap<>(in), null)).containsEntry("versions", List.of(5));
        assertThat(new QualityCheckStageHandler(mem.wiring).handleRequest(new HashMap<>(in), null)).containsKey("passed");
        assertThat(mem.sessions.find("acme", id).orElseThrow().status()).isEqualTo(SessionStatus.RUNNING);
        assertThat(mem.sessions.versions("acme", id)).hasSize(5);
    }

    @Test
    void primeAtInitRunsBothHooksOnceAndOnlyWhenAsked() {
        Fixtures.Memory mem = new Fixtures.Memory();
        AtomicInteger runs = new AtomicInteger();
        java.util.function.Function<Wiring, Priming.DryRun> counting = w -> {
            runs.incrementAndGet();
            return new Priming.DryRun("counting", List.of(), 0);
        };
        Priming notAsked = Priming.register("init-not-asked", mem.wiring, counting, Map.of());
        assertThat(notAsked.last()).isNull();
        assertThat(runs).as("without CRaC and without the setting nothing runs at init").hasValue(0);

        Priming asked = Priming.register("init-asked", mem.wiring, counting, Map.of(Priming.PRIME_AT_INIT, "true"));
        assertThat(asked.last()).isNotNull();
        Priming again = Priming.register("init-asked", mem.wiring, counting, Map.of(Priming.PRIME_AT_INIT, "true"));
        assertThat(again).isSameAs(asked);
        assertThat(runs).as("once per process, however many handlers are constructed").hasValue(1);
    }

    @Test
    void aFailingDryRunIsLoggedNotThrownSoTheSnapshotStillHappens() {
        Fixtures.Memory mem = new Fixtures.Memory();
        Priming p = new Priming("failing", mem.wiring, w -> {
            throw new IllegalStateException("boom");
        });
        assertThat(p.prime()).isNull();
        assertThat(p.last()).isNull();
    }
}
