package dev.refinery.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.refinery.aws.Json;
import dev.refinery.application.ports.PresignedPost;
import dev.refinery.aws.testing.PostForm;
import dev.refinery.aws.testing.TestEngines;
import dev.refinery.domain.Session;
import dev.refinery.domain.SessionStatus;
import dev.refinery.local.LocalStack;
import dev.refinery.local.api.LocalApiServer;
import dev.refinery.local.notify.UploadNotifier;
import dev.refinery.local.workflow.ExecutionRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local stack end to end, with the handlers' real code and the repo's state machine; only the
 * engines are the aws module's small deterministic stand-ins (the imaging module's are tested there).
 */
class LocalStackEndToEndTest {
    @TempDir
    Path dir;
    private LocalStack stack;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        stack = LocalStack.start(LocalStack.Settings.defaults(dir.resolve("stack")).withEngines(TestEngines.engines())
                .withEnv(Map.of("REFINERY_DEFAULT_PRESETS", "amazon-main")));
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    private static final List<String> FIRST_PASS = List.of("Mode", "StartFirstPass", "Base", "Lighting", "Background", "Detail",
            "Finalize", "QualityCheck", "CheckVerdict");

    @Test
    void severalUploadsRunThroughTriggerStateMachineStagesAndPublishAtOnce() throws Exception {
        List<LocalStack.Uploaded> uploads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            uploads.add(stack.upload("acme", "SKU-" + i, "front photo+" + i + ".jpg", TestEngines.productPhoto(320 + 16 * i, 240), "image/jpeg"));
        }
        List<String> sessions = new ArrayList<>();
        for (LocalStack.Uploaded u : uploads) {
            UploadNotifier.Delivery d = stack.delivered(u).get(30, TimeUnit.SECONDS);
            JsonNode result = d.result();
            assertThat(result.get("outcome").asText()).isEqualTo("STARTED");
            // The key reached the trigger URL-encoded as S3 does it, and the trigger decoded it back.
            assertThat(result.get("key").asText()).isEqualTo(u.key());
            ExecutionRecord ex = stack.finished(result.get("executionName").asText()).get(120, TimeUnit.SECONDS);
            assertThat(ex.status()).isEqualTo("SUCCEEDED");
            assertThat(ex.statesEntered()).startsWith(FIRST_PASS.toArray(String[]::new)).contains("Publish");
            sessions.add(result.get("sessionId").asText());
        }
        for (int i = 0; i < sessions.size(); i++) {
            Session s = stack.store().find("acme", sessions.get(i)).orElseThrow();
            assertThat(s.status()).isIn(SessionStatus.COMPLETED, SessionStatus.NEEDS_REVIEW);
            assertThat(s.sku()).isEqualTo("SKU-" + i);
            assertThat(s.source().key()).isEqualTo(uploads.get(i).key());
            assertThat(s.source().objectVersion()).isEqualTo(uploads.get(i).versionId());
            assertThat(stack.store().versions("acme", s.id())).extracting(v -> v.stage().id())
                    .containsSubsequence("base", "lighting", "background", "detail", "finalize");
            assertThat(stack.events().sessionEvents("acme", s.id())).singleElement()
                    .satisfies(e -> assertThat(e.get("detail").get("status").asText()).isEqualTo(s.status().name()));
            // The original is only read.
            assertThat(stack.images().get(uploads.get(i).key())).isEqualTo(TestEngines.productPhoto(320 + 16 * i, 240));
        }
        assertThat(stack.wiring().catalog().items("acme")).hasSize(4);
    }

    @Test
    void aRedeliveredNotificationStartsNothingTwice() throws Exception {
        LocalStack.Uploaded u = stack.upload("acme", "SKU-9", "side.jpg", TestEngines.productPhoto(300, 200), "image/jpeg");
        UploadNotifier.Delivery first = stack.delivered(u).get(30, TimeUnit.SECONDS);
        var notification = stack.notifier().notification(u.key(), u.versionId()).orElseThrow();
        List<Thread> again = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread t = new Thread(() -> stack.notifier().deliver(notification));
            t.start();
            again.add(t);
        }
        for (Thread t : again) {
            t.join(30_000);
        }
        String executionName = first.result().get("executionName").asText();
        assertThat(stack.finished(executionName).get(120, TimeUnit.SECONDS).status()).isEqualTo("SUCCEEDED");
        assertThat(stack.store().findBySku("acme", "SKU-9")).hasSize(1);
        assertThat(stack.events().events("acme")).hasSize(1);
    }

    // ------------------------------------------------------------------ through the local API over HTTP

    private HttpResponse<String> call(String method, String path, String tenant, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(stack.api().endpoint() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(Json.write(body)))
                .header("Content-Type", "application/json");
        if (tenant != null) {
            b.header(LocalApiServer.TENANT_HEADER, tenant);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return Json.tree(r.body());
    }

    private JsonNode awaitTerminal(String tenant, String id) {
        return await("session " + id).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> json(call("GET", "/sessions/" + id, tenant, null), 200).get("session"),
                        s -> SessionStatus.valueOf(s.get("status").asText()).terminal());
    }

    @Test
    void aSellerUploadsStartsPollsAsksForARoundApprovesAndRevertsThroughTheApi() throws Exception {
        PresignedPost form = Json.MAPPER.convertValue(json(call("POST", "/uploads", "acme", Map.of("sku", "MUG-1", "fileName", "mug.jpg")), 200),
                PresignedPost.class);
        assertThat(form.url()).startsWith(stack.api().endpoint().toString());
        byte[] photo = TestEngines.productPhoto(360, 280);
        HttpResponse<String> posted = PostForm.send(form, form.fields(), "mug.jpg", "image/jpeg", photo);
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(204);
        assertThat(stack.images().get(form.key())).isEqualTo(photo);

        // The upload itself starts a session (the S3 notification), as in AWS ...
        JsonNode bySku = await().atMost(Duration.ofSeconds(30)).until(() -> json(call("GET", "/sessions?sku=MUG-1", "acme", null), 200)
                .get("sessions"), s -> s.size() == 1);
        awaitTerminal("acme", bySku.get(0).get("id").asText());
        // ... and the seller starts one more from the same upload for other presets.
        JsonNode started = json(call("POST", "/sessions", "acme", Map.of("uploadKey", form.key(), "presets", List.of("walmart"))), 202);
        String id = started.get("sessionId").asText();
        JsonNode done = awaitTerminal("acme", id);
        assertThat(done.get("presets")).extracting(JsonNode::asText).containsExactly("walmart");
        // the session is COMPLETED inside Publish, a moment before the execution ends: wait for the execution itself
        assertThat(stack.finished(started.get("executionName").asText()).get(120, TimeUnit.SECONDS).statesEntered()).contains("Publish");

        JsonNode versions = json(call("GET", "/sessions/" + id + "/versions", "acme", null), 200).get("versions");
        JsonNode fin = versions.get(versions.size() - 1);
        assertThat(fin.get("stage").asText()).isEqualTo("finalize");
        HttpResponse<byte[]> download = http.send(HttpRequest.newBuilder(URI.create(fin.get("url").asText())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(stack.images().get(fin.get("imageKey").asText()));

        JsonNode round = json(call("POST", "/sessions/" + id + "/refinements", "acme", Map.of("feedback", "a brighter, warmer light")), 202);
        assertThat(round.get("stage").asText()).isEqualTo("lighting");
        ExecutionRecord roundRun = stack.finished(round.get("executionName").asText()).get(120, TimeUnit.SECONDS);
        assertThat(roundRun.statesEntered()).startsWith("Mode", "StartFeedbackRound", "FeedbackStage", "FeedbackLighting",
                "AfterFeedbackLighting", "Finalize", "QualityCheck");
        awaitTerminal("acme", id);
        JsonNode after = json(call("GET", "/sessions/" + id + "/versions", "acme", null), 200).get("versions");
        assertThat(after.size()).isGreaterThan(versions.size());
        JsonNode roundEdit = null;
        for (JsonNode v : after) {
            if (v.get("round").asInt() == 1 && v.get("stage").asText().equals("lighting")) {
                roundEdit = v;
            }
        }
        assertThat(roundEdit).isNotNull();
        assertThat(roundEdit.get("params").get("feedback").asText()).isEqualTo("a brighter, warmer light");

        int finalNumber = after.get(after.size() - 1).get("number").asInt();
        JsonNode approved = json(call("POST", "/sessions/" + id + "/versions/" + finalNumber + "/approve", "acme", null), 200);
        assertThat(approved.get("finals").get("walmart").asInt()).isEqualTo(finalNumber);
        JsonNode reverted = json(call("POST", "/sessions/" + id + "/versions/2/revert", "acme", null), 200);
        assertThat(reverted.get("head").asInt()).isEqualTo(2);
        // the finals are rendered again from version 2 in a round that starts at once (so the head moves on from 2 as it runs)
        JsonNode afterRevert = awaitTerminal("acme", id);
        assertThat(afterRevert.get("round").asInt()).isEqualTo(2);
        JsonNode rerendered = null, recut = null;
        for (JsonNode v : json(call("GET", "/sessions/" + id + "/versions", "acme", null), 200).get("versions")) {
            if (v.get("round").asInt() == 2 && v.get("stage").asText().equals("finalize")) {
                rerendered = v;
            }
            if (v.get("round").asInt() == 2 && v.get("stage").asText().equals("background")) {
                recut = v;
            }
        }
        assertThat(rerendered).as("a rendition of round 2").isNotNull();
        // version 2 is the lighting: it is cut out (and finished) again, never finalized whole
        assertThat(recut).as("a cut-out of round 2").isNotNull();
        StringBuilder lineage = new StringBuilder();
        stack.store().versions("acme", id).forEach(v -> lineage.append(v.number()).append('<').append(v.parent()).append(' ')
                .append(v.slot()).append(' ').append(v.approval()).append('\n'));
        assertThat(recut.get("parent").asInt()).withFailMessage("cut out from the reverted-to version:%n%s", lineage).isEqualTo(2);

        // Another tenant sees none of it; a request without the tenant stand-in is unauthenticated.
        assertThat(call("GET", "/sessions/" + id, "globex", null).statusCode()).isEqualTo(404);
        assertThat(call("POST", "/sessions/" + id + "/versions/2/revert", "globex", null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/sessions/" + id, null, null).statusCode()).isEqualTo(401);
        // Completion events reach the local sink, for the tenant only.
        JsonNode events = json(call("GET", "/local/events", "acme", null), 200).get("events");
        assertThat(events).hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(e -> assertThat(e.get("source").asText()).isEqualTo("dev.refinery"));
        assertThat(json(call("GET", "/local/events", "globex", null), 200).get("events")).isEmpty();
    }

    @Test
    void aCatalogRefreshReplaysTheSellersApprovedRoundOnTheRealStateMachine() throws Exception {
        LocalStack.Uploaded u = stack.upload("acme", "MUG-9", "mug.jpg", TestEngines.productPhoto(360, 280), "image/jpeg");
        JsonNode first = stack.delivered(u).get(60, TimeUnit.SECONDS).result();
        String last = first.get("sessionId").asText();
        stack.finished(first.get("executionName").asText()).get(120, TimeUnit.SECONDS);
        // an edit round: its lighting version, approved by its stage, is in the head's lineage (kept)
        JsonNode round = json(call("POST", "/sessions/" + last + "/refinements", "acme", Map.of("feedback", "a little brighter")), 202);
        stack.finished(round.get("executionName").asText()).get(120, TimeUnit.SECONDS);
        awaitTerminal("acme", last);
        // new presets make the item stale: the refresh starts a session and replays round 1 after its first pass
        json(call("PUT", "/catalog/items/MUG-9", "acme", Map.of("presets", List.of("ebay"), "category", "mugs")), 200);

        var report = new dev.refinery.aws.handlers.CatalogRefreshHandler(stack.wiring()).handle(
                "{\"version\":\"0\",\"id\":\"replay-1\",\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\","
                        + "\"time\":\"2026-11-20T10:00:00Z\",\"region\":\"us-east-1\",\"resources\":[],\"detail\":{}}");
        String fresh = report.startedSessions().get(0);

        JsonNode replayed = await("the replayed round").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200))
                .until(() -> json(call("GET", "/sessions/" + fresh, "acme", null), 200).get("session"),
                        s -> s.get("round").asInt() == 1 && SessionStatus.valueOf(s.get("status").asText()).terminal());
        assertThat(replayed.get("presets")).extracting(JsonNode::asText).containsExactly("ebay");
        List<String> events = new ArrayList<>();
        json(call("GET", "/sessions/" + fresh, "acme", null), 200).get("events").forEach(e -> events.add(e.get("type").asText()));
        assertThat(events).containsSubsequence("replay-recipe", "replay-step", "round-requested");
        assertThat(stack.finished(dev.refinery.application.ExecutionNames.forRound(fresh, 1)).get(120, TimeUnit.SECONDS).statesEntered())
                .startsWith("Mode", "StartFeedbackRound", "FeedbackStage", "FeedbackLighting");
    }

    @Test
    void thePostGatewayRefusesFormsOutsideThePolicy() throws Exception {
        PresignedPost form = Json.MAPPER.convertValue(json(call("POST", "/uploads", "acme", Map.of("sku", "MUG-2", "fileName", "a.png")), 200),
                PresignedPost.class);
        byte[] small = TestEngines.productPhoto(40, 30);
        Map<String, String> otherTenant = new java.util.LinkedHashMap<>(form.fields());
        otherTenant.put("key", "uploads/globex/MUG-2/a.png");
        HttpResponse<String> refused = PostForm.send(form, otherTenant, "a.png", "image/png", small);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("AccessDenied").contains("$key");
        Map<String, String> forged = new java.util.LinkedHashMap<>(form.fields());
        forged.put("x-amz-signature", "0".repeat(64));
        assertThat(PostForm.send(form, forged, "a.png", "image/png", small).body()).contains("SignatureDoesNotMatch");
        Map<String, String> extra = new java.util.LinkedHashMap<>(form.fields());
        extra.put("x-amz-meta-owner", "globex");
        assertThat(PostForm.send(form, extra, "a.png", "image/png", small).body()).contains("Extra input fields");
        assertThat(stack.images().exists("uploads/globex/MUG-2/a.png")).isFalse();
        assertThat(stack.images().exists(form.key())).isFalse();
        assertThat(PostForm.send(form, form.fields(), "a.png", "image/png", small).statusCode()).isEqualTo(204);
        assertThat(stack.images().exists(form.key())).isTrue();
    }

    @Test
    void theWebAppIsServedAtTheRootWithItsHeadersAndTheApiUnderApi() throws Exception {
        Path dist = Files.createDirectories(dir.resolve("dist/assets"));
        Files.writeString(dir.resolve("dist/index.html"), "<!doctype html><title>Refinery</title>");
        Files.writeString(dist.resolve("app-1a2b.js"), "console.log('app')");
        Files.writeString(dir.resolve("secret.txt"), "not the app's");
        stack.api().serveApp(dir.resolve("dist"), stack.s3().endpoint());

        HttpResponse<String> index = call("GET", "/", null, null);
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).contains("<title>Refinery</title>");
        assertThat(index.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(index.headers().firstValue("Cache-Control")).hasValue("no-cache");
        String csp = index.headers().firstValue("Content-Security-Policy").orElseThrow();
        // exactly the app's own origin and the image store's (the app makes no blob: or data: URLs)
        assertThat(csp.split("; ")).containsExactly("default-src 'self'", "script-src 'self'", "style-src 'self'",
                "img-src 'self' " + stack.s3().endpoint().toString().replaceAll("/$", ""), "connect-src 'self'", "form-action 'self'",
                "frame-ancestors 'none'", "base-uri 'none'", "object-src 'none'");
        assertThat(index.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        HttpResponse<String> asset = call("GET", "/assets/app-1a2b.js", null, null);
        assertThat(asset.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(asset.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
        // a path out of the app's folder is not the app's: the API answers it (and asks who is calling)
        assertThat(call("GET", "/../secret.txt", null, null).body()).doesNotContain("not the app's");
        assertThat(call("GET", "/%2e%2e/secret.txt", null, null).body()).doesNotContain("not the app's");

        // the API under /api, as deployed behind CloudFront, and still at the root for scripts
        assertThat(json(call("GET", "/api/presets", "acme", null), 200).get("presets")).isNotEmpty();
        assertThat(call("GET", "/api/presets", null, null).statusCode()).isEqualTo(401);
        assertThat(json(call("GET", "/presets", "acme", null), 200).get("presets")).isNotEmpty();
        assertThat(call("GET", "/api/nowhere", "acme", null).statusCode()).isEqualTo(404);
    }
}
