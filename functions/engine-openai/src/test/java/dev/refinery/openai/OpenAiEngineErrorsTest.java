package dev.refinery.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.refinery.domain.EngineUnavailableException;
import dev.refinery.domain.InvalidInputException;
import dev.refinery.domain.RetryLaterException;
import dev.refinery.domain.Stage;
import dev.refinery.domain.TransientRefineryException;
import dev.refinery.engine.EditRequest;
import dev.refinery.engine.EditResult;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each failure of the Images API ends in the exception the state machine expects (by class name),
 * with a reason that says what happened, and the SDK's own retries stay bounded.
 */
class OpenAiEngineErrorsTest {
    private MockApi mock;
    private TestPhotos.Photo photo;

    @BeforeEach
    void start() {
        mock = new MockApi();
        photo = TestPhotos.bottle(640, 480);
    }

    @AfterEach
    void stop() {
        mock.close();
    }

    private EditResult lighting() {
        return mock.engine.edit(Stage.LIGHTING, new EditRequest(photo.image(), photo.image(), List.of("amazon-main"),
                null, Map.of(), List.of(), Map.of("category", "generic"), "tenant-a"));
    }

    @Test
    void rateLimitThenSuccessIsRetriedOnceBySdkAndSucceeds() {
        mock.api.script(FakeImagesApi.error(429, "rate_limit_exceeded", "requests", "Rate limit reached").addHeader("Retry-After", "1"));
        EditResult r = lighting();
        assertThat(r.passed()).isTrue();
        assertThat(mock.api.received).hasSize(2);
        assertThat(mock.sleeps).as("the SDK waited the server's Retry-After").containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void persistentRateLimitWithShortRetryAfterIsRateLimited() {
        mock.api.script(
                FakeImagesApi.error(429, "rate_limit_exceeded", "requests", "Rate limit reached").addHeader("Retry-After", "2"),
                FakeImagesApi.error(429, "rate_limit_exceeded", "requests", "Rate limit reached").addHeader("Retry-After", "2"));
        assertThatThrownBy(this::lighting)
                .isInstanceOf(RateLimitedException.class)
                .isInstanceOf(TransientRefineryException.class)
                .hasMessageContaining("HTTP 429")
                .hasMessageContaining("Retry-After 2 s")
                .hasMessageContaining("Rate limit reached")
                .satisfies(e -> assertThat(((RateLimitedException) e).retryAfterSeconds()).isEqualTo(2));
        assertThat(mock.api.received).as("one SDK retry, no more").hasSize(2);
    }

    @Test
    void longRetryAfterBecomesRetryLaterWithTheWaitInTheMessage() {
        mock.api.script(
                FakeImagesApi.error(429, "rate_limit_exceeded", "tokens", "Rate limit reached for images").addHeader("Retry-After", "120"),
                FakeImagesApi.error(429, "rate_limit_exceeded", "tokens", "Rate limit reached for images").addHeader("Retry-After", "120"));
        assertThatThrownBy(this::lighting)
                .isInstanceOf(RetryLaterException.class)
                .hasMessageStartingWith("retryAfterSeconds=120 ")
                .satisfies(e -> assertThat(((RetryLaterException) e).retryAfterSeconds()).isEqualTo(120));
    }

    @Test
    void exhaustedQuotaIsNotRetriedAsThrottling() {
        mock.api.script(
                FakeImagesApi.error(429, "insufficient_quota", "insufficient_quota", "You exceeded your current quota"),
                FakeImagesApi.error(429, "insufficient_quota", "insufficient_quota", "You exceeded your current quota"));
        assertThatThrownBy(this::lighting)
                .isInstanceOf(EngineUnavailableException.class)
                .hasMessageContaining("quota");
    }

    @Test
    void serverErrorsBecomeModelServerExceptionAfterOneSdkRetry() {
        mock.api.script(
                FakeImagesApi.error(500, null, "server_error", "The server had an error while processing your request"),
                FakeImagesApi.error(503, null, "server_error", "Service unavailable"));
        assertThatThrownBy(this::lighting)
                .isInstanceOf(ModelServerException.class)
                .isInstanceOf(TransientRefineryException.class)
                .hasMessageContaining("HTTP 503")
                .satisfies(e -> assertThat(((ModelServerException) e).statusCode()).isEqualTo(503));
        assertThat(mock.api.received).hasSize(2);
    }

    @Test
    void serverErrorThenSuccessSucceeds() {
        mock.api.script(FakeImagesApi.error(502, null, "server_error", "Bad gateway"));
        assertThat(lighting().passed()).isTrue();
        assertThat(mock.api.received).hasSize(2);
    }

    @Test
    void aModelThatDoesNotAnswerInTimeIsATimeout() {
        try (MockApi slow = new MockApi(c -> c.withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(400), 1),
                new InMemorySpendLedger(Double.POSITIVE_INFINITY, Map.of()))) {
            slow.api.script(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE),
                    new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
            assertThatThrownBy(() -> slow.engine.edit(Stage.LIGHTING, new EditRequest(photo.image(), photo.image(),
                    List.of("amazon-main"), null, Map.of(), List.of(), Map.of(), "tenant-a")))
                    .isInstanceOf(ModelTimeoutException.class)
                    .isInstanceOf(TransientRefineryException.class)
                    .hasMessageContaining("did not answer the lighting edit in time");
            assertThat(slow.api.received).hasSize(2);
        }
    }

    @Test
    void aDroppedConnectionIsAServerFailure() {
        mock.api.script(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST),
                new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        assertThatThrownBy(this::lighting)
                .isInstanceOf(ModelServerException.class)
                .hasMessageContaining("connection to OpenAI failed");
    }

    @Test
    void moderationBlockedIsNotRetriedAndNamesTheCategories() {
        mock.api.script(FakeImagesApi.error(400, "moderation_blocked", "image_generation_user_error",
                "Your request was rejected by the safety system. If you believe this is an error, contact us. safety_violations=[sexual, violence]."));
        assertThatThrownBy(this::lighting)
                .isInstanceOf(ModerationBlockedException.class)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("safety system blocked the lighting edit")
                .satisfies(e -> {
                    ModerationBlockedException m = (ModerationBlockedException) e;
                    assertThat(m.categories()).containsExactly("sexual", "violence");
                    assertThat(m.retryable()).isFalse();
                    assertThat(m.reason()).contains("change the photo or the wording");
                });
        assertThat(mock.api.received).as("never retried").hasSize(1);
    }

    @Test
    void anInvalidRequestIsNotRetried() {
        mock.api.script(FakeImagesApi.json(400,
                "{\"error\":{\"message\":\"Invalid size '999x999'.\",\"type\":\"invalid_request_error\",\"param\":\"size\",\"code\":\"invalid_value\"}}"));
        assertThatThrownBy(this::lighting)
                .isInstanceOf(InvalidModelRequestException.class)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("invalid_value")
                .hasMessageContaining("parameter size")
                .hasMessageContaining("Invalid size");
        assertThat(mock.api.received).hasSize(1);
    }

    @Test
    void aRefusedKeyIsReadAgainOnceThenStopsTheEngineWithoutLeakingTheKey() {
        mock.api.script(FakeImagesApi.error(401, "invalid_api_key", "invalid_request_error", "Incorrect API key provided"));
        mock.api.script(FakeImagesApi.error(401, "invalid_api_key", "invalid_request_error", "Incorrect API key provided"));
        assertThatThrownBy(this::lighting)
                .isInstanceOf(EngineUnavailableException.class)
                .hasMessageContaining("refused the API key")
                .satisfies(e -> assertThat(e.getMessage() + ((EngineUnavailableException) e).reason()).doesNotContain(MockApi.TEST_KEY));
        assertThat(mock.api.received).hasSize(2);
        assertThat(mock.api.received.get(0).authorization()).isEqualTo("Bearer " + MockApi.TEST_KEY);
    }

    @Test
    void aKeyRotatedInItsSecretIsUsedAtOnceWhenOpenAiRefusesTheOldOne() {
        // the secret is rotated while a warm container still holds the old key in its one-hour cache
        String[] stored = {"{\"apiKey\":\"sk-before-rotation\"}"};
        CachedApiKeyProvider key = new CachedApiKeyProvider(() -> stored[0], Duration.ofHours(1), Clock.systemUTC(), "test secret");
        try (MockApi rotated = new MockApi(key)) {
            key.apiKey();
            stored[0] = "{\"apiKey\":\"sk-after-rotation\"}";
            rotated.api.script(FakeImagesApi.error(401, "invalid_api_key", "invalid_request_error", "Incorrect API key provided"));
            EditResult r = rotated.engine.edit(Stage.LIGHTING, new EditRequest(photo.image(), photo.image(), List.of("amazon-main"),
                    null, Map.of(), List.of(), Map.of("category", "generic"), "tenant-a"));
            assertThat(r.image()).isNotNull();
            assertThat(rotated.api.received).extracting(FakeImagesApi.Received::authorization)
                    .containsExactly("Bearer sk-before-rotation", "Bearer sk-after-rotation");
        }
    }

    @Test
    void aModelCallEndsBeforeItsLambdaWouldAndNoneStartsWithoutTime() {
        // a 60 s client timeout, but the invocation has 2 s left: the call gives up in time, as a retryable timeout
        try (MockApi slow = new MockApi(c -> c.withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(60), 0),
                new InMemorySpendLedger(Double.POSITIVE_INFINITY, Map.of()))) {
            slow.api.script(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> dev.refinery.engine.CallDeadline.within(Duration.ofSeconds(2),
                    () -> slow.engine.edit(Stage.LIGHTING, new EditRequest(photo.image(), photo.image(), List.of("amazon-main"), null, Map.of(),
                            List.of(), Map.of("category", "generic"), "tenant-a"))))
                    .isInstanceOf(ModelTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
            // no time left at all: no request is made (and nothing is paid)
            int before = slow.api.received.size();
            assertThatThrownBy(() -> dev.refinery.engine.CallDeadline.within(Duration.ofSeconds(-1),
                    () -> slow.engine.edit(Stage.LIGHTING, new EditRequest(photo.image(), photo.image(), List.of("amazon-main"), null, Map.of(),
                            List.of(), Map.of("category", "generic"), "tenant-a"))))
                    .isInstanceOf(ModelTimeoutException.class).hasMessageContaining("Not enough time left");
            assertThat(slow.api.received).hasSize(before);
        }
    }

    @Test
    void malformedBase64IsAServerFailureWithAClearReason() {
        mock.api.script(FakeImagesApi.okJson("this is *not* base64 at all!", 10, 10, 10));
        assertThatThrownBy(this::lighting)
                .isInstanceOf(ModelServerException.class)
                .hasMessageContaining("not valid base64");
    }

    @Test
    void base64ThatIsNotAnImageIsAServerFailure() {
        mock.api.script(FakeImagesApi.okJson(Base64.getEncoder().encodeToString("hello, not a png".getBytes()), 10, 10, 10));
        assertThatThrownBy(this::lighting)
                .isInstanceOf(ModelServerException.class)
                .hasMessageContaining("not a readable image");
    }

    @Test
    void anEmptyDataListIsAServerFailure() {
        mock.api.script(FakeImagesApi.json(200, "{\"created\":1760000000,\"data\":[]}"));
        assertThatThrownBy(this::lighting)
                .isInstanceOf(ModelServerException.class)
                .hasMessageContaining("without an image (an empty data list)");
    }

    @Test
    void aBodyThatIsNotJsonIsAServerFailure() {
        mock.api.script(FakeImagesApi.json(200, "<html>gateway</html>"));
        assertThatThrownBy(this::lighting).isInstanceOf(ModelServerException.class);
    }

    @Test
    void aSlowButInTimeAnswerSucceeds() {
        mock.api.script(FakeImagesApi.ok(TestPhotos.bottle(640, 480).image(), "png").setBodyDelay(100, TimeUnit.MILLISECONDS));
        assertThat(lighting().passed()).isTrue();
    }
}
