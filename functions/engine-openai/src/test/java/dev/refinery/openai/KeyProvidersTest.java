package dev.refinery.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.refinery.domain.EngineUnavailableException;
import dev.refinery.testkit.MotoServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Where the key comes from: the environment locally; Secrets Manager or SSM in AWS, read through a
 * TTL cache, tested against moto_server on 127.0.0.1. The key never appears in a message.
 */
class KeyProvidersTest {
    @RegisterExtension
    static final MotoServer MOTO = MotoServer.ifInstalled();
    private static SecretsManagerClient secrets;
    private static SsmClient ssm;

    @BeforeAll
    static void clients() {
        if (!MotoServer.running()) {
            return;
        }
        StaticCredentialsProvider creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        secrets = SecretsManagerClient.builder().endpointOverride(MotoServer.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(creds).httpClient(UrlConnectionHttpClient.create()).build();
        ssm = SsmClient.builder().endpointOverride(MotoServer.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(creds).httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void closeClients() {
        if (secrets != null) {
            secrets.close();
            ssm.close();
        }
    }

    private static void needMoto() {
        assumeTrue(MotoServer.running(), "skipped: moto_server is not installed on this machine (pip package moto[server])");
    }

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void withoutAKeyTheEngineRefusesToStartAndSaysWhatToSet() {
        OpenAiConfig config = OpenAiConfig.from(Map.of(), new Properties());
        assertThatThrownBy(() -> OpenAiEngine.create(config, Map.of(), new BackdropSegmenter()))
                .isInstanceOf(EngineUnavailableException.class)
                .satisfies(e -> assertThat(((EngineUnavailableException) e).reason()).contains("set OPENAI_API_KEY"));
        assertThatThrownBy(() -> OpenAiEngine.create(config, Map.of("OPENAI_API_KEY", "  "), new BackdropSegmenter()))
                .isInstanceOf(EngineUnavailableException.class);
    }

    @Test
    void withAKeyInTheEnvironmentTheEngineStartsWithoutCallingTheApi() {
        OpenAiConfig config = OpenAiConfig.from(Map.of(), new Properties()).withBaseUrl("http://127.0.0.1:9/v1");
        OpenAiEngine engine = OpenAiEngine.create(config, Map.of("OPENAI_API_KEY", MockApi.TEST_KEY), new BackdropSegmenter());
        assertThat(engine.id()).isEqualTo("openai");
        assertThat(engine.config().model()).isEqualTo("gpt-image-2");
        assertThat(engine.config().toString()).doesNotContain(MockApi.TEST_KEY);
    }

    @Test
    void theCacheKeepsAKeyForItsTtlThenRereads() {
        ManualClock clock = new ManualClock();
        AtomicInteger reads = new AtomicInteger();
        String[] current = {"key-1"};
        CachedApiKeyProvider p = new CachedApiKeyProvider(() -> {
            reads.incrementAndGet();
            return current[0];
        }, Duration.ofMinutes(5), clock, "test store");
        assertThat(p.apiKey()).isEqualTo("key-1");
        current[0] = "key-2";
        clock.now = clock.now.plusSeconds(299);
        assertThat(p.apiKey()).isEqualTo("key-1");
        clock.now = clock.now.plusSeconds(2);
        assertThat(p.apiKey()).isEqualTo("key-2");
        assertThat(reads).hasValue(2);
    }

    @Test
    void aFailedRefreshKeepsTheLastKeyButAFirstFailureIsClear() {
        ManualClock clock = new ManualClock();
        boolean[] fail = {false};
        CachedApiKeyProvider p = new CachedApiKeyProvider(() -> {
            if (fail[0]) {
                throw new IllegalStateException("store unreachable");
            }
            return "key-1";
        }, Duration.ofSeconds(1), clock, "test store");
        assertThat(p.apiKey()).isEqualTo("key-1");
        fail[0] = true;
        clock.now = clock.now.plusSeconds(5);
        assertThat(p.apiKey()).isEqualTo("key-1");

        CachedApiKeyProvider broken = new CachedApiKeyProvider(() -> {
            throw new IllegalStateException("store unreachable");
        }, Duration.ofSeconds(1), clock, "test store");
        assertThatThrownBy(broken::apiKey).isInstanceOf(EngineUnavailableException.class)
                .hasMessageContaining("Cannot read the OpenAI key from test store").hasMessageContaining("store unreachable");
    }

    @Test
    void secretsManagerSecretIsReadThroughTheCache() {
        needMoto();
        String arn = secrets.createSecret(r -> r.name("refinery/openai-" + System.nanoTime()).secretString("sk-from-secrets-manager")).arn();
        ManualClock clock = new ManualClock();
        ApiKeyProvider p = AwsKeyProviders.secretsManager(secrets, arn, Duration.ofMinutes(5), clock);
        assertThat(p.apiKey()).isEqualTo("sk-from-secrets-manager");
        secrets.putSecretValue(r -> r.secretId(arn).secretString("{\"OPENAI_API_KEY\":\"sk-rotated\"}"));
        assertThat(p.apiKey()).as("still cached").isEqualTo("sk-from-secrets-manager");
        clock.now = clock.now.plus(Duration.ofMinutes(6));
        assertThat(p.apiKey()).isEqualTo("sk-rotated");
        assertThat(p.describe()).contains(arn).doesNotContain("sk-");
    }

    @Test
    void aMissingSecretStopsTheEngineWithTheSecretsNameNotTheKey() {
        needMoto();
        ApiKeyProvider p = AwsKeyProviders.secretsManager(secrets, "refinery/does-not-exist", Duration.ofMinutes(5), Clock.systemUTC());
        assertThatThrownBy(p::apiKey).isInstanceOf(EngineUnavailableException.class)
                .hasMessageContaining("refinery/does-not-exist").hasMessageContaining("ResourceNotFoundException");
    }

    @Test
    void ssmSecureStringParameterIsRead() {
        needMoto();
        String name = "/refinery/openai-key-" + System.nanoTime();
        ssm.putParameter(r -> r.name(name).type(ParameterType.SECURE_STRING).value("sk-from-ssm"));
        assertThat(AwsKeyProviders.ssm(ssm, name, Duration.ofMinutes(5), Clock.systemUTC()).apiKey()).isEqualTo("sk-from-ssm");
    }

    @Test
    void theEngineReadsItsKeyFromTheSecretNamedInTheEnvironment() {
        needMoto();
        String arn = secrets.createSecret(r -> r.name("refinery/engine-" + System.nanoTime()).secretString("sk-engine-secret")).arn();
        Map<String, String> env = new HashMap<>();
        env.put("REFINERY_OPENAI_SECRET_ARN", arn);
        env.put("AWS_REGION", "us-east-1");
        env.put("REFINERY_SECRETSMANAGER_ENDPOINT", MotoServer.endpoint().toString());
        OpenAiConfig config = OpenAiConfig.from(env, new Properties());
        assertThat(config.keySource().kind()).isEqualTo(OpenAiConfig.KeySource.Kind.SECRETS_MANAGER);
        // The production client uses the default credentials chain: give it moto's dummy credentials for this call only.
        String oldId = System.getProperty("aws.accessKeyId"), oldSecret = System.getProperty("aws.secretAccessKey");
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        try {
            ApiKeyProvider key = OpenAiEngine.keyProvider(config, env);
            assertThat(key.apiKey()).isEqualTo("sk-engine-secret");
            assertThat(OpenAiEngine.create(config, env, new BackdropSegmenter()).id()).isEqualTo("openai");
        } finally {
            restore("aws.accessKeyId", oldId);
            restore("aws.secretAccessKey", oldSecret);
        }
    }

    @Test
    void aJsonSecretGivesItsKeyNotItsJsonAndARefusedKeyIsReadAgainAtOnce() {
        // the stage functions read the secret's raw value (Secrets Manager by ARN): a key/value secret is JSON
        ManualClock clock = new ManualClock();
        AtomicInteger reads = new AtomicInteger();
        String[] stored = {"{\"apiKey\":\"sk-old\"}"};
        CachedApiKeyProvider p = new CachedApiKeyProvider(() -> {
            reads.incrementAndGet();
            return stored[0];
        }, Duration.ofHours(1), clock, "test secret");
        assertThat(p.apiKey()).isEqualTo("sk-old");
        stored[0] = "{\"apiKey\":\"sk-new\"}";
        assertThat(p.apiKey()).as("within the TTL").isEqualTo("sk-old");
        p.invalidate();
        assertThat(p.apiKey()).as("after OpenAI refused the old key").isEqualTo("sk-new");
        assertThat(reads).hasValue(2);
        stored[0] = "{\"other\":\"sk-x\"}";
        p.invalidate();
        assertThatThrownBy(p::apiKey).isInstanceOf(EngineUnavailableException.class)
                .hasMessageNotContaining("sk-x").hasMessageContaining("apiKey");
    }

    @Test
    void secretContentsAreParsedWithoutEchoingThem() {
        assertThat(AwsKeyProviders.keyFromSecretString(" sk-plain \n")).isEqualTo("sk-plain");
        assertThat(AwsKeyProviders.keyFromSecretString("{\"apiKey\":\"sk-json\"}")).isEqualTo("sk-json");
        assertThatThrownBy(() -> AwsKeyProviders.keyFromSecretString("{sk-broken"))
                .hasMessageNotContaining("sk-broken").hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> AwsKeyProviders.keyFromSecretString("{\"other\":\"sk-x\"}"))
                .hasMessageNotContaining("sk-x").hasMessageContaining("apiKey");
    }

    private static void restore(String name, String value) {
        if (value == null) {
            System.clearProperty(name);
        } else {
            System.setProperty(name, value);
        }
    }
}
