package dev.refinery.aws.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refinery.application.UploadIntake;
import dev.refinery.application.ports.CatalogItem;
import dev.refinery.application.ports.ExecutionInput;
import dev.refinery.aws.testing.Fixtures;
import dev.refinery.aws.testing.TestEngines;
import dev.refinery.domain.Session;
import dev.refinery.domain.SessionStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UploadTriggerHandlerTest {
    private final Fixtures.Memory mem = new Fixtures.Memory();
    private final UploadTriggerHandler handler = new UploadTriggerHandler(mem.wiring);

    private Map<String, Object> deliver(String json) {
        return handler.handle(json.getBytes(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private static UploadIntake.Result only(Map<String, Object> answer) {
        List<UploadIntake.Result> results = (List<UploadIntake.Result>) answer.get("results");
        assertThat(results).hasSize(1);
        return results.get(0);
    }

    @Test
    void anUploadsSessionHasTheFactsAndCategoryTheSellerGaveItsCatalogItem() {
        var api = new ApiHandler(mem.wiring);
        var put = api.handleRequest(Fixtures.api("PUT", "/catalog/items/MUG-1", "acme", Map.of("presets", List.of("amazon-main"),
                "category", "Home & Kitchen", "facts", Map.of("material", "enamel", "colour", "blue"))), null);
        assertThat(put.getStatusCode()).as(put.getBody()).isEqualTo(200);
        assertThat(new dev.refinery.aws.testing.OpenApiResponses().problems("PUT", "/catalog/items/MUG-1", 200, put.getBody())).isEmpty();
        UploadIntake.Result r = only(deliver(Fixtures.s3Put(Fixtures.BUCKET, "uploads/acme/MUG-1/front.jpg", 2048, "v1", "00B1")));
        Session s = mem.sessions.find("acme", r.sessionId()).orElseThrow();
        assertThat(s.facts()).isEqualTo(Map.of("material", "enamel", "colour", "blue"));
        assertThat(s.category()).isEqualTo("Home & Kitchen");
        var tooMany = api.handleRequest(Fixtures.api("PUT", "/catalog/items/MUG-1", "acme", Map.of("presets", List.of("amazon-main"),
                "facts", Map.of("x".repeat(49), "too long a name"))), null);
        assertThat(tooMany.getStatusCode()).isEqualTo(400);
    }

    @Test
    void anS3PutUnderUploadsStartsOneSessionWithTheDecodedKey() {
        UploadIntake.Result r = only(deliver(Fixtures.s3Put(Fixtures.BUCKET, "uploads/acme/SKU-1/red+mug%C3%A9.jpg", 2048, "v1", "00A1")));

        assertThat(r.outcome()).isEqualTo(UploadIntake.Outcome.STARTED);
        assertThat(r.key()).isEqualTo("uploads/acme/SKU-1/red mugé.jpg");
        Session s = mem.sessions.find("acme", r.sessionId()).orElseThrow();
        assertThat(s.source().key()).isEqualTo("uploads/acme/SKU-1/red mugé.jpg");
        assertThat(s.source().objectVersion()).isEqualTo("v1");
        assertThat(s.sku()).isEqualTo("SKU-1");
        assertThat(s.presets()).containsExactly("amazon-main");
        assertThat(s.status()).isEqualTo(SessionStatus.PENDING);
        assertThat(mem.starter.executions()).containsExactly(Map.entry(r.executionName(), ExecutionInput.firstPass("acme", r.sessionId())));
        assertThat(r.executionName()).matches("[A-Za-z0-9_-]{1,80}");
        CatalogItem item = mem.catalog.findItem("acme", "SKU-1").orElseThrow();
        assertThat(item.sourceKey()).isEqualTo("uploads/acme/SKU-1/red mugé.jpg");
        assertThat(item.lastSessionId()).isEqualTo(r.sessionId());
    }

    @Test
    void anUploadOverTheTenantsQuotaEndsItsSessionFailedWithTheReasonAndStaysSo() {
        Fixtures.Memory one = new Fixtures.Memory(dev.refinery.aws.config.RefineryConfig.from(Fixtures.env(
                Map.of("REFINERY_QUOTA_SESSIONS_PER_MINUTE", "1"))), TestEngines.engines(), java.time.Clock.systemUTC());
        UploadTriggerHandler limited = new UploadTriggerHandler(one.wiring);
        UploadIntake.Result first = only(limited.handle(Fixtures.s3Put(Fixtures.BUCKET, "uploads/acme/SKU-1/a.jpg", 2048, "v1", "0001")
                .getBytes(StandardCharsets.UTF_8)));
        String overJson = Fixtures.s3Put(Fixtures.BUCKET, "uploads/acme/SKU-2/b.jpg", 2048, "v1", "0002");
        UploadIntake.Result over = only(limited.handle(overJson.getBytes(StandardCharsets.UTF_8)));

        assertThat(first.outcome()).isEqualTo(UploadIntake.Outcome.STARTED);
        assertThat(over.outcome()).isEqualTo(UploadIntake.Outcome.REJECTED);
        Session refused = one.sessions.find("acme", over.sessionId()).orElseThrow();
        assertThat(refused.status()).isEqualTo(SessionStatus.FAILED);
        assertThat(refused.reason()).contains("quota of 1 new sessions a minute").contains("try again in");
        assertThat(one.starter.executions()).hasSize(1);
        // S3 delivers the same write again: still refused, still one execution
        assertThat(only(limited.handle(overJson.getBytes(StandardCharsets.UTF_8))).outcome()).isEqualTo(UploadIntake.Outcome.REJECTED);
        assertThat(one.starter.executions()).hasSize(1);
    }

    @Test
    void theEventBridgeFormOfTheSameWriteMapsToTheSameSessionAndExecution() {
        UploadIntake.Result viaS3 = only(deliver(Fixtures.s3Put(Fixtures.BUCKET, "uploads/acme/SKU-1/a+b.png", 10, null, "0055")));
        UploadIntake.Result viaBus = only(deliver(Fixtures.objectCreated(Fixtures.BUCKET, "uploads/acme/SKU-1/a+b.png", 10, "0055")));

        assertThat(viaBus.outcome()).isEqualTo(UploadIntake.Outcome.ALREADY_STARTED);
        assertThat(viaBus.sessionId()).isEqualTo(viaS3.sessionId());
        assertThat(viaBus.executionName()).isEqualTo(viaS3.executionName());
        assertThat(mem.starter.calls()).containsExactly(viaS3.executionName(), viaS3.executionName());
        assertThat(mem.sessions.findBySku("acme", "SKU-1")).hasSize(1);
    }

    @Test
    void aNewWriteOfTheSameKeyIsANewSession() {
        UploadIntake.Result first = only(deliver(Fixtures.s3Put(Fixtures.BUCKET, "uploads/acme/SKU-1/p.jpg", 10, "v1", "01")));
        UploadIntake.Result second = only(deliver(Fixtures.s3Put(Fixtures.BUCKET, "uploads/acme/SKU-1/p.jpg", 10, "v2", "02")));
        assertThat(second.outcome()).isEqualTo(UploadIntake.Outcome.STARTED);
        assertThat(second.sessionId()).isNotEqualTo(first.sessionId());
    }

    @Test
    void theCatalogItemsPresetsChooseTheSessionsPresets() {
        mem.catalog.putItem("acme", "SKU-2", List.of("walmart", "ebay"), "kitchen", null, null, null, java.time.Instant.now());
        UploadIntake.Result r = only(deliver(Fixtures.s3Put(Fixtures.BUCKET, "uploads/acme/SKU-2/p.jpg", 10, "v1", "01")));
        Session s = mem.sessions.find("acme", r.sessionId()).orElseThrow();
        assertThat(s.presets()).containsExactly("walmart", "ebay");
        assertThat(s.category()).isEqualTo("kitchen");
    }

    @Test
    void keysOutsideUploadsAreIgnoredWithAReason() {
        UploadIntake.Result r = only(deliver(Fixtures.s3Put(Fixtures.BUCKET, "sessions/x/v1-base.png", 10, "v1", "01")));
        assertThat(r.outcome()).isEqualTo(UploadIntake.Outcome.IGNORED);
        assertThat(r.reason()).contains("outside the uploads/ prefix");
        assertThat(mem.starter.calls()).isEmpty();
    }

    @Test
    void unsupportedTypesBadShapesAndOversizedFilesAreRejectedWithReasons() {
        assertThat(only(deliver(Fixtures.s3Put(Fixtures.BUCKET, "uploads/acme/SKU-1/notes.txt", 10, "v1", "01"))).reason())
                .contains("not a supported photo type").contains("JPEG, PNG or WebP");
        assertThat(only(deliver(Fixtures.s3Put(Fixtures.BUCKET, "uploads/acme/photo.jpg", 10, "v1", "02"))).reason())
                .contains("uploads/{tenant}/{sku}/{file}");
        assertThat(only(deliver(Fixtures.s3Put(Fixtures.BUCKET, "uploads/acme/%2E%2E/photo.jpg", 10, "v1", "03"))).outcome())
                .isEqualTo(UploadIntake.Outcome.REJECTED);
        UploadIntake.Result big = only(deliver(Fixtures.s3Put(Fixtures.BUCKET, "uploads/acme/SKU-1/big.jpg", 60_000_000, "v1", "04")));
        assertThat(big.outcome()).isEqualTo(UploadIntake.Outcome.REJECTED);
        assertThat(big.reason()).contains("60.0 MB").contains("limit");
        assertThat(only(deliver(Fixtures.s3Put(Fixtures.BUCKET, "uploads/acme/SKU-1/empty.jpg", 0, "v1", "05"))).reason()).contains("empty");
        assertThat(mem.starter.calls()).isEmpty();
    }

    @Test
    void aRejectedUploadIsTaggedForExpiryAndRecordedAsAFailedSessionTheSellerCanSee() {
        mem.images.put("uploads/acme/SKU-1/notes.txt", new byte[] {1, 2}, "text/plain", Map.of());
        String json = Fixtures.s3Put(Fixtures.BUCKET, "uploads/acme/SKU-1/notes.txt", 2, "v1", "01");
        UploadIntake.Result r = only(deliver(json));

        assertThat(r.outcome()).isEqualTo(UploadIntake.Outcome.REJECTED);
        assertThat(mem.images.tags("uploads/acme/SKU-1/notes.txt")).containsEntry("kind", "rejected");
        Session s = mem.sessions.find("acme", r.sessionId()).orElseThrow();
        assertThat(s.status()).isEqualTo(SessionStatus.FAILED);
        assertThat(s.reason()).contains("notes.txt was not refined").contains("JPEG, PNG or WebP");
        assertThat(s.sku()).isEqualTo("SKU-1");
        assertThat(mem.sessions.findBySku("acme", "SKU-1")).extracting(Session::id).contains(r.sessionId());
        // S3 delivers the same write again: the same session, still FAILED, nothing started
        assertThat(only(deliver(json)).sessionId()).isEqualTo(r.sessionId());
        assertThat(mem.sessions.findBySku("acme", "SKU-1")).hasSize(1);
        assertThat(mem.starter.calls()).isEmpty();
        // a photo the trigger accepts keeps its tags: originals never expire
        mem.images.put("uploads/acme/SKU-1/ok.jpg", new byte[] {1}, "image/jpeg", Map.of());
        only(deliver(Fixtures.s3Put(Fixtures.BUCKET, "uploads/acme/SKU-1/ok.jpg", 2048, "v1", "02")));
        assertThat(mem.images.tags("uploads/acme/SKU-1/ok.jpg")).isEmpty();
    }

    @Test
    void anotherBucketIsIgnored() {
        assertThat(only(deliver(Fixtures.s3Put("someone-else", "uploads/acme/SKU-1/p.jpg", 10, "v1", "01"))).outcome())
                .isEqualTo(UploadIntake.Outcome.IGNORED);
    }

    @Test
    void nonCreationEventsAndForeignShapesAreNotStarted() {
        String removed = Fixtures.s3Put(Fixtures.BUCKET, "uploads/acme/SKU-1/p.jpg", 10, "v1", "01").replace("ObjectCreated:Put", "ObjectRemoved:Delete");
        assertThat(only(deliver(removed)).outcome()).isEqualTo(UploadIntake.Outcome.IGNORED);
        assertThat(only(deliver("{\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\"}")).reason()).contains("not an S3 object-created event");
        assertThat(only(deliver("not json")).reason()).contains("not JSON");
    }

    @Test
    void decodingTurnsPlusIntoSpaceAndPercentEscapesIntoCharacters() {
        assertThat(UploadTriggerHandler.decode("uploads/t/s/a+b%2Bc%20d.jpg")).isEqualTo("uploads/t/s/a b+c d.jpg");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aLifecycleExpirationMarksTheVersionsImageExpiredAndTheApiStopsLinkingIt() throws Exception {
        // events/s3-lifecycle-expiration.json, its key pointed at a version this test made
        var service = mem.wiring.service();
        Session s = service.start(new dev.refinery.pipeline.StartRequest("demo-tenant", null, "SKU-1",
                dev.refinery.domain.Source.upload(Fixtures.BUCKET, "uploads/demo-tenant/SKU-1/a.jpg", "v1"), List.of("amazon-main"), "classic", null, null));
        mem.images.put("sessions/demo-tenant/" + s.id() + "/v3-background.png", new byte[] {1}, "image/png", Map.of("kind", "intermediate"));
        var v = new dev.refinery.domain.ImageVersion("demo-tenant", s.id(), 3, 0, new dev.refinery.domain.VersionSlot(0, 0,
                dev.refinery.domain.Stage.BACKGROUND, null), "classic", "sessions/demo-tenant/" + s.id() + "/v3-background.png", "image/png", null,
                Map.of(), Map.of(), 0, 0, dev.refinery.domain.Approval.APPROVED, null, java.time.Instant.now(), false);
        mem.sessions.saveVersion(v);
        String sample = java.nio.file.Files.readString(dev.refinery.testkit.Checkout.path("events/s3-lifecycle-expiration.json"))
                .replace("0b6f7c1e-5d2a-4c8e-9f31-2a7d6e4b8c90", s.id());

        Map<String, Object> answer = deliver(sample);

        List<dev.refinery.application.ImageExpiry.Result> expired = (List<dev.refinery.application.ImageExpiry.Result>) answer.get("expired");
        assertThat(expired).extracting(dev.refinery.application.ImageExpiry.Result::outcome).containsExactly(dev.refinery.application.ImageExpiry.Outcome.MARKED);
        assertThat(mem.sessions.versions("demo-tenant", s.id())).filteredOn(x -> x.number() == 3).singleElement()
                .satisfies(x -> assertThat(x.imageExpired()).isTrue());
        assertThat(mem.starter.executions()).as("an expiry starts nothing").isEmpty();
        assertThat(deliver(sample).get("expired")).asList().extracting("outcome").containsExactly(dev.refinery.application.ImageExpiry.Outcome.ALREADY_MARKED);
        // the API: the version is listed, says its image expired, and has no link
        var api = new ApiHandler(mem.wiring);
        var resp = api.handleRequest(Fixtures.api("GET", "/sessions/" + s.id() + "/versions", "demo-tenant", null), null);
        assertThat(resp.getStatusCode()).isEqualTo(200);
        var versions = dev.refinery.aws.Json.tree(resp.getBody());
        var listed = versions.findParents("number").stream().filter(n -> n.get("number").asInt() == 3).findFirst().orElseThrow();
        assertThat(listed.get("imageExpired").asBoolean()).isTrue();
        assertThat(listed.path("url").isNull() || listed.path("url").isMissingNode()).isTrue();
        // a key written before keys named their tenant cannot be traced: ignored, with the reason
        Map<String, Object> legacy = deliver(sample.replace("sessions/demo-tenant/", "sessions/"));
        assertThat(legacy.get("expired")).asList().extracting("outcome").containsExactly(dev.refinery.application.ImageExpiry.Outcome.IGNORED);
    }
}
