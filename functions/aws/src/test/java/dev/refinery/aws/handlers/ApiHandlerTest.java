package dev.refinery.aws.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.refinery.aws.Json;
import dev.refinery.aws.testing.Fixtures;
import dev.refinery.aws.testing.TestEngines;
import dev.refinery.domain.SessionStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiHandlerTest {
    private final Fixtures.Memory mem = new Fixtures.Memory();
    private final ApiHandler api = new ApiHandler(mem.wiring);

    private APIGatewayProxyResponseEvent call(String method, String path, String tenant, Object body) {
        return api.handleRequest(Fixtures.api(method, path, tenant, body), null);
    }

    private static JsonNode json(APIGatewayProxyResponseEvent r) {
        return Json.tree(r.getBody());
    }

    private String uploaded(String tenant, String sku) {
        String key = "uploads/" + tenant + "/" + sku + "/photo.jpg";
        mem.images.put(key, TestEngines.productPhoto(300, 200), "image/jpeg", Map.of());
        return key;
    }

    @Test
    void withoutATenantClaimNothingIsServed() {
        APIGatewayProxyResponseEvent r = call("GET", "/catalog/items", null, null);
        assertThat(r.getStatusCode()).isEqualTo(401);
        assertThat(json(r).get("error").asText()).isEqualTo("unauthenticated");
        assertThat(json(r).get("hint").asText()).contains("custom:tenant");
    }

    @Test
    void startingFromAnUploadAnswers202AndStartsOneExecution() {
        String key = uploaded("acme", "SKU-1");
        APIGatewayProxyResponseEvent r = call("POST", "/sessions", "acme", Map.of("uploadKey", key, "presets", List.of("amazon-main", "walmart")));
        assertThat(r.getStatusCode()).isEqualTo(202);
        String id = json(r).get("sessionId").asText();
        assertThat(mem.sessions.find("acme", id).orElseThrow().presets()).containsExactly("amazon-main", "walmart");
        assertThat(mem.starter.executions()).containsOnlyKeys(json(r).get("executionName").asText());
    }

    @Test
    void theTenantInTheBodyIsIgnored() {
        String key = uploaded("acme", "SKU-1");
        APIGatewayProxyResponseEvent r = call("POST", "/sessions", "acme", Map.of("uploadKey", key, "tenant", "evil", "presets", List.of("amazon-main")));
        String id = json(r).get("sessionId").asText();
        assertThat(mem.sessions.find("acme", id)).isPresent();
        assertThat(mem.sessions.find("evil", id)).isEmpty();
    }

    @Test
    void anotherTenantsUploadKeyIsForbidden() {
        String key = uploaded("acme", "SKU-1");
        APIGatewayProxyResponseEvent r = call("POST", "/sessions", "globex", Map.of("uploadKey", key, "presets", List.of("amazon-main")));
        assertThat(r.getStatusCode()).isEqualTo(403);
        assertThat(mem.starter.calls()).isEmpty();
    }

    @Test
    void promptsOver32000CharactersAndUnknownPresetsAreRefused() {
        APIGatewayProxyResponseEvent longPrompt = call("POST", "/sessions", "acme", Map.of("prompt", "x".repeat(32_001), "presets", List.of("amazon-main")));
        assertThat(longPrompt.getStatusCode()).isEqualTo(400);
        assertThat(json(longPrompt).get("hint").asText()).contains("32,000");
        APIGatewayProxyResponseEvent unknown = call("POST", "/sessions", "acme", Map.of("uploadKey", uploaded("acme", "S"), "presets", List.of("amazon-mian")));
        assertThat(unknown.getStatusCode()).isEqualTo(400);
        assertThat(json(unknown).get("message").asText()).contains("Unknown preset 'amazon-mian'");
        assertThat(json(unknown).get("hint").asText()).contains("amazon-main");
        assertThat(mem.starter.calls()).isEmpty();
    }

    @Test
    void unboundedFieldsAreA400NotA500AtTheStore() {
        // issue 13: a 900 KB body passed and failed later at DynamoDB's 400 KB item limit
        String key = uploaded("acme", "SKU-1");
        Map<String, String> bigFacts = new java.util.HashMap<>();
        for (int i = 0; i < 900; i++) {
            bigFacts.put("fact-" + i, "x".repeat(1000));
        }
        APIGatewayProxyResponseEvent facts = call("POST", "/sessions", "acme", Map.of("uploadKey", key, "presets", List.of("amazon-main"), "facts", bigFacts));
        assertThat(facts.getStatusCode()).isEqualTo(400);
        assertThat(json(facts).get("hint").asText()).contains("at most 32");
        APIGatewayProxyResponseEvent longFact = call("POST", "/sessions", "acme", Map.of("uploadKey", key, "presets", List.of("amazon-main"),
                "facts", Map.of("ingredients", "y".repeat(600))));
        assertThat(longFact.getStatusCode()).isEqualTo(400);
        APIGatewayProxyResponseEvent category = call("POST", "/sessions", "acme", Map.of("uploadKey", key, "presets", List.of("amazon-main"),
                "category", "c".repeat(100_000)));
        assertThat(category.getStatusCode()).isEqualTo(400);
        assertThat(json(category).get("message").asText()).hasSizeLessThan(200); // the value is not echoed back in full
        APIGatewayProxyResponseEvent presets = call("PUT", "/catalog/items/SKU-1", "acme", Map.of("presets", java.util.Collections.nCopies(5000, "amazon-main")));
        assertThat(presets.getStatusCode()).isEqualTo(400);
        assertThat(mem.starter.calls()).isEmpty();
        // and what a seller sends is still accepted
        APIGatewayProxyResponseEvent ok = call("POST", "/sessions", "acme", Map.of("uploadKey", key, "presets", List.of("amazon-main"),
                "category", "Home & Kitchen", "facts", Map.of("colour", "navy", "size", "250 ml")));
        assertThat(ok.getStatusCode()).isEqualTo(202);
    }

    @Test
    void anAllowedOriginIsEchoedOnAnswersAndErrorsAndAnyOtherGetsNoCorsHeader() {
        Fixtures.Memory web = new Fixtures.Memory(dev.refinery.aws.config.RefineryConfig.from(Fixtures.env(
                Map.of("REFINERY_CORS_ORIGINS", "https://app.refinery.test,http://localhost:5173"))), TestEngines.engines(), java.time.Clock.systemUTC());
        ApiHandler handler = new ApiHandler(web.wiring);
        var ok = Fixtures.api("GET", "/catalog/items", "acme", null);
        ok.setHeaders(Map.of("origin", "https://app.refinery.test"));
        APIGatewayProxyResponseEvent r = handler.handleRequest(ok, null);
        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(r.getHeaders()).containsEntry("Access-Control-Allow-Origin", "https://app.refinery.test").containsEntry("Vary", "Origin");
        var unauthenticated = Fixtures.api("GET", "/catalog/items", null, null);
        unauthenticated.setHeaders(Map.of("Origin", "http://localhost:5173"));
        assertThat(handler.handleRequest(unauthenticated, null).getHeaders()).containsEntry("Access-Control-Allow-Origin", "http://localhost:5173");
        var evil = Fixtures.api("GET", "/catalog/items", "acme", null);
        evil.setHeaders(Map.of("Origin", "https://evil.test"));
        assertThat(handler.handleRequest(evil, null).getHeaders()).doesNotContainKey("Access-Control-Allow-Origin");
    }

    @Test
    void theSameIdempotencyKeyAnswersTheSameSessionAndStartsOneExecution() {
        String key = uploaded("acme", "SKU-1");
        var first = Fixtures.api("POST", "/sessions", "acme", Map.of("uploadKey", key, "presets", List.of("amazon-main")));
        first.setHeaders(Map.of("Idempotency-Key", "6f1c2a8e-1f4b-4b8e-9d0a-3c2f1e0b7a55"));
        var again = Fixtures.api("POST", "/sessions", "acme", Map.of("uploadKey", key, "presets", List.of("amazon-main")));
        again.setHeaders(Map.of("idempotency-key", "6f1c2a8e-1f4b-4b8e-9d0a-3c2f1e0b7a55"));
        APIGatewayProxyResponseEvent r1 = api.handleRequest(first, null), r2 = api.handleRequest(again, null);
        assertThat(r1.getStatusCode()).isEqualTo(202);
        assertThat(r2.getStatusCode()).isEqualTo(202);
        assertThat(json(r2).get("sessionId").asText()).isEqualTo(json(r1).get("sessionId").asText());
        assertThat(mem.starter.executions()).hasSize(1);
        // another tenant's identical key is another session
        String other = uploaded("globex", "SKU-1");
        var theirs = Fixtures.api("POST", "/sessions", "globex", Map.of("uploadKey", other, "presets", List.of("amazon-main")));
        theirs.setHeaders(Map.of("Idempotency-Key", "6f1c2a8e-1f4b-4b8e-9d0a-3c2f1e0b7a55"));
        assertThat(json(api.handleRequest(theirs, null)).get("sessionId").asText()).isNotEqualTo(json(r1).get("sessionId").asText());
    }

    @Test
    void anUploadTheTriggerAlreadyRefinedIsNotRefinedTwice() {
        String key = uploaded("acme", "SKU-9");
        // the upload trigger's work: a session from this key, recorded on the SKU's catalog item
        String triggered = json(call("POST", "/sessions", "acme", Map.of("uploadKey", key, "presets", List.of("amazon-main")))).get("sessionId").asText();
        mem.catalog.registerUpload("acme", "SKU-9", "refinery-test", key, List.of("amazon-main"), "generic", java.time.Instant.now());
        mem.catalog.markRefined("acme", "SKU-9", triggered, java.time.Instant.now(), "1", "fp");
        int executions = mem.starter.executions().size();
        APIGatewayProxyResponseEvent r = call("POST", "/sessions", "acme", Map.of("uploadKey", key, "presets", List.of("amazon-main")));
        assertThat(r.getStatusCode()).isEqualTo(202);
        assertThat(json(r).get("sessionId").asText()).isEqualTo(triggered);
        assertThat(mem.starter.executions()).hasSize(executions);
        // other presets from the same upload are another refinement: a new session
        APIGatewayProxyResponseEvent walmart = call("POST", "/sessions", "acme", Map.of("uploadKey", key, "presets", List.of("walmart")));
        assertThat(json(walmart).get("sessionId").asText()).isNotEqualTo(triggered);
        assertThat(mem.starter.executions()).hasSize(executions + 1);
    }

    @Test
    void aSessionWhoseExecutionCannotStartEndsFailedNotPending() {
        Fixtures.Memory broken = new Fixtures.Memory();
        dev.refinery.aws.Wiring w = broken.wiring;
        dev.refinery.aws.Wiring failing = new dev.refinery.aws.Wiring(w.config(), broken.sessions, broken.images, null, broken.catalog, broken.ledger,
                broken.events, (name, input) -> {
                    throw new dev.refinery.domain.TransientRefineryException("Step Functions is unavailable", null);
                }, broken.notifier, TestEngines.engines(), dev.refinery.domain.PresetCatalog.bundled(), java.time.Clock.systemUTC());
        String key = "uploads/acme/SKU-1/photo.jpg";
        broken.images.put(key, TestEngines.productPhoto(300, 200), "image/jpeg", Map.of());
        APIGatewayProxyResponseEvent r = new ApiHandler(failing).handleRequest(
                Fixtures.api("POST", "/sessions", "acme", Map.of("uploadKey", key, "presets", List.of("amazon-main"))), null);
        assertThat(r.getStatusCode()).isEqualTo(503);
        assertThat(broken.sessions.findBySku("acme", "SKU-1")).hasSize(1)
                .allSatisfy(s -> assertThat(s.status()).isEqualTo(SessionStatus.FAILED));
    }

    @Test
    void aTenantOverItsQuotaGets429WithRetryAfterAndOtherTenantsDoNot() {
        Fixtures.Memory two = new Fixtures.Memory(dev.refinery.aws.config.RefineryConfig.from(Fixtures.env(
                Map.of("REFINERY_QUOTA_SESSIONS_PER_MINUTE", "2"))), TestEngines.engines(), java.time.Clock.systemUTC());
        ApiHandler limited = new ApiHandler(two.wiring);
        String key = "uploads/acme/SKU-1/photo.jpg";
        two.images.put(key, TestEngines.productPhoto(300, 200), "image/jpeg", Map.of());
        for (int i = 0; i < 2; i++) {
            assertThat(limited.handleRequest(Fixtures.api("POST", "/sessions", "acme", Map.of("uploadKey", key, "presets", List.of("amazon-main"))), null)
                    .getStatusCode()).isEqualTo(202);
        }
        APIGatewayProxyResponseEvent over = limited.handleRequest(Fixtures.api("POST", "/sessions", "acme",
                Map.of("uploadKey", key, "presets", List.of("amazon-main"))), null);
        assertThat(over.getStatusCode()).isEqualTo(429);
        assertThat(json(over).get("error").asText()).isEqualTo("quota_exceeded");
        assertThat(Integer.parseInt(over.getHeaders().get("Retry-After"))).isBetween(1, 61);
        // an upload form is refused before the photo is sent (it would start a session)
        APIGatewayProxyResponseEvent form = limited.handleRequest(Fixtures.api("POST", "/uploads", "acme",
                Map.of("sku", "SKU-2", "fileName", "b.jpg")), null);
        assertThat(form.getStatusCode()).isEqualTo(429);
        assertThat(two.starter.executions()).hasSize(2);
        // another tenant's quota is its own
        String theirs = "uploads/globex/SKU-1/photo.jpg";
        two.images.put(theirs, TestEngines.productPhoto(300, 200), "image/jpeg", Map.of());
        assertThat(limited.handleRequest(Fixtures.api("POST", "/sessions", "globex", Map.of("uploadKey", theirs, "presets", List.of("amazon-main"))), null)
                .getStatusCode()).isEqualTo(202);
    }

    @Test
    void badIdsTraversalAndUnknownRoutesAreRefused() {
        assertThat(call("GET", "/sessions/..%2F..%2Fx", "acme", null).getStatusCode()).isEqualTo(400);
        assertThat(call("GET", "/sessions/../catalog", "acme", null).getStatusCode()).isEqualTo(400);
        assertThat(call("GET", "/sessions/a$b", "acme", null).getStatusCode()).isEqualTo(400);
        assertThat(call("POST", "/sessions/abc/versions/0/approve", "acme", null).getStatusCode()).isEqualTo(400);
        assertThat(call("POST", "/sessions/abc/versions/x/approve", "acme", null).getStatusCode()).isEqualTo(400);
        assertThat(call("PUT", "/catalog/items/..", "acme", Map.of("presets", List.of("amazon-main"))).getStatusCode()).isEqualTo(400);
        assertThat(call("GET", "/nothing", "acme", null).getStatusCode()).isEqualTo(404);
        assertThat(call("DELETE", "/sessions", "acme", null).getStatusCode()).isEqualTo(405);
        assertThat(call("POST", "/sessions", "acme", "{not json").getStatusCode()).isEqualTo(400);
        // without a SKU it is the tenant-wide list (SessionListTest); a bad page size is refused
        assertThat(call("GET", "/sessions?limit=1000", "acme", null).getStatusCode()).isEqualTo(400);
    }

    @Test
    void uploadFormsPinTheKeyUnderTheTenantsPrefixAndNeverReuseAKey() {
        APIGatewayProxyResponseEvent r1 = call("POST", "/uploads", "acme", Map.of("sku", "SKU-1", "fileName", "front view.jpg"));
        APIGatewayProxyResponseEvent r2 = call("POST", "/uploads", "acme", Map.of("sku", "SKU-1", "fileName", "front view.jpg"));
        assertThat(r1.getStatusCode()).isEqualTo(200);
        String k1 = json(r1).get("key").asText();
        assertThat(k1).startsWith("uploads/acme/SKU-1/").endsWith("-front view.jpg");
        assertThat(json(r1).get("fields").get("Content-Type").asText()).isEqualTo("image/jpeg");
        assertThat(json(r2).get("key").asText()).isNotEqualTo(k1);
        assertThat(call("POST", "/uploads", "acme", Map.of("sku", "SKU-1", "fileName", "../../x.jpg")).getStatusCode()).isEqualTo(400);
        assertThat(call("POST", "/uploads", "acme", Map.of("sku", "SKU-1", "fileName", "virus.exe")).getStatusCode()).isEqualTo(400);
    }

    @Test
    void aRoundOnARunningSessionIsAConflict() {
        String key = uploaded("acme", "SKU-1");
        String id = json(call("POST", "/sessions", "acme", Map.of("uploadKey", key, "presets", List.of("amazon-main")))).get("sessionId").asText();
        var s = mem.sessions.find("acme", id).orElseThrow();
        mem.sessions.update(s.withHead(1, s.updatedAt()).withStatus(SessionStatus.RUNNING, null, s.updatedAt()));
        APIGatewayProxyResponseEvent r = call("POST", "/sessions/" + id + "/refinements", "acme", Map.of("feedback", "brighter please"));
        assertThat(r.getStatusCode()).isEqualTo(409);
        assertThat(json(r).get("error").asText()).isEqualTo("conflict");
    }

    @Test
    void catalogItemsAreValidatedAndScopedByTenant() {
        APIGatewayProxyResponseEvent put = call("PUT", "/catalog/items/SKU-9", "acme", Map.of("presets", List.of("walmart"), "category", "kitchen", "prompt", "a mug"));
        assertThat(put.getStatusCode()).isEqualTo(200);
        assertThat(json(call("GET", "/catalog/items", "acme", null)).get("items")).hasSize(1);
        assertThat(json(call("GET", "/catalog/items", "globex", null)).get("items")).isEmpty();
        assertThat(call("PUT", "/catalog/items/SKU-9", "acme", Map.of("presets", List.of("nope"))).getStatusCode()).isEqualTo(400);
        assertThat(call("PUT", "/catalog/items/SKU-9", "acme", Map.of("presets", List.of("walmart"), "sourceKey", "uploads/globex/SKU-9/p.jpg"))
                .getStatusCode()).isEqualTo(403);
    }

    @Test
    void base64BodiesAreDecoded() {
        var e = Fixtures.api("POST", "/uploads", "acme", java.util.Base64.getEncoder().encodeToString(
                Json.write(Map.of("sku", "SKU-1", "fileName", "a.png")).getBytes()));
        e.setIsBase64Encoded(true);
        APIGatewayProxyResponseEvent r = api.handleRequest(e, null);
        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(json(r).get("fields").get("Content-Type").asText()).isEqualTo("image/png");
    }
}
