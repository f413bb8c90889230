package dev.refinery.openai;

import dev.refinery.engine.ProductSegmenter;
import com.openai.core.Sleeper;
import dev.refinery.domain.PresetCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import okhttp3.mockwebserver.MockWebServer;

/**
 * A MockWebServer on 127.0.0.1 (free port) running {@link FakeImagesApi}, and an engine pointed at
 * it. The SDK's retry waits go to a recording sleeper instead of the clock, so tests never sleep.
 */
final class MockApi implements AutoCloseable {
    static final String TEST_KEY = "sk-test-0123456789-not-a-real-key";

    final MockWebServer server = new MockWebServer();
    final FakeImagesApi api = new FakeImagesApi();
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    final InMemorySpendLedger ledger;
    final OpenAiConfig config;
    final OpenAiEngine engine;

    MockApi() {
        this(c -> c, new InMemorySpendLedger(Double.POSITIVE_INFINITY, Map.of()));
    }

    MockApi(UnaryOperator<OpenAiConfig> tweak, InMemorySpendLedger ledger) {
        this(tweak, ledger, new EnvApiKeyProvider(Map.of(EnvApiKeyProvider.VARIABLE, TEST_KEY)));
    }

    /** With the key from {@code key}, which the engine asks to read again when the fake API refuses it. */
    MockApi(ApiKeyProvider key) {
        this(c -> c, new InMemorySpendLedger(Double.POSITIVE_INFINITY, Map.of()), key);
    }

    MockApi(UnaryOperator<OpenAiConfig> tweak, InMemorySpendLedger ledger, ApiKeyProvider key) {
        this(tweak, ledger, key, new BackdropSegmenter());
    }

    /** With another segmenter: the classic engine's, for photos the tests' backdrop keying cannot cut. */
    MockApi(ProductSegmenter segmenter) {
        this(c -> c, new InMemorySpendLedger(Double.POSITIVE_INFINITY, Map.of()),
                new EnvApiKeyProvider(Map.of(EnvApiKeyProvider.VARIABLE, TEST_KEY)), segmenter);
    }

    MockApi(UnaryOperator<OpenAiConfig> tweak, InMemorySpendLedger ledger, ApiKeyProvider key, ProductSegmenter segmenter) {
        server.setDispatcher(api);
        try {
            server.start(InetAddress.getByName("127.0.0.1"), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        OpenAiConfig base = OpenAiConfig.from(Map.of(), new Properties())
                .withBaseUrl(server.url("/v1").toString())
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), 1);
        this.config = tweak.apply(base);
        this.ledger = ledger;
        this.engine = new OpenAiEngine(OpenAiEngine.client(config, key, b -> b.sleeper(new RecordingSleeper(sleeps))), key,
                config, segmenter, new ClasspathTemplateRepository(), ledger, PresetCatalog.bundled(), Clock.systemUTC());
    }

    @Override
    public void close() {
        try {
            server.shutdown();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records the SDK's backoff waits instead of waiting. */
    record RecordingSleeper(List<Duration> sleeps) implements Sleeper {
        @Override
        public void sleep(Duration duration) {
            sleeps.add(duration);
        }

        @Override
        public CompletableFuture<Void> sleepAsync(Duration duration) {
            sleeps.add(duration);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
        }
    }
}
