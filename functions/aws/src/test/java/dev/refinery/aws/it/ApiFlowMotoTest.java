package dev.refinery.aws.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.refinery.aws.Json;
import dev.refinery.aws.Wiring;
import dev.refinery.aws.config.RefineryConfig;
import dev.refinery.aws.dynamodb.DynamoDbCatalogStore;
import dev.refinery.aws.dynamodb.DynamoDbSessionEventLog;
import dev.refinery.aws.dynamodb.DynamoDbSessionStore;
import dev.refinery.aws.dynamodb.DynamoDbUploadLedger;
import dev.refinery.aws.handlers.ApiHandler;
import dev.refinery.aws.handlers.BackgroundStageHandler;
import dev.refinery.aws.handlers.BaseStageHandler;
import dev.refinery.aws.handlers.DetailStageHandler;
import dev.refinery.aws.handlers.FinalizeStageHandler;
import dev.refinery.aws.handlers.LightingStageHandler;
import dev.refinery.aws.handlers.PublisherHandler;
import dev.refinery.aws.handlers.QualityCheckStageHandler;
import dev.refinery.application.ports.PresignedPost;
import dev.refinery.application.ports.memory.RecordingNotifier;
import dev.refinery.aws.s3.S3ImageStore;
import dev.refinery.aws.stepfunctions.StepFunctionsWorkflowStarter;
import dev.refinery.aws.testing.Fixtures;
import dev.refinery.aws.testing.OpenApiResponses;
import dev.refinery.testkit.MotoServer;
import dev.refinery.aws.testing.MotoStack;
import dev.refinery.aws.testing.PostForm;
import dev.refinery.aws.testing.PostPolicyEvaluator;
import dev.refinery.aws.testing.TestEngines;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.PresetCatalog;
import dev.refinery.domain.Session;
import dev.refinery.domain.VersionSlot;
import dev.refinery.ports.SessionStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The API end to end on the adapters: S3, DynamoDB and Step Functions on moto_server, stages in-process. */
@ExtendWith(MotoServer.class)
class ApiFlowMotoTest {
    private MotoStack stack;
    private RefineryConfig config;
    private DynamoDbSessionStore store;
    private DynamoDbCatalogStore catalog;
    private S3ImageStore images;
    private Wiring wiring;
    private ApiHandler api;
    private final RecordingNotifier notifier = new RecordingNotifier();

    @BeforeEach
    void stack() {
        stack = MotoStack.create();
        config = stack.config(Map.of("REFINERY_UPLOAD_MAX_BYTES", "2000000"));
        store = new DynamoDbSessionStore(stack.dynamoDb, stack.table);
        catalog = new DynamoDbCatalogStore(stack.dynamoDb, stack.table);
        images = new S3ImageStore(stack.s3, stack.presigner, MotoStack.CREDENTIALS, stack.bucket, MotoStack.REGION.id(),
                Optional.of(stack.endpoint), Clock.systemUTC());
        wiring = wiring(store);
        api = new ApiHandler(wiring);
    }

    private Wiring wiring(SessionStore sessions) {
        return new Wiring(config, sessions, images, images, catalog, new DynamoDbUploadLedger(stack.dynamoDb, stack.table),
                new DynamoDbSessionEventLog(stack.dynamoDb, stack.table), new StepFunctionsWorkflowStarter(stack.sfn, stack.stateMachineArn),
                notifier, TestEngines.engines(), PresetCatalog.bundled(), Clock.systemUTC());
    }

    /** Every answer of this suite, checked against openapi.yaml (its status, its schema, no undocumented property). */
    private static final OpenApiResponses DOCUMENT = new OpenApiResponses();
    private static final List<String> UNDOCUMENTED = new java.util.concurrent.CopyOnWriteArrayList<>();

    private APIGatewayProxyResponseEvent call(String method, String path, String tenant, Object body) {
        APIGatewayProxyResponseEvent r = api.handleRequest(Fixtures.api(method, path, tenant, body), null);
        if (tenant != null) {
            UNDOCUMENTED.addAll(DOCUMENT.problems(method, path, r.getStatusCode(), r.getBody()));
        }
        return r;
    }

    @org.junit.jupiter.api.AfterAll
    static void everyAnswerOfEveryRouteIsWhatTheDocumentSays() {
        assertThat(UNDOCUMENTED).as("answers that differ from openapi.yaml").isEmpty();
        assertThat(DOCUMENT.covered()).as("routes answered in this suite")
                .containsExactlyInAnyOrderElementsOf(dev.refinery.aws.handlers.ApiRoutes.ALL.stream().map(r -> r.name()).toList());
    }

    private static JsonNode json(APIGatewayProxyResponseEvent r) {
        return Json.tree(r.getBody());
    }

    private PresignedPost form(String tenant, String sku, String fileName) {
        APIGatewayProxyResponseEvent r = call("POST", "/uploads", tenant, Map.of("sku", sku, "fileName", fileName));
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
        return Json.MAPPER.convertValue(json(r), PresignedPost.class);
    }

    /**
     * Issue 17, "Export": a session's final put in the tenant's Shopify store through the API, on the real adapters (the
     * token in Secrets Manager, the record in DynamoDB, both on moto_server) and the strict fake of Shopify's Admin API;
     * through throttling, a lost answer and a retry, the product gets the image once.
     */
    @Test
    void aSessionsFinalGoesIntoTheConnectedShopifyStoreOnce() throws Exception {
        try (dev.refinery.testkit.FakeShopify shopify = new dev.refinery.testkit.FakeShopify()) {
            shopify.addShop("acme.myshopify.com", "Acme Mugs", "shpat_acme");
            String product = shopify.addProduct("acme.myshopify.com", "SKU-1");
            RefineryConfig withFake = stack.config(Map.of("REFINERY_SHOPIFY_API", "http://127.0.0.1:" + shopify.endpoint("x", "2025-10").getPort()));
            wiring = wiring(store).withStores(new Wiring.Stores(
                    new dev.refinery.aws.secrets.SecretsManagerStoreLogins(() -> software.amazon.awssdk.services.secretsmanager.SecretsManagerClient.builder()
                            .region(MotoStack.REGION).credentialsProvider(MotoStack.CREDENTIALS).endpointOverride(stack.endpoint)
                            .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build(), "refinery/stores/"),
                    new dev.refinery.aws.dynamodb.DynamoDbStorePushes(stack.dynamoDb, stack.table), Wiring.storeConnectors(withFake)));
            api = new ApiHandler(wiring);
            String id = refinedSession("acme", "SKU-1");
            // the seller approves the final the check held for review: it is a final now
            assertThat(call("POST", "/sessions/" + id + "/versions/5/approve", "acme", null).getStatusCode()).isEqualTo(200);
            // the SKU's set: a second view refined, both finals with the product's look and the lighting's corrections
            String back = refinedSession("acme", "SKU-1");
            assertThat(call("POST", "/sessions/" + back + "/versions/5/approve", "acme", null).getStatusCode()).isEqualTo(200);
            JsonNode set = json(call("GET", "/catalog/items/SKU-1/set", "acme", null));
            assertThat(set.get("sessions").asInt()).isEqualTo(2);
            JsonNode amazon = set.get("presets").get(0);
            assertThat(amazon.get("preset").asText()).isEqualTo("amazon-main");
            assertThat(amazon.get("views")).hasSize(2).allSatisfy(v -> {
                assertThat(v.get("lightness").asDouble()).isBetween(1.0, 99.0);
                assertThat(v.get("fill").asDouble()).isBetween(0.5, 1.0);
                // this suite's test engine records no lighting corrections: shown as null, not invented
                assertThat(v.get("exposureEv").isNull()).isTrue();
            });
            // the same photo twice: the same look
            assertThat(amazon.get("spread").get("lightness").asDouble()).isLessThan(0.01);
            assertThat(amazon.get("spread").get("exposureEv").isNull()).isTrue();
            assertThat(call("GET", "/catalog/items/SKU-1/set", "other", null).getStatusCode()).as("another tenant's SKU").isEqualTo(404);
            assertThat(call("GET", "/catalog/items/NO-SUCH/set", "acme", null).getStatusCode()).isEqualTo(404);

            assertThat(json(call("GET", "/stores", "acme", null)).get("stores")).isEmpty();
            APIGatewayProxyResponseEvent notConnected = call("POST", "/sessions/" + id + "/stores/shopify", "acme", null);
            assertThat(notConnected.getStatusCode()).isEqualTo(404);
            assertThat(notConnected.getBody()).contains("PUT /stores/shopify");
            APIGatewayProxyResponseEvent wrongToken = call("PUT", "/stores/shopify", "acme", Map.of("shop", "acme.myshopify.com", "accessToken", "shpat_wrong"));
            assertThat(wrongToken.getStatusCode()).isEqualTo(400);
            assertThat(wrongToken.getBody()).contains("refused the access token").doesNotContain("shpat_wrong");
            assertThat(call("PUT", "/stores/shopify", "acme", Map.of("shop", "acme.com", "accessToken", "shpat_acme")).getStatusCode()).isEqualTo(400);
            APIGatewayProxyResponseEvent connected = call("PUT", "/stores/shopify", "acme", Map.of("shop", "acme.myshopify.com", "accessToken", "shpat_acme"));
            assertThat(connected.getStatusCode()).as(connected.getBody()).isEqualTo(200);
            assertThat(json(connected).get("name").asText()).isEqualTo("Acme Mugs");
            assertThat(connected.getBody()).doesNotContain("shpat_acme");
            assertThat(json(call("GET", "/stores", "acme", null)).get("stores").get(0).get("shop").asText()).isEqualTo("acme.myshopify.com");
            assertThat(json(call("GET", "/stores", "other", null)).get("stores")).as("another tenant's stores").isEmpty();

            // Shopify throttles the first attach and the answer of the second is lost: one image on the product all the same
            shopify.fail("productUpdate", dev.refinery.testkit.FakeShopify.Failure.THROTTLE, 1);
            shopify.fail("productUpdate", dev.refinery.testkit.FakeShopify.Failure.DROP_AFTER, 1);
            // the product has the seller's own photo already: the final goes first, as asked
            String own = shopify.addImage("acme.myshopify.com", product, "sellers-own.jpg", new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2});
            APIGatewayProxyResponseEvent pushed = call("POST", "/sessions/" + id + "/stores/shopify", "acme", Map.of("position", 1));
            assertThat(pushed.getStatusCode()).as(pushed.getBody()).isEqualTo(200);
            JsonNode file = json(pushed).get("files").get(0);
            assertThat(file.get("preset").asText()).isEqualTo("amazon-main");
            assertThat(file.get("action").asText()).isEqualTo("added");
            assertThat(file.get("status").asText()).isEqualTo("READY");
            assertThat(file.get("productId").asText()).isEqualTo(product);
            assertThat(shopify.media("acme.myshopify.com", product)).extracting(dev.refinery.testkit.FakeShopify.Media::id)
                    .containsExactly(file.get("mediaId").asText(), own);
            assertThat(shopify.media("acme.myshopify.com", product).get(0).status()).isEqualTo("READY");
            assertThat(shopify.media("acme.myshopify.com", product).get(0).alt()).as("the alt text names the product").isEqualTo("Product SKU-1");
            JsonNode finalVersion = json(call("GET", "/sessions/" + id + "/versions", "acme", null)).get("versions").get(4);
            assertThat(shopify.media("acme.myshopify.com", product).get(0).bytes()).isEqualTo(images.get(finalVersion.get("imageKey").asText()));
            // again: nothing sent
            int calls = shopify.operations().size();
            assertThat(json(call("POST", "/sessions/" + id + "/stores/shopify", "acme", null)).get("files").get(0).get("action").asText()).isEqualTo("unchanged");
            assertThat(shopify.operations()).hasSize(calls);
            assertThat(shopify.media("acme.myshopify.com", product)).hasSize(2);
            assertThat(call("POST", "/sessions/" + id + "/stores/shopify", "acme", Map.of("position", 0)).getStatusCode()).isEqualTo(400);
            // the status per rendition, the session's history and the bus
            JsonNode media = json(call("GET", "/stores/shopify/products/SKU-1", "acme", null)).get("media");
            assertThat(media).singleElement().satisfies(m -> {
                assertThat(m.get("slot").asText()).isEqualTo("amazon-main");
                assertThat(m.get("status").asText()).isEqualTo("READY");
                assertThat(m.get("mediaId").asText()).isEqualTo(file.get("mediaId").asText());
            });
            assertThat(json(call("GET", "/stores/shopify/products/SKU-1", "other", null)).get("media")).isEmpty();
            assertThat(json(call("GET", "/sessions/" + id, "acme", null)).toString()).contains("pushed-to-store");
            assertThat(notifier.events()).filteredOn(e -> e.detailType().equals("Refinement Sent To Store")).singleElement()
                    .satisfies(e -> assertThat(e.reason()).contains("acme.myshopify.com").doesNotContain("shpat"));
            assertThat(call("POST", "/sessions/" + id + "/stores/shopify", "other", null).getStatusCode()).as("another tenant's session").isEqualTo(404);
            assertThat(call("POST", "/sessions/" + id + "/stores/etsy", "acme", null).getStatusCode()).isEqualTo(404);
            // disconnected: the token is gone, the image stays in the store
            assertThat(json(call("DELETE", "/stores/shopify", "acme", null)).get("connected").asBoolean()).isFalse();
            assertThat(json(call("GET", "/stores", "acme", null)).get("stores")).isEmpty();
            assertThat(call("POST", "/sessions/" + id + "/stores/shopify", "acme", null).getStatusCode()).isEqualTo(404);
            assertThat(shopify.media("acme.myshopify.com", product)).hasSize(2);
        }
    }

    /** Upload through the presigned POST, start a session, run every stage in-process, publish. */
    private String refinedSession(String tenant, String sku) throws Exception {
        PresignedPost post = form(tenant, sku, "front.jpg");
        byte[] photo = TestEngines.productPhoto(400, 300);
        HttpResponse<String> uploaded = PostForm.send(post, post.fields(), "front.jpg", "image/jpeg", photo);
        assertThat(uploaded.statusCode()).as(uploaded.body()).isBetween(200, 204);
        assertThat(images.get(post.key())).isEqualTo(photo);

        APIGatewayProxyResponseEvent started = call("POST", "/sessions", tenant, Map.of("uploadKey", post.key(), "presets", List.of("amazon-main")));
        assertThat(started.getStatusCode()).as(started.getBody()).isEqualTo(202);
        String id = json(started).get("sessionId").asText();
        assertThat(stack.sfn.listExecutions(b -> b.stateMachineArn(stack.stateMachineArn)).executions())
                .anyMatch(e -> e.name().equals("session-" + id));

        Map<String, Object> in = new HashMap<>(Map.of("tenant", tenant, "sessionId", id, "iteration", 0));
        new BaseStageHandler(wiring).handleRequest(in, null);
        new LightingStageHandler(wiring).handleRequest(in, null);
        new BackgroundStageHandler(wiring).handleRequest(in, null);
        new DetailStageHandler(wiring).handleRequest(in, null);
        new FinalizeStageHandler(wiring).handleRequest(in, null);
        Map<String, Object> check = new QualityCheckStageHandler(wiring).handleRequest(in, null);
        Map<String, Object> publish = new LinkedHashMap<>(Map.of("tenant", tenant, "sessionId", id,
                "outcome", Boolean.TRUE.equals(check.get("passed")) ? "COMPLETED" : "NEEDS_REVIEW"));
        publish.put("summary", check.get("summary"));
        new PublisherHandler(wiring).handleRequest(publish, null);
        return id;
    }

    @Test
    void theMonthsSpendingIsTheTablesTotalOfTheCallerOnly() {
        // the totals the openai engine adds to in the stage functions, read by the API function
        var totals = new dev.refinery.aws.dynamodb.DynamoDbSpendTotals(stack.dynamoDb, stack.table, Clock.systemUTC());
        api = new ApiHandler(wiring.withSpend(totals));
        totals.add("acme", 0.75);
        totals.add("acme", 0.5);
        JsonNode acme = json(call("GET", "/spend", "acme", null));
        assertThat(acme.get("spentUsd").asDouble()).isEqualTo(1.25);
        assertThat(acme.get("month").asText()).isEqualTo(java.time.YearMonth.now(java.time.ZoneOffset.UTC).toString());
        assertThat(acme.get("capUsd").isNull()).as("classic only").isTrue();
        assertThat(json(call("GET", "/spend", "globex", null)).get("spentUsd").asDouble()).isZero();
    }

    @Test
    void aSellerUploadsRefinesReadsApprovesRevertsAndAsksForARound() throws Exception {
        String id = refinedSession("acme", "SKU-1");

        JsonNode session = json(call("GET", "/sessions/" + id, "acme", null));
        assertThat(session.get("session").get("status").asText()).isIn("COMPLETED", "NEEDS_REVIEW");
        assertThat(session.get("events")).isNotEmpty();
        assertThat(notifier.events()).singleElement().satisfies(e -> assertThat(e.sessionId()).isEqualTo(id));

        JsonNode versions = json(call("GET", "/sessions/" + id + "/versions", "acme", null)).get("versions");
        assertThat(versions).hasSize(5);
        assertThat(versions.get(4).get("stage").asText()).isEqualTo("finalize");
        JsonNode finalVersion = versions.get(4);
        // the check's findings, typed: every check the params record, in their order, with its verdict and words
        JsonNode params = finalVersion.get("params");
        JsonNode findings = finalVersion.get("findings");
        assertThat(findings).isNotEmpty();
        List<String> checks = new java.util.ArrayList<>();
        for (JsonNode f : findings) {
            String check = f.get("check").asText();
            checks.add(check);
            assertThat(f.get("passed").asBoolean()).as(check).isEqualTo("passed".equals(params.get("finding." + check).asText()));
            assertThat(f.get("expected").asText()).as(check).isEqualTo(params.get("finding." + check + ".expected").asText());
            if (f.get("passed").asBoolean()) {
                assertThat(f.get("regions")).as("a passed finding points nowhere").isEmpty();
            } else {
                assertThat(f.get("message").asText()).as(check).isNotBlank();
            }
            for (JsonNode g : f.get("regions")) {
                assertThat(g.get("x").asDouble() + g.get("width").asDouble()).as(check).isLessThanOrEqualTo(1.0);
                assertThat(g.get("y").asDouble() + g.get("height").asDouble()).as(check).isLessThanOrEqualTo(1.0);
            }
        }
        assertThat(checks).containsExactly(params.get("findings").asText().split(","));
        assertThat(versions.get(0).get("findings")).as("the photo is not judged").isEmpty();
        HttpResponse<byte[]> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(finalVersion.get("url").asText())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(images.get(finalVersion.get("imageKey").asText()));
        // the rendition's second link saves it under the name its ZIP gives it; the photo, not a preset's, has none
        URI saveAs = URI.create(finalVersion.get("download").asText());
        assertThat(saveAs.getQuery()).contains("response-content-disposition=attachment; filename=\"SKU-1-amazon-main.jpg\"");
        assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(saveAs).build(), HttpResponse.BodyHandlers.ofByteArray()).body())
                .isEqualTo(images.get(finalVersion.get("imageKey").asText()));
        assertThat(versions.get(0).get("download").isNull()).isTrue();

        // a preview: made on the first request for its size, kept, never larger than asked
        JsonNode preview = json(call("GET", "/sessions/" + id + "/versions/5/preview?size=200", "acme", null));
        assertThat(preview.get("made").asBoolean()).isTrue();
        assertThat(preview.get("contentType").asText()).isEqualTo("image/jpeg");
        java.awt.image.BufferedImage small = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(preview.get("url").asText())).build(), HttpResponse.BodyHandlers.ofByteArray()).body()));
        assertThat(Math.max(small.getWidth(), small.getHeight())).isEqualTo(200);
        assertThat(json(call("GET", "/sessions/" + id + "/versions/5/preview?size=200", "acme", null)).get("made").asBoolean()).as("made once").isFalse();
        int cutOut = 0;
        for (JsonNode v : versions) {
            cutOut = "background".equals(v.get("stage").asText()) ? v.get("number").asInt() : cutOut;
        }
        JsonNode cutPreview = json(call("GET", "/sessions/" + id + "/versions/" + cutOut + "/preview", "acme", null));
        assertThat(cutPreview.get("contentType").asText()).as("a cut-out's preview keeps its transparency").isEqualTo("image/png");
        java.awt.image.BufferedImage cutImage = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(cutPreview.get("url").asText())).build(), HttpResponse.BodyHandlers.ofByteArray()).body()));
        assertThat(Math.max(cutImage.getWidth(), cutImage.getHeight())).isEqualTo(400);
        assertThat(cutImage.getRGB(0, 0) >>> 24).as("the corner, backdrop in the photo").isZero();
        assertThat(images.exists("previews/acme/" + id + "/" + cutOut + "-400.png")).isTrue();

        assertThat(call("GET", "/sessions/" + id + "/versions/5/preview?size=5000", "acme", null).getStatusCode()).isEqualTo(400);
        assertThat(call("GET", "/sessions/" + id + "/versions/99/preview", "acme", null).getStatusCode()).isEqualTo(404);

        APIGatewayProxyResponseEvent noFinals = call("POST", "/sessions/" + id + "/bundle", "acme", null);
        if ("NEEDS_REVIEW".equals(session.get("session").get("status").asText())) {
            assertThat(noFinals.getStatusCode()).as("no final before the seller approves one").isEqualTo(404);
            assertThat(noFinals.getBody()).contains("approve one");
        }
        assertThat(call("POST", "/sessions/" + id + "/versions/5/approve", "acme", null).getStatusCode()).isEqualTo(200);

        // the bundle (the approved rendition is the final): the finals and a manifest in one ZIP in the store, built once per session revision
        APIGatewayProxyResponseEvent bundled = call("POST", "/sessions/" + id + "/bundle", "acme", null);
        assertThat(bundled.getStatusCode()).as(bundled.getBody()).isEqualTo(200);
        JsonNode bundle = json(bundled);
        assertThat(bundle.get("made").asBoolean()).isTrue();
        assertThat(bundle.get("files")).extracting(JsonNode::asText).containsExactly("SKU-1-amazon-main.jpg");
        // kept under the tenant's and session's bundle prefix (the bucket's lifecycle rule for bundles/ expires it)
        String bundleKey = URI.create(bundle.get("url").asText()).getPath().replaceFirst("^/(" + stack.bucket + "/)?", "");
        assertThat(bundleKey).matches("bundles/acme/" + id + "/r\\d+\\.zip");
        assertThat(images.exists(bundleKey)).isTrue();
        byte[] zipBytes = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(bundle.get("url").asText())).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
        java.util.Map<String, byte[]> entries = new java.util.TreeMap<>();
        try (java.util.zip.ZipInputStream zin = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zipBytes))) {
            for (java.util.zip.ZipEntry e = zin.getNextEntry(); e != null; e = zin.getNextEntry()) {
                entries.put(e.getName(), zin.readAllBytes());
            }
        }
        assertThat(entries).containsOnlyKeys("SKU-1-amazon-main.jpg", "manifest.json");
        assertThat(entries.get("SKU-1-amazon-main.jpg")).isEqualTo(images.get(finalVersion.get("imageKey").asText()));
        JsonNode manifest = Json.tree(new String(entries.get("manifest.json"), java.nio.charset.StandardCharsets.UTF_8));
        assertThat(manifest.get("files").get(0).get("version").asInt()).isEqualTo(5);
        assertThat(manifest.get("files").get(0).get("sha256").asText()).isEqualTo(java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(entries.get("SKU-1-amazon-main.jpg"))));
        assertThat(json(call("POST", "/sessions/" + id + "/bundle", "acme", null)).get("made").asBoolean()).as("built once").isFalse();

        // the export: the final under Amazon's bulk-upload name in the tenant's exports/ folder, tagged with where it came from
        APIGatewayProxyResponseEvent dashedSku = call("POST", "/sessions/" + id + "/exports", "acme", null);
        assertThat(dashedSku.getStatusCode()).as("SKU-1 has a dash, which Amazon's image upload refuses in a file name").isEqualTo(400);
        assertThat(dashedSku.getBody()).contains("amazonId");
        APIGatewayProxyResponseEvent exported = call("POST", "/sessions/" + id + "/exports", "acme", Map.of("amazonId", "B000123456"));
        assertThat(exported.getStatusCode()).as(exported.getBody()).isEqualTo(200);
        JsonNode exportFile = json(exported).get("files").get(0);
        assertThat(exportFile.get("file").asText()).isEqualTo("B000123456.MAIN.jpg");
        assertThat(exportFile.get("key").asText()).isEqualTo("exports/acme/amazon/B000123456.MAIN.jpg");
        assertThat(exportFile.get("status").asText()).isEqualTo("written");
        assertThat(images.get("exports/acme/amazon/B000123456.MAIN.jpg")).isEqualTo(entries.get("SKU-1-amazon-main.jpg"));
        assertThat(images.tags("exports/acme/amazon/B000123456.MAIN.jpg")).containsEntry("session", id).containsEntry("version", "5")
                .containsEntry("sha256", manifest.get("files").get(0).get("sha256").asText()).containsEntry("kind", "export");
        assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(exportFile.get("url").asText())).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body()).isEqualTo(entries.get("SKU-1-amazon-main.jpg"));
        assertThat(notifier.events()).filteredOn(e -> e.detailType().equals("Refinement Exported")).singleElement()
                .satisfies(e -> assertThat(e.finals()).extracting(f -> f.key()).containsExactly("exports/acme/amazon/B000123456.MAIN.jpg"));
        assertThat(json(call("POST", "/sessions/" + id + "/exports", "acme", Map.of("amazonId", "B000123456"))).get("files").get(0).get("status").asText())
                .as("exported again: nothing written").isEqualTo("unchanged");
        assertThat(notifier.events()).as("nothing written, nothing announced").filteredOn(e -> e.detailType().equals("Refinement Exported")).hasSize(1);
        // the brand kit: none yet, then a first version (its colour snapped to one a JPEG keeps), a second, a stale edit refused
        assertThat(call("GET", "/brand-kit", "acme", null).getStatusCode()).isEqualTo(404);
        APIGatewayProxyResponseEvent kit = call("PUT", "/brand-kit", "acme", Map.of("background", "#f4efe6", "margin", 0.1, "canvas", 1600,
                "autoExport", true, "expectedVersion", 0));
        assertThat(kit.getStatusCode()).as(kit.getBody()).isEqualTo(200);
        assertThat(json(kit).get("kit").get("background").asText()).isEqualTo("#f3efe6");
        assertThat(json(kit).get("kit").get("preset").asText()).isEqualTo("brand-site@1");
        assertThat(json(call("PUT", "/brand-kit", "acme", Map.of("shadow", true, "expectedVersion", 1))).get("versions")).hasSize(2);
        assertThat(call("PUT", "/brand-kit", "acme", Map.of("margin", 0.2, "expectedVersion", 1)).getStatusCode()).as("a stale edit").isEqualTo(409);
        assertThat(call("PUT", "/brand-kit", "acme", Map.of("margin", 0.5)).getStatusCode()).isEqualTo(400);
        JsonNode current = json(call("GET", "/brand-kit", "acme", null)).get("kit");
        assertThat(current.get("version").asInt()).isEqualTo(2);
        assertThat(current.get("shadow").asBoolean()).isTrue();
        assertThat(current.get("margin").asDouble()).as("kept from version 1").isEqualTo(0.1);
        assertThat(current.get("fileNaming").asText()).isEqualTo("{sku}-{preset}");
        // the kit names the tenant's files: a download's name follows it (Amazon's names stay Amazon's)
        assertThat(call("PUT", "/brand-kit", "acme", Map.of("fileNaming", "{sku}", "expectedVersion", 2)).getStatusCode()).isEqualTo(400);
        assertThat(json(call("PUT", "/brand-kit", "acme", Map.of("fileNaming", "acme_{sku}_{preset}", "expectedVersion", 2))).get("kit")
                .get("fileNaming").asText()).isEqualTo("acme_{sku}_{preset}");
        assertThat(json(call("GET", "/sessions/" + id + "/versions", "acme", null)).get("versions").get(4).get("download").asText())
                .contains("acme_SKU-1_amazon-main.jpg");
        // the upload panel's presets now offer the tenant's brand-site, as its kit makes it
        assertThat(json(call("GET", "/presets", "acme", null)).get("presets")).filteredOn(p -> p.get("id").asText().equals("brand-site"))
                .singleElement().satisfies(p -> assertThat(p.get("width").asInt()).isEqualTo(1600));
        assertThat(json(call("GET", "/presets", "other", null)).get("presets")).noneMatch(p -> p.get("id").asText().equals("brand-site"));
        APIGatewayProxyResponseEvent badPosition = call("POST", "/sessions/" + id + "/exports", "acme", Map.of("amazonId", "B000123456", "amazonPosition", "PT09"));
        assertThat(badPosition.getStatusCode()).isEqualTo(400);
        assertThat(badPosition.getBody()).contains("PT01 to PT08");
        assertThat(call("POST", "/sessions/" + id + "/exports", "other", null).getStatusCode()).as("another tenant").isEqualTo(404);
        assertThat(store.find("acme", id).orElseThrow().finals()).containsEntry("amazon-main", 5);
        assertThat(call("POST", "/sessions/" + id + "/versions/5/approve", "acme", null).getStatusCode()).as("approved twice").isEqualTo(409);
        assertThat(json(call("GET", "/sessions/" + id + "/versions", "acme", null)).get("versions").get(4).get("approvedBy").asText()).isEqualTo("seller");
        APIGatewayProxyResponseEvent reverted = call("POST", "/sessions/" + id + "/versions/2/revert", "acme", null);
        assertThat(reverted.getStatusCode()).isEqualTo(200);
        assertThat(json(reverted).get("head").asInt()).isEqualTo(2);
        // the finals are rendered again from the new head: a round that only finalizes, checks and publishes
        assertThat(json(reverted).get("status").asText()).isEqualTo("RUNNING");
        String rerender = stack.sfn.describeExecution(b -> b.executionArn(stack.stateMachineArn.replace(":stateMachine:", ":execution:") + ":"
                + dev.refinery.application.ExecutionNames.forRound(id, 1))).input();
        // version 2 is the lighting, before the cut-out: the cut-out and detail run again on it before finalize
        assertThat(Json.tree(rerender).get("feedbackStage").asText()).isEqualTo("background");
        assertThat(Json.tree(rerender).get("plan").get("lighting").asBoolean()).isFalse();
        assertThat(Json.tree(rerender).get("plan").get("background").asBoolean()).isTrue();
        assertThat(Json.tree(rerender).get("plan").get("detail").asBoolean()).isTrue();
        Map<String, Object> in = new HashMap<>(Map.of("tenant", "acme", "sessionId", id, "iteration", 0, "mode", "feedback-round",
                "feedback", Json.tree(rerender).get("feedback").asText(), "hints", Map.of()));
        in.put("feedbackStage", "background");
        new BackgroundStageHandler(wiring).handleRequest(in, null);
        in.put("feedbackStage", "detail");
        new DetailStageHandler(wiring).handleRequest(in, null);
        new FinalizeStageHandler(wiring).handleRequest(in, null);
        Map<String, Object> check = new QualityCheckStageHandler(wiring).handleRequest(in, null);
        new PublisherHandler(wiring).handleRequest(new HashMap<>(Map.of("tenant", "acme", "sessionId", id,
                "outcome", Boolean.TRUE.equals(check.get("passed")) ? "COMPLETED" : "NEEDS_REVIEW")), null);
        var rendition = store.versions("acme", id).stream().filter(v -> v.stage() == dev.refinery.domain.Stage.FINALIZE)
                .reduce((a, b) -> b).orElseThrow();
        assertThat(rendition.number()).as("a new rendition").isGreaterThan(5);
        var cut = store.versions("acme", id).stream().filter(v -> v.stage() == dev.refinery.domain.Stage.BACKGROUND && v.slot().round() == 1)
                .findFirst().orElseThrow();
        assertThat(cut.parent()).as("cut out again from the reverted-to version").isEqualTo(2);
        assertThat(rendition.parent()).as("finished on it").isNotEqualTo(2);
        if (Boolean.TRUE.equals(check.get("passed"))) {
            assertThat(store.find("acme", id).orElseThrow().finals()).containsEntry("amazon-main", rendition.number());
        }
        assertThat(call("POST", "/sessions/" + id + "/versions/99/approve", "acme", null).getStatusCode()).isEqualTo(404);

        // nothing the classic engine can do on amazon-main: declined with the reason, no round opened
        int roundBefore = store.find("acme", id).orElseThrow().round();
        APIGatewayProxyResponseEvent pink = call("POST", "/sessions/" + id + "/refinements", "acme", Map.of("feedback", "make the background pink"));
        assertThat(pink.getStatusCode()).isEqualTo(400);
        assertThat(pink.getBody()).contains("requires a pure white background").contains("ask for: brighter");
        assertThat(store.find("acme", id).orElseThrow().round()).isEqualTo(roundBefore);
        APIGatewayProxyResponseEvent round = call("POST", "/sessions/" + id + "/refinements", "acme", Map.of("feedback", "a brighter, warmer light"));
        assertThat(round.getStatusCode()).as(round.getBody()).isEqualTo(202);
        assertThat(json(round).get("stage").asText()).isEqualTo("lighting");
        String input = stack.sfn.describeExecution(b -> b.executionArn(stack.stateMachineArn.replace(":stateMachine:", ":execution:") + ":"
                + json(round).get("executionName").asText())).input();
        assertThat(Json.tree(input).get("mode").asText()).isEqualTo("feedback-round");
        assertThat(Json.tree(input).get("feedbackStage").asText()).isEqualTo("lighting");
        // the plan's hints travel with the round: both requests, measured
        assertThat(Json.tree(input).get("hints").get("lighting.exposure").asText()).isEqualTo("+0.50");
        assertThat(Json.tree(input).get("hints").get("lighting.warmth").asText()).isEqualTo("+0.040");
        assertThat(Json.tree(input).get("plan").get("lighting").asBoolean()).isTrue();
        assertThat(Json.tree(input).get("plan").get("detail").asBoolean()).isFalse();
        assertThat(json(round).get("steps")).extracting(st -> st.get("operation").asText()).containsExactly("lighting.brighter", "lighting.warmer");
        // The round is running: another one now is a conflict.
        assertThat(call("POST", "/sessions/" + id + "/refinements", "acme", Map.of("feedback", "more")).getStatusCode()).isEqualTo(409);

        assertThat(json(call("GET", "/sessions?sku=SKU-1", "acme", null)).get("sessions")).extracting(s -> s.get("id").asText()).containsExactly(id);
        assertThat(call("PUT", "/catalog/items/SKU-1", "acme", Map.of("presets", List.of("amazon-main", "walmart"), "category", "kitchen"))
                .getStatusCode()).isEqualTo(200);
        assertThat(json(call("GET", "/catalog/items", "acme", null)).get("items").get(0).get("presets")).hasSize(2);
        assertThat(call("GET", "/patterns?category=generic", "acme", null).getStatusCode()).isEqualTo(200);
        JsonNode presets = json(call("GET", "/presets", "acme", null)).get("presets");
        assertThat(presets).extracting(p -> p.get("id").asText()).contains("amazon-main", "walmart");
        assertThat(presets.get(0).get("name").asText()).isEqualTo("Amazon main image");
        assertThat(presets.get(0).get("format").asText()).isEqualTo("jpeg");
    }

    @Test
    void anotherTenantIsDeniedTheSessionOnEveryRoute() throws Exception {
        String id = refinedSession("acme", "SKU-1");
        String acmeKey = store.find("acme", id).orElseThrow().source().key();
        call("PUT", "/catalog/items/SKU-1", "acme", Map.of("presets", List.of("amazon-main"), "category", "kitchen"));
        Session before = store.find("acme", id).orElseThrow();
        int versionsBefore = store.versions("acme", id).size();

        assertThat(call("GET", "/sessions/" + id, "globex", null).getStatusCode()).isEqualTo(404);
        assertThat(call("GET", "/sessions/" + id + "/versions", "globex", null).getStatusCode()).isEqualTo(404);
        assertThat(call("GET", "/sessions/" + id + "/versions/1/preview", "globex", null).getStatusCode()).isEqualTo(404);
        assertThat(call("POST", "/sessions/" + id + "/bundle", "globex", null).getStatusCode()).isEqualTo(404);
        assertThat(call("POST", "/sessions/" + id + "/refinements", "globex", Map.of("feedback", "brighter")).getStatusCode()).isEqualTo(404);
        assertThat(call("POST", "/sessions/" + id + "/versions/1/approve", "globex", null).getStatusCode()).isEqualTo(404);
        assertThat(call("POST", "/sessions/" + id + "/versions/1/revert", "globex", null).getStatusCode()).isEqualTo(404);
        assertThat(json(call("GET", "/sessions?sku=SKU-1", "globex", null)).get("sessions")).isEmpty();
        assertThat(call("POST", "/sessions", "globex", Map.of("uploadKey", acmeKey, "presets", List.of("amazon-main"))).getStatusCode()).isEqualTo(403);
        assertThat(call("PUT", "/catalog/items/SKU-1", "globex", Map.of("presets", List.of("walmart"), "sourceKey", acmeKey)).getStatusCode()).isEqualTo(403);
        assertThat(call("PUT", "/catalog/items/SKU-1", "globex", Map.of("presets", List.of("walmart"))).getStatusCode()).isEqualTo(200);
        assertThat(json(call("GET", "/catalog/items", "globex", null)).get("items")).singleElement()
                .satisfies(i -> assertThat(i.get("sourceKey").isNull()).isTrue());
        assertThat(form("globex", "SKU-1", "a.jpg").key()).startsWith("uploads/globex/SKU-1/");

        assertThat(store.find("acme", id)).contains(before);
        assertThat(store.versions("acme", id)).hasSize(versionsBefore);
        assertThat(catalog.findItem("acme", "SKU-1").orElseThrow().presets()).containsExactly("amazon-main");
        assertThat(catalog.findItem("acme", "SKU-1").orElseThrow().category()).isEqualTo("kitchen");
    }

    @Test
    void anOptimisticLockConflictSurfacesAs409() throws Exception {
        String id = refinedSession("acme", "SKU-1");
        // A store whose every update loses a race: another writer saves the session just before.
        SessionStore racing = new SessionStore() {
            public Session create(Session s) { return store.create(s); }
            public Optional<Session> find(String t, String i) { return store.find(t, i); }
            public Session update(Session s) {
                Session cur = store.find(s.tenant(), s.id()).orElseThrow();
                store.update(cur.withStatus(cur.status(), cur.reason(), Instant.now()));
                return store.update(s);
            }
            public int reserveVersion(String t, String i, VersionSlot slot) { return store.reserveVersion(t, i, slot); }
            public void saveVersion(ImageVersion v) { store.saveVersion(v); }
            public List<ImageVersion> versions(String t, String i) { return store.versions(t, i); }
            public List<Session> findBySku(String t, String sku) { return store.findBySku(t, sku); }
            public dev.refinery.ports.SessionPage page(String t, int limit, dev.refinery.ports.SessionPage.Cursor c) { return store.page(t, limit, c); }
        };
        ApiHandler racingApi = new ApiHandler(wiring(racing));
        APIGatewayProxyResponseEvent r = racingApi.handleRequest(Fixtures.api("POST", "/sessions/" + id + "/versions/2/revert", "acme", null), null);
        assertThat(r.getStatusCode()).isEqualTo(409);
        assertThat(json(r).get("error").asText()).isEqualTo("conflict");
        assertThat(json(r).get("hint").asText()).contains("retry");
    }

    @Test
    void thePresignedPostIsAcceptedForTheTenantsPrefixAndItsPolicyRefusesEverythingElse() throws Exception {
        PresignedPost post = form("acme", "SKU-3", "side.png");
        byte[] small = TestEngines.productPhoto(64, 48);
        Instant now = Instant.now();
        assertThat(PostPolicyEvaluator.refusal(post.fields(), small.length, stack.bucket, "testing", now)).isNull();
        HttpResponse<String> ok = PostForm.send(post, post.fields(), "side.png", "image/png", small);
        assertThat(ok.statusCode()).isBetween(200, 204);
        assertThat(images.exists(post.key())).isTrue();
        assertThat(post.key()).startsWith("uploads/acme/SKU-3/");
        assertThat(post.maxBytes()).isEqualTo(2_000_000);

        Map<String, String> otherPrefix = new LinkedHashMap<>(post.fields());
        otherPrefix.put("key", "uploads/globex/SKU-3/side.png");
        assertThat(PostPolicyEvaluator.refusal(otherPrefix, small.length, stack.bucket, "testing", now)).contains("key");
        Map<String, String> otherType = new LinkedHashMap<>(post.fields());
        otherType.put("Content-Type", "text/html");
        assertThat(PostPolicyEvaluator.refusal(otherType, small.length, stack.bucket, "testing", now)).contains("Content-Type");
        assertThat(PostPolicyEvaluator.refusal(post.fields(), 2_000_001, stack.bucket, "testing", now)).contains("EntityTooLarge");
        assertThat(PostPolicyEvaluator.refusal(post.fields(), 0, stack.bucket, "testing", now)).contains("EntityTooSmall");
        assertThat(PostPolicyEvaluator.refusal(post.fields(), small.length, stack.bucket, "testing", now.plusSeconds(301))).contains("expired");
        assertThat(PostPolicyEvaluator.refusal(post.fields(), small.length, "another-bucket", "testing", now)).contains("bucket");
        assertThat(PostPolicyEvaluator.refusal(post.fields(), small.length, stack.bucket, "wrong-secret", now)).contains("Signature");
        Map<String, String> extraField = new LinkedHashMap<>(post.fields());
        extraField.put("x-amz-meta-owner", "globex");
        assertThat(PostPolicyEvaluator.refusal(extraField, small.length, stack.bucket, "testing", now)).contains("not covered");
    }
}
