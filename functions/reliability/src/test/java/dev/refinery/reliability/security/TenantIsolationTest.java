package dev.refinery.reliability.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.refinery.aws.Json;
import dev.refinery.application.ports.PresignedPost;
import dev.refinery.aws.testing.Fixtures;
import dev.refinery.aws.testing.MotoStack;
import dev.refinery.aws.testing.PostPolicyEvaluator;
import dev.refinery.aws.testing.TestEngines;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.Session;
import dev.refinery.domain.SessionStatus;
import dev.refinery.reliability.harness.Finishers;
import dev.refinery.reliability.harness.Photos;
import dev.refinery.reliability.harness.ReliabilityStack;
import dev.refinery.testkit.MotoServer;
import java.awt.Color;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tenant isolation on every route of the API, the route list read from the OpenAPI document the
 * handler is checked against (a new route without a cross-tenant case fails this suite). Tenant B
 * ("globex") uses tenant A's ("acme") identifiers everywhere; each case also runs as A, so a 404 for
 * B proves isolation and not a broken route. A's session, versions, catalog item and objects are
 * compared before and after. Presigned URLs: each download link names exactly one object of the
 * tenant's session and expires; the upload form is pinned to the tenant's own prefix.
 */
@ExtendWith(MotoServer.class)
class TenantIsolationTest {
    static final String A = "acme";
    static final String B = "globex";

    static ReliabilityStack stack;
    static String sessionA;
    static String keyA;
    static String skuA = "SKU-A";
    static List<String> versionKeysA;

    @BeforeAll
    static void aTenantWithARefinedSession() {
        stack = ReliabilityStack.builder(ReliabilityStack.Backend.MOTO)
                .finisher(Finishers.framesTooSmallUntilTold(new TestEngines.CentringFinisher())).build();
        ReliabilityStack.Upload u = stack.putOriginal("uploads/acme/" + skuA + "/kettle.png", Photos.flatPng(400, 300, new Color(30, 110, 60)));
        keyA = u.key();
        sessionA = stack.deliver(stack.notification(u)).get(0).sessionId();
        stack.awaitExecutions(Duration.ofMinutes(2));
        assertThat(stack.rawSessions.find(A, sessionA).orElseThrow().status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(stack.call("PUT", "/catalog/items/" + skuA, A, Map.of("presets", List.of("google-merchant"), "category", "kitchen-acme-only",
                "sourceKey", keyA)).getStatusCode()).isEqualTo(200);
        versionKeysA = stack.rawSessions.versions(A, sessionA).stream().map(ImageVersion::imageKey).toList();
        // AI spending of A's this month
        stack.spend.add(A, 1.25);
        // a suggestion of A's, in a category B names too
        stack.control.patterns().approved(A, "kettles", "make the kettle bigger", List.of("framing.bigger"), Instant.now());
        // A's brand kit
        stack.control.brandKits().add(new dev.refinery.domain.BrandKit(A, 1, 0xF4EFE6, 0.1, 1600, dev.refinery.domain.ImageFormat.JPEG, false, false,
                Instant.now()));
        // A's Shopify store, connected, with A's final on the product of A's SKU
        stack.shopify.addShop("acme.myshopify.com", "Acme Kettles", "shpat_acme");
        stack.shopify.addProduct("acme.myshopify.com", skuA);
        assertThat(stack.call("PUT", "/stores/shopify", A, Map.of("shop", "acme.myshopify.com", "accessToken", "shpat_acme")).getStatusCode()).isEqualTo(200);
        assertThat(stack.call("POST", "/sessions/" + sessionA + "/stores/shopify", A, null).getStatusCode()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    /** One request, and what must hold of the answer. */
    record Call(String method, String path, Object body) {
    }

    /** A route's cross-tenant case: what B sends, what A sends as the positive control, and B's expected refusal. */
    record Case(Function<String, Call> request, BiConsumer<String, APIGatewayProxyResponseEvent> asOther) {
    }

    static BiConsumer<String, APIGatewayProxyResponseEvent> status(int expected) {
        return (who, r) -> assertThat(r.getStatusCode()).as(who + ": " + r.getBody()).isEqualTo(expected);
    }

    /** Every operation of the OpenAPI document, by operationId. */
    static Map<String, Case> cases() {
        Map<String, Case> c = new LinkedHashMap<>();
        c.put("createUploadForm", new Case(t -> new Call("POST", "/uploads", Map.of("sku", skuA, "fileName", "kettle.png")), (who, r) -> {
            assertThat(r.getStatusCode()).isEqualTo(200);
            PresignedPost form = Json.MAPPER.convertValue(Json.tree(r.getBody()), PresignedPost.class);
            assertThat(form.key()).startsWith("uploads/globex/" + skuA + "/");
            Map<String, String> intoA = new LinkedHashMap<>(form.fields());
            intoA.put("key", keyA);
            assertThat(PostPolicyEvaluator.refusal(intoA, 1000, stack.bucket(), "testing", Instant.now())).as("B's form writing A's key").isNotNull();
            intoA.put("key", "uploads/acme/" + skuA + "/new.png");
            assertThat(PostPolicyEvaluator.refusal(intoA, 1000, stack.bucket(), "testing", Instant.now())).as("B's form under A's prefix").isNotNull();
        }));
        c.put("startSession", new Case(t -> new Call("POST", "/sessions", Map.of("uploadKey", keyA, "presets", List.of("google-merchant"))), status(403)));
        c.put("listSessions", new Case(t -> new Call("GET", "/sessions", null), (who, r) -> {
            // B's tenant-wide list holds none of A's sessions; with A's SKU it is empty
            assertThat(r.getStatusCode()).isEqualTo(200);
            assertThat(r.getBody()).doesNotContain(sessionA).doesNotContain("\"tenant\":\"" + A + "\"");
            assertThat(Json.tree(stack.call("GET", "/sessions?sku=" + skuA, B, null).getBody()).get("sessions")).isEmpty();
        }));
        c.put("getSession", new Case(t -> new Call("GET", "/sessions/" + sessionA, null), status(404)));
        c.put("listVersions", new Case(t -> new Call("GET", "/sessions/" + sessionA + "/versions", null), status(404)));
        c.put("createBundle", new Case(t -> new Call("POST", "/sessions/" + sessionA + "/bundle", null), status(404)));
        c.put("createExport", new Case(t -> new Call("POST", "/sessions/" + sessionA + "/exports", Map.of("replace", true)), status(404)));
        c.put("getVersionPreview", new Case(t -> new Call("GET", "/sessions/" + sessionA + "/versions/2/preview", null), status(404)));
        c.put("requestRefinement", new Case(t -> new Call("POST", "/sessions/" + sessionA + "/refinements", Map.of("feedback", "brighter")), status(404)));
        c.put("approveVersion", new Case(t -> new Call("POST", "/sessions/" + sessionA + "/versions/2/approve", null), status(404)));
        c.put("revertVersion", new Case(t -> new Call("POST", "/sessions/" + sessionA + "/versions/2/revert", null), status(404)));
        c.put("putCatalogItem", new Case(t -> new Call("PUT", "/catalog/items/" + skuA,
                Map.of("presets", List.of("amazon-main"), "category", "taken-over", "sourceKey", keyA)), status(403)));
        c.put("listPatterns", new Case(t -> new Call("GET", "/patterns?category=kettles", null), (who, r) -> {
            assertThat(r.getStatusCode()).isEqualTo(200);
            assertThat(Json.tree(r.getBody()).get("patterns")).as(who + " sees A's suggestions").isEmpty();
        }));
        c.put("listCatalogItems", new Case(t -> new Call("GET", "/catalog/items", null), (who, r) -> {
            assertThat(r.getStatusCode()).isEqualTo(200);
            assertThat(Json.tree(r.getBody()).get("items")).allSatisfy(i -> assertThat(i.get("tenant").asText()).isEqualTo(B));
        }));
        // the same catalog of presets for every tenant, and a tenant's own brand-site: A's kit is not B's
        c.put("listPresets", new Case(t -> new Call("GET", "/presets", null), (who, r) -> {
            assertThat(r.getStatusCode()).isEqualTo(200);
            assertThat(Json.tree(r.getBody()).get("presets")).isNotEmpty();
            assertThat(r.getBody()).as(who + " sees A's brand kit").doesNotContain("#f4efe6");
        }));
        // B has no brand kit, whatever A's is; B's own kit is B's alone (A's is checked unchanged below)
        c.put("getBrandKit", new Case(t -> new Call("GET", "/brand-kit", null), status(404)));
        c.put("putBrandKit", new Case(t -> new Call("PUT", "/brand-kit", Map.of("background", "#102030", "expectedVersion", 0)), (who, r) -> {
            assertThat(r.getStatusCode()).as(who + ": " + r.getBody()).isEqualTo(200);
            assertThat(Json.tree(r.getBody()).get("versions")).as(who + " sees A's kit").hasSize(1);
            assertThat(r.getBody()).doesNotContain("#f4efe6");
        }));
        // A's store: B lists none, cannot connect to it without its token, disconnects only its own, sees none of its
        // media, cannot push A's session, and A's SKU has no set for B
        c.put("listStores", new Case(t -> new Call("GET", "/stores", null), (who, r) -> {
            assertThat(r.getStatusCode()).isEqualTo(200);
            assertThat(Json.tree(r.getBody()).get("stores")).as(who + " sees A's store").isEmpty();
        }));
        c.put("connectStore", new Case(t -> new Call("PUT", "/stores/shopify", Map.of("shop", "acme.myshopify.com", "accessToken", "shpat_guess")),
                status(400)));
        c.put("disconnectStore", new Case(t -> new Call("DELETE", "/stores/shopify", null), status(200)));
        c.put("listStoreMedia", new Case(t -> new Call("GET", "/stores/shopify/products/" + skuA, null), (who, r) -> {
            assertThat(r.getStatusCode()).isEqualTo(200);
            assertThat(Json.tree(r.getBody()).get("media")).as(who + " sees A's media").isEmpty();
        }));
        c.put("pushToStore", new Case(t -> new Call("POST", "/sessions/" + sessionA + "/stores/shopify", null), status(404)));
        c.put("getSkuSet", new Case(t -> new Call("GET", "/catalog/items/" + skuA + "/set", null), status(404)));
        // the figure is the caller's own: B has spent nothing, whatever A spent
        c.put("getSpend", new Case(t -> new Call("GET", "/spend", null), (who, r) -> {
            assertThat(r.getStatusCode()).isEqualTo(200);
            assertThat(Json.tree(r.getBody()).get("spentUsd").asDouble()).as(who + " sees A's spending").isZero();
        }));
        return c;
    }

    static List<String[]> documentedOperations() throws Exception {
        try (InputStream in = TenantIsolationTest.class.getResourceAsStream("/openapi.yaml")) {
            JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(in);
            List<String[]> ops = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields();
            while (paths.hasNext()) {
                Map.Entry<String, JsonNode> p = paths.next();
                p.getValue().fields().forEachRemaining(m -> ops.add(new String[] {m.getKey().toUpperCase(Locale.ROOT), p.getKey(),
                        m.getValue().get("operationId").asText()}));
            }
            return ops;
        }
    }

    private static APIGatewayProxyResponseEvent send(String tenant, Call call) {
        return stack.call(call.method(), call.path(), tenant, call.body());
    }

    @Test
    void tenantBCanNeitherReadNorChangeNorListTenantAsSessionsVersionsItemsOrObjectsOnAnyRoute() throws Exception {
        Session before = stack.rawSessions.find(A, sessionA).orElseThrow();
        List<ImageVersion> versionsBefore = stack.rawSessions.versions(A, sessionA);
        var itemBefore = stack.control.catalog().findItem(A, skuA).orElseThrow();
        List<String> objectsBefore = stack.objectKeys("");

        Map<String, Case> cases = cases();
        List<String[]> ops = documentedOperations();
        assertThat(ops).hasSizeGreaterThanOrEqualTo(10);
        for (String[] op : ops) {
            Case c = cases.get(op[2]);
            assertThat(c).as("route %s %s (%s) has no cross-tenant case in this suite", op[0], op[1], op[2]).isNotNull();
            Call call = c.request().apply(B);
            assertThat(call.method() + " " + call.path().replaceAll("\\?.*", ""))
                    .as("the case of %s calls its own route", op[2]).matches(op[0] + " " + op[1].replaceAll("\\{[^}]+}", "[^/]+"));
            APIGatewayProxyResponseEvent asB = send(B, call);
            c.asOther().accept("tenant B on " + op[2], asB);
            String body = asB.getBody();
            for (String secret : versionKeysA) {
                assertThat(body).as(op[2] + " leaks a version key of A").doesNotContain(secret);
            }
            assertThat(body).as(op[2] + " leaks A's catalog").doesNotContain("kitchen-acme-only");
            if (!call.path().contains(sessionA) && !String.valueOf(call.body()).contains(sessionA)) {
                assertThat(body).as(op[2] + " leaks A's session id").doesNotContain(sessionA);
            }
        }
        // Nothing of A's changed.
        assertThat(stack.rawSessions.find(A, sessionA)).contains(before);
        assertThat(stack.rawSessions.versions(A, sessionA)).isEqualTo(versionsBefore);
        assertThat(stack.control.catalog().findItem(A, skuA)).contains(itemBefore);
        assertThat(stack.control.brandKits().history(A)).singleElement().satisfies(k -> assertThat(k.background()).isEqualTo(0xF4EFE6));
        assertThat(stack.objectKeys("")).filteredOn(k -> !k.startsWith("uploads/globex/")).containsExactlyInAnyOrderElementsOf(objectsBefore);

        // Positive control: the same requests as A reach A's data (the routes work; B was refused for being B).
        for (String id : List.of("getSession", "listVersions", "listSessions", "listCatalogItems", "listPatterns")) {
            APIGatewayProxyResponseEvent asA = send(A, cases.get(id).request().apply(A));
            assertThat(asA.getStatusCode()).as(id + " as A").isEqualTo(200);
            assertThat(asA.getBody()).as(id + " as A").containsAnyOf(sessionA, "kitchen-acme-only", "make the kettle bigger");
        }
        assertThat(send(A, cases.get("listPatterns").request().apply(A)).getBody()).contains("make the kettle bigger");
        assertThat(Json.tree(send(A, cases.get("getSpend").request().apply(A)).getBody()).get("spentUsd").asDouble()).as("getSpend as A").isEqualTo(1.25);
        assertThat(send(A, cases.get("approveVersion").request().apply(A)).getStatusCode()).isEqualTo(200);
        assertThat(send(A, cases.get("getBrandKit").request().apply(A)).getBody()).as("getBrandKit as A").contains("#f4efe6");
        // A's store is still A's: connected, its product's media listed, its SKU's set there
        assertThat(send(A, cases.get("listStores").request().apply(A)).getBody()).as("listStores as A").contains("acme.myshopify.com");
        assertThat(Json.tree(send(A, cases.get("listStoreMedia").request().apply(A)).getBody()).get("media")).as("listStoreMedia as A").hasSize(1);
        assertThat(send(A, cases.get("getSkuSet").request().apply(A)).getStatusCode()).as("getSkuSet as A").isEqualTo(200);
    }

    @Test
    void everyRouteRefusesARequestWithoutATenantOrWithAnInvalidOne() throws Exception {
        for (String[] op : documentedOperations()) {
            Call call = cases().get(op[2]).request().apply(A);
            APIGatewayProxyResponseEvent none = stack.call(call.method(), call.path(), null, call.body());
            assertThat(none.getStatusCode()).as(op[2] + " without a tenant").isEqualTo(401);
            APIGatewayProxyRequestEvent bad = Fixtures.api(call.method(), call.path(), "acme/../globex", call.body());
            assertThat(stack.api.handleRequest(bad, null).getStatusCode()).as(op[2] + " with a forged tenant").isEqualTo(403);
        }
    }

    @Test
    void downloadLinksNameExactlyOneObjectOfTheTenantAndExpire() throws Exception {
        APIGatewayProxyResponseEvent r = stack.call("GET", "/sessions/" + sessionA + "/versions", A, null);
        assertThat(r.getStatusCode()).isEqualTo(200);
        HttpClient http = HttpClient.newHttpClient();
        Instant now = Instant.now();
        for (JsonNode v : Json.tree(r.getBody()).get("versions")) {
            URI url = URI.create(v.get("url").asText());
            String key = v.get("imageKey").asText();
            assertThat(key).startsWith(dev.refinery.pipeline.SessionKeys.prefix(A, sessionA));
            assertThat(url.getPath()).isEqualTo("/" + stack.bucket() + "/" + key);
            assertThat(url.getQuery()).contains("X-Amz-Expires=" + stack.config.downloadUrlTtl().toSeconds()).contains("X-Amz-SignedHeaders=host");
            assertThat(stack.config.downloadUrlTtl()).isLessThanOrEqualTo(Duration.ofMinutes(15));
            // S3's own checks (moto_server does not make them): valid now, refused once expired or for another key.
            assertThat(PresignedGetVerifier.refusal(url, "testing", now)).isNull();
            assertThat(PresignedGetVerifier.refusal(url, "testing", now.plus(stack.config.downloadUrlTtl()).plusSeconds(60))).isEqualTo("Request has expired");
            URI otherKey = URI.create(url.toString().replace(key, keyA));
            assertThat(PresignedGetVerifier.refusal(otherKey, "testing", now)).isEqualTo("SignatureDoesNotMatch");
            URI otherSession = URI.create(url.toString().replace(sessionA, "0000000-other-session"));
            assertThat(PresignedGetVerifier.refusal(otherSession, "testing", now)).isEqualTo("SignatureDoesNotMatch");
            HttpResponse<byte[]> got = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(got.statusCode()).isEqualTo(200);
            assertThat(got.body()).isEqualTo(stack.rawImages.get(key));
        }
    }

    @Test
    void theVerifierAgreesWithTheWorkedExampleOfTheS3ApiReference() {
        // "Authenticating Requests: Using Query Parameters (AWS Signature Version 4)", example GET of examplebucket/test.txt.
        URI example = URI.create("https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z"
                + "&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
                + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
        String secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        assertThat(PresignedGetVerifier.refusal(example, secret, Instant.parse("2013-05-24T10:00:00Z"))).isNull();
        assertThat(PresignedGetVerifier.refusal(example, secret, Instant.parse("2013-05-25T00:00:01Z"))).isEqualTo("Request has expired");
        assertThat(PresignedGetVerifier.refusal(URI.create(example.toString().replace("test.txt", "other.txt")), secret,
                Instant.parse("2013-05-24T10:00:00Z"))).isEqualTo("SignatureDoesNotMatch");
        assertThat(MotoStack.CREDENTIALS.resolveCredentials().secretAccessKey()).isEqualTo("testing");
    }

    @Test
    void uploadFormsArePinnedToTheCallersPrefixAndExpire() {
        for (String tenant : List.of(A, B)) {
            APIGatewayProxyResponseEvent r = stack.call("POST", "/uploads", tenant, Map.of("sku", "SKU-9", "fileName", "front.jpg"));
            PresignedPost form = Json.MAPPER.convertValue(Json.tree(r.getBody()), PresignedPost.class);
            String other = tenant.equals(A) ? B : A;
            Instant now = Instant.now();
            assertThat(form.key()).startsWith("uploads/" + tenant + "/SKU-9/");
            assertThat(PostPolicyEvaluator.refusal(form.fields(), 1000, stack.bucket(), "testing", now)).isNull();
            Map<String, String> elsewhere = new LinkedHashMap<>(form.fields());
            elsewhere.put("key", "uploads/" + other + "/SKU-9/front.jpg");
            assertThat(PostPolicyEvaluator.refusal(elsewhere, 1000, stack.bucket(), "testing", now)).contains("key");
            elsewhere.put("key", dev.refinery.pipeline.SessionKeys.prefix(A, sessionA) + "v1-base.png");
            assertThat(PostPolicyEvaluator.refusal(elsewhere, 1000, stack.bucket(), "testing", now)).contains("key");
            assertThat(form.expiresAt()).isBefore(now.plus(Duration.ofMinutes(10)));
            assertThat(PostPolicyEvaluator.refusal(form.fields(), 1000, stack.bucket(), "testing", form.expiresAt().plusSeconds(1))).contains("expired");
            assertThat(PostPolicyEvaluator.refusal(form.fields(), stack.config.uploadMaxBytes() + 1, stack.bucket(), "testing", now)).contains("EntityTooLarge");
        }
    }
}
