package dev.refinery.reliability.inputs;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.refinery.aws.Json;
import dev.refinery.application.UploadIntake;
import dev.refinery.aws.testing.Fixtures;
import dev.refinery.domain.Session;
import dev.refinery.domain.SessionStatus;
import dev.refinery.reliability.harness.Invariants;
import dev.refinery.reliability.harness.Photos;
import dev.refinery.reliability.harness.ReliabilityStack;
import dev.refinery.testkit.MotoServer;
import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keys that need encoding in S3's notifications (spaces, unicode, '+', '%'), and hostile or
 * oversized API inputs: path traversal, a prompt over 32,000 characters, unknown presets.
 */
@ExtendWith(MotoServer.class)
class KeysAndApiInputsTest {
    private static final List<String> AWKWARD_FILE_NAMES = List.of(
            "red mug.png", "café crème ☕.png", "lid+handle.png", "100% cotton.png", "a+b %2B c.png", "50%25 off.png");

    private static ReliabilityStack stack;
    private static ReliabilityStack.S3Notifications notifications;

    @BeforeAll
    static void start() {
        stack = ReliabilityStack.builder(ReliabilityStack.Backend.MOTO).build();
        notifications = stack.s3Notifications();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void awkwardKeysInS3sOwnNotificationsReachTheRightObject() {
        List<Invariants.SessionRef> refs = new ArrayList<>();
        int i = 0;
        for (String name : AWKWARD_FILE_NAMES) {
            String key = "uploads/acme/KEY-" + (++i) + "/" + name;
            stack.putOriginal(key, Photos.flatPng(400, 300, new Color(30, 110, 60)));
            String event = notifications.forKey(key, Duration.ofSeconds(20));
            assertThat(event).as("S3 encodes the key").doesNotContain(name);
            List<UploadIntake.Result> results = stack.deliver(event);
            assertThat(results).singleElement().satisfies(r -> {
                assertThat(r.outcome()).as(r.reason()).isEqualTo(UploadIntake.Outcome.STARTED);
                assertThat(r.key()).isEqualTo(key);
            });
            refs.add(new Invariants.SessionRef("acme", results.get(0).sessionId()));
        }
        stack.awaitExecutions(Duration.ofMinutes(2));
        for (Invariants.SessionRef ref : refs) {
            Session s = stack.rawSessions.find("acme", ref.sessionId()).orElseThrow();
            assertThat(s.status()).as(s.source().key() + ": " + s.reason()).isEqualTo(SessionStatus.COMPLETED);
            assertThat(stack.rawSessions.versions("acme", s.id()).get(0).params()).containsEntry("source", s.source().key());
        }
        assertThat(Invariants.check(stack, refs).violations()).isEmpty();
    }

    @Test
    void theSameKeysEncodedAsS3DocumentsItGiveTheSameSessions() {
        for (String name : AWKWARD_FILE_NAMES) {
            String key = "uploads/acme/ENC/" + name;
            ReliabilityStack.Upload u = stack.putOriginal(key, Photos.flatPng(400, 300, new Color(30, 110, 60)));
            notifications.forKey(key, Duration.ofSeconds(20));
            String encoded = ReliabilityStack.encodeKey(key);
            assertThat(encoded).doesNotContain(" ");
            assertThat(stack.deliver(stack.notification(u))).singleElement()
                    .satisfies(r -> assertThat(r.key()).isEqualTo(key));
        }
        stack.awaitExecutions(Duration.ofMinutes(2));
    }

    @Test
    void anEventBridgeKeyWithALiteralPercentIsReadNotRejectedOrCrashed() {
        // Whatever EventBridge's encoding of a key, a '%' that starts no valid escape cannot be an escape.
        String key = "uploads/acme/EB-1/100% wool.png";
        stack.putOriginal(key, Photos.flatPng(400, 300, new Color(30, 110, 60)));
        String event = Fixtures.objectCreated(stack.bucket(), key, 1000, "00AB0000000000000001");
        List<UploadIntake.Result> results = stack.deliver(event);
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.outcome()).as(r.reason()).isEqualTo(UploadIntake.Outcome.STARTED);
            assertThat(r.key()).isEqualTo(key);
        });
        stack.awaitExecutions(Duration.ofMinutes(2));
        assertThat(stack.rawSessions.find("acme", results.get(0).sessionId()).orElseThrow().status()).isEqualTo(SessionStatus.COMPLETED);
    }

    // ---------------------------------------------------------------- the API

    private static APIGatewayProxyResponseEvent call(String method, String path, Object body) {
        return stack.call(method, path, "acme", body);
    }

    private static void assert4xx(APIGatewayProxyResponseEvent r, int status, String messagePart) {
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(status);
        JsonNode body = Json.tree(r.getBody());
        assertThat(body.get("message").asText() + " " + body.get("hint").asText()).containsIgnoringCase(messagePart);
        assertThat(body.get("hint").asText()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/sessions/../catalog/items", "/sessions/%2e%2e/versions", "/sessions//versions", "/sessions/x\\..\\y",
            "/catalog/items/..%2Fglobex", "/sessions/abc/versions/1/../../../../uploads"})
    void traversalInThePathIsRefused(String path) {
        APIGatewayProxyResponseEvent r = call("GET", path, null);
        assertThat(r.getStatusCode()).as(path + " -> " + r.getBody()).isBetween(400, 404);
    }

    @Test
    void traversalInBodiesIsRefused() {
        assert4xx(call("POST", "/uploads", Map.of("sku", "SKU-1", "fileName", "../../globex/SKU-1/a.jpg")), 400, "file name");
        assert4xx(call("POST", "/uploads", Map.of("sku", "../globex", "fileName", "a.jpg")), 400, "SKU");
        assert4xx(call("POST", "/uploads", Map.of("sku", "SKU-1", "fileName", "..")), 400, "file name");
        APIGatewayProxyResponseEvent other = call("POST", "/sessions", Map.of("uploadKey", "uploads/acme/../globex/SKU-1/a.jpg"));
        assertThat(other.getStatusCode()).as(other.getBody()).isIn(400, 403);
        assert4xx(call("POST", "/sessions", Map.of("uploadKey", "uploads/globex/SKU-1/a.jpg")), 403, "outside your uploads");
        assert4xx(call("POST", "/sessions", Map.of("uploadKey", "sessions/abc/v1-base.png")), 400, "outside uploads/");
        assert4xx(call("PUT", "/catalog/items/SKU-1", Map.of("presets", List.of("amazon-main"), "sourceKey", "uploads/acme/SKU-1/../../globex/x.jpg")),
                400, "");
        assertThat(call("GET", "/sessions?sku=..%2Fglobex", null).getStatusCode()).isEqualTo(400);
    }

    @Test
    void aPromptOver32000CharactersIsRefused() {
        String prompt = "a blue enamel mug on a wooden table ".repeat(900);
        assertThat(prompt.length()).isGreaterThan(32_000);
        assert4xx(call("POST", "/sessions", Map.of("prompt", prompt, "presets", List.of("amazon-main"))), 400, "32,000");
        assert4xx(call("PUT", "/catalog/items/SKU-P", Map.of("presets", List.of("amazon-main"), "prompt", prompt)), 400, "32,000");
        String id = startedSessionId();
        assert4xx(call("POST", "/sessions/" + id + "/refinements", Map.of("feedback", prompt)), 400, "32,000");
        assertThat(new String(prompt.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).hasSizeGreaterThan(32_000);
    }

    @Test
    void anUnknownPresetIsRefusedWithTheKnownOnes() {
        String key = "uploads/acme/PRESET-1/mug.png";
        stack.putOriginal(key, Photos.flatPng(400, 300, Color.BLUE));
        assert4xx(call("POST", "/sessions", Map.of("uploadKey", key, "presets", List.of("amazon-main", "tiktok-square"))), 400, "amazon-main");
        assert4xx(call("PUT", "/catalog/items/PRESET-1", Map.of("presets", List.of("tiktok-square"))), 400, "tiktok-square");
        assertThat(stack.rawSessions.findBySku("acme", "PRESET-1")).isEmpty();
    }

    /** A session that has run, for routes that need one. */
    private static String startedSessionId() {
        String key = "uploads/acme/API-1/mug.png";
        stack.putOriginal(key, Photos.flatPng(400, 300, new Color(30, 110, 60)));
        APIGatewayProxyResponseEvent r = call("POST", "/sessions", Map.of("uploadKey", key));
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(202);
        stack.awaitExecutions(Duration.ofMinutes(2));
        return Json.tree(r.getBody()).get("sessionId").asText();
    }
}
