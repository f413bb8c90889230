package dev.refinery.stores.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.refinery.application.ports.StoreConnector;
import dev.refinery.application.ports.StoreLogin;
import dev.refinery.application.ports.StorePush;
import dev.refinery.domain.ConflictException;
import dev.refinery.domain.InvalidInputException;
import dev.refinery.domain.NotFoundException;
import dev.refinery.domain.RetryLaterException;
import dev.refinery.domain.TransientRefineryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Shopify through its Admin GraphQL API, as "Manage media for products" (shopify.dev) describes the upload: a staged
 * upload target ({@code stagedUploadsCreate}), the bytes posted to it as a form, the staged resource attached to the
 * product with {@code productUpdate(product:, media:)} (not the deprecated {@code productCreateMedia}), and a newer final
 * put in place of the same media with {@code fileUpdate(files: {id, originalSource})} (since 2023-07 it replaces the
 * bytes and keeps the media's id and URL). The product is the one whose variant has the SKU
 * ({@code productVariants(query: "sku:…")}).
 *
 * <p>Throttling is cost based: a throttled answer is HTTP 200 with an error of code {@code THROTTLED} and the bucket's
 * state in {@code extensions.cost.throttleStatus}; the connector waits {@code (requested − available) / restoreRate}
 * seconds (at most {@link #MAX_WAIT}) and sends the same request again, which is safe because a throttled request did
 * not run. A 5xx or a lost answer to the media mutation is not safe to repeat blindly (Shopify may have attached the
 * file): the connector first looks for the file on the product by its name, and sends again only when it is not there.
 * Every other error is the seller's to fix (a token Shopify refuses, a scope the app lacks) and says so.
 */
public final class ShopifyConnector implements StoreConnector {
    /** The Admin API version this connector is written against (Shopify supports each for at least 12 months). */
    public static final String API_VERSION = "2025-10";
    /** A store's own address; custom domains do not serve the Admin API. */
    static final Pattern SHOP = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}\\.myshopify\\.com");
    /** Attempts of one request through throttling, 429 and 5xx; 6 with the backoff below spans about 15 s. */
    static final int ATTEMPTS = 6;
    /** The longest single wait for the cost bucket (a standard plan restores 100 points a second; our calls cost ≤ 20). */
    static final Duration MAX_WAIT = Duration.ofSeconds(5);
    /**
     * One request's time through all its attempts: the API answers within API Gateway's 29 s, and a push makes about
     * six requests, most of them answered in well under a second; a store slower than this is answered "try later".
     */
    static final Duration REQUEST_BUDGET = Duration.ofSeconds(15);
    /** One attempt's time for an answer. */
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(8);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MEDIA_FIELDS = "id status alt mediaErrors { code message } ... on MediaImage { image { url } }";

    /** How the connector pauses between attempts and polls (a test's clock need not sleep). */
    public interface Sleeper {
        /** Thread.sleep. */
        Sleeper REAL = ShopifyConnector::pause;

        void sleep(Duration d);
    }

    private final HttpClient http;
    private final Function<String, URI> endpoint;
    private final Sleeper sleeper;
    private final Duration readyWait;

    /** Against Shopify itself: {@code https://{shop}/admin/api/2025-10/graphql.json}. */
    public static ShopifyConnector toShopify(HttpClient http) {
        return new ShopifyConnector(http, shop -> URI.create("https://" + shop + "/admin/api/" + API_VERSION + "/graphql.json"),
                Sleeper.REAL, Duration.ofSeconds(10));
    }

    /**
     * @param endpoint the GraphQL endpoint of a shop (a local fake's in tests)
     * @param readyWait how long a push waits for Shopify to process the image before answering {@code PROCESSING}
     *     (the API answers within API Gateway's 29 s; a later export reads the state again)
     */
    public ShopifyConnector(HttpClient http, Function<String, URI> endpoint, Sleeper sleeper, Duration readyWait) {
        this.http = http;
        this.endpoint = endpoint;
        this.sleeper = sleeper;
        this.readyWait = readyWait;
    }

    @Override
    public String store() {
        return "shopify";
    }

    @Override
    public Optional<String> problemWithShop(String shop) {
        return SHOP.matcher(shop).matches() ? Optional.empty()
                : Optional.of("'" + shop + "' is not a Shopify store's address (it must look like your-store.myshopify.com)");
    }

    @Override
    public String verify(StoreLogin login) {
        return call(login, "query { shop { name } }", Map.of(), true).path("shop").path("name").asText();
    }

    @Override
    public Product productForSku(StoreLogin login, String sku) {
        // the search syntax quotes the value, so a SKU with spaces or a colon is one term
        JsonNode nodes = call(login, "query ($q: String!) { productVariants(first: 5, query: $q) { nodes { sku product { id title } } } }",
                Map.of("q", "sku:\"" + sku.replace("\\", "\\\\").replace("\"", "\\\"") + "\""), true).path("productVariants").path("nodes");
        List<String> products = new ArrayList<>();
        Map<String, String> titles = new LinkedHashMap<>();
        for (JsonNode n : nodes) {
            // the search matches words; only an exact SKU is this product's
            if (sku.equals(n.path("sku").asText()) && !products.contains(n.path("product").path("id").asText())) {
                products.add(n.path("product").path("id").asText());
                titles.put(n.path("product").path("id").asText(), n.path("product").path("title").asText(""));
            }
        }
        if (products.isEmpty()) {
            throw new NotFoundException("No product in " + login.shop() + " has a variant with SKU " + sku,
                    "create the product in Shopify (or set the variant's SKU to " + sku + "), then export again");
        }
        if (products.size() > 1) {
            throw new ConflictException("SKU " + sku + " is on " + products.size() + " products in " + login.shop() + " (" + String.join(", ", products)
                    + "): the image would go to one of them at random", "give each product's variant its own SKU in Shopify, then export again");
        }
        return new Product(products.get(0), titles.get(products.get(0)));
    }

    @Override
    public Media put(StoreLogin login, String productId, MediaFile file, String replaceMediaId) {
        String resource = stage(login, file);
        if (replaceMediaId != null) {
            Optional<Media> replaced = replace(login, replaceMediaId, resource);
            if (replaced.isPresent()) {
                return replaced.get();
            }
            // the media is gone (the seller deleted it in Shopify): the final is added again
        }
        // the product's media before: a fresh image has no URL until Shopify has processed it, so the new one is told
        // by its id (the one the product did not have), and a processed one also by its name
        List<String> before = ids(mediaNodes(login, productId));
        String attach = "mutation ($product: ProductUpdateInput!, $media: [CreateMediaInput!]) { productUpdate(product: $product, media: $media) {"
                + " product { id media(last: 10) { nodes { " + MEDIA_FIELDS + " } } } userErrors { field message } } }";
        Map<String, Object> vars = Map.of("product", Map.of("id", productId),
                "media", List.of(Map.of("originalSource", resource, "alt", file.alt(), "mediaContentType", "IMAGE")));
        JsonNode data;
        try {
            data = call(login, attach, vars, false);
        } catch (TransientRefineryException e) {
            // the answer was lost or Shopify failed mid-way: it may have attached the file; look before sending it again
            Optional<JsonNode> there = ours(mediaNodes(login, productId), before, file.fileName());
            if (there.isPresent()) {
                return ready(login, media(there.get(), false));
            }
            data = call(login, attach, vars, true);
        }
        JsonNode payload = data.path("productUpdate");
        refuseUserErrors(payload, "attach the image to the product");
        Optional<JsonNode> added = ours(payload.path("product").path("media").path("nodes"), before, file.fileName());
        if (added.isEmpty()) {
            added = ours(mediaNodes(login, productId), before, file.fileName());
        }
        return ready(login, media(added.orElseThrow(() -> new TransientRefineryException(
                "Shopify accepted the image for " + productId + " but does not list it yet", null)), false));
    }

    /**
     * {@code productReorderMedia}: Shopify moves the media in a job of its own (the answer names it); a move that Shopify
     * refuses (the media is not the product's) is the seller's to see.
     */
    @Override
    public void move(StoreLogin login, String productId, String mediaId, int position) {
        JsonNode payload = call(login, "mutation ($id: ID!, $moves: [MoveInput!]!) { productReorderMedia(id: $id, moves: $moves) {"
                        + " job { id done } mediaUserErrors { field message code } } }",
                Map.of("id", productId, "moves", List.of(Map.of("id", mediaId, "newPosition", Integer.toString(position - 1)))), true)
                .path("productReorderMedia");
        JsonNode errors = payload.path("mediaUserErrors");
        if (errors.size() > 0) {
            List<String> messages = new ArrayList<>();
            errors.forEach(e -> messages.add(e.path("message").asText()));
            throw new InvalidInputException("Shopify refused to move the image: " + String.join("; ", messages),
                    "move it in Shopify's admin, or push again without a position");
        }
    }

    /** The product's media (the first 250: a product page holds far fewer). */
    private JsonNode mediaNodes(StoreLogin login, String productId) {
        return call(login, "query ($id: ID!) { product(id: $id) { media(first: 250) { nodes { " + MEDIA_FIELDS + " } } } }",
                Map.of("id", productId), true).path("product").path("media").path("nodes");
    }

    private static List<String> ids(JsonNode nodes) {
        List<String> ids = new ArrayList<>();
        nodes.forEach(n -> ids.add(n.path("id").asText()));
        return ids;
    }

    /** Our file among the media: the one named as we uploaded it, else the only one the product did not have before. */
    private static Optional<JsonNode> ours(JsonNode nodes, List<String> before, String fileName) {
        List<JsonNode> fresh = new ArrayList<>();
        for (JsonNode m : nodes) {
            if (named(m, fileName)) {
                return Optional.of(m);
            }
            if (!before.contains(m.path("id").asText())) {
                fresh.add(m);
            }
        }
        return fresh.size() == 1 ? Optional.of(fresh.get(0)) : Optional.empty();
    }

    @Override
    public Optional<Media> find(StoreLogin login, String productId, String fileName) {
        for (JsonNode m : mediaNodes(login, productId)) {
            if (named(m, fileName)) {
                return Optional.of(media(m, false));
            }
        }
        return Optional.empty();
    }

    @Override
    public Media status(StoreLogin login, String mediaId) {
        JsonNode node = call(login, "query ($id: ID!) { node(id: $id) { " + MEDIA_FIELDS + " } }", Map.of("id", mediaId), true).path("node");
        if (node.isMissingNode() || node.isNull()) {
            return new Media(mediaId, StorePush.FAILED, "the media is no longer in the store (deleted there)", false);
        }
        return media(node, false);
    }

    /** A staged upload target for the file, the bytes posted to it; answers the resource URL to attach. */
    private String stage(StoreLogin login, MediaFile file) {
        JsonNode payload = call(login, "mutation ($input: [StagedUploadInput!]!) { stagedUploadsCreate(input: $input) {"
                        + " stagedTargets { url resourceUrl parameters { name value } } userErrors { field message } } }",
                Map.of("input", List.of(Map.of("filename", file.fileName(), "mimeType", file.contentType(), "resource", "IMAGE",
                        "httpMethod", "POST", "fileSize", Integer.toString(file.bytes().length)))), true).path("stagedUploadsCreate");
        refuseUserErrors(payload, "prepare the upload");
        JsonNode target = payload.path("stagedTargets").path(0);
        Map<String, String> fields = new LinkedHashMap<>();
        target.path("parameters").forEach(p -> fields.put(p.path("name").asText(), p.path("value").asText()));
        post(URI.create(target.path("url").asText()), fields, file);
        return target.path("resourceUrl").asText();
    }

    /** {@code fileUpdate} with the new bytes; empty when the media no longer exists. */
    private Optional<Media> replace(StoreLogin login, String mediaId, String resource) {
        Media now = status(login, mediaId);
        if (now.status().equals(StorePush.FAILED)) {
            if (now.detail() == null || !now.detail().startsWith("the media is no longer")) {
                // an image Shopify could not process cannot be updated ("Files must be in ready state"): it goes, and
                // the final is added anew rather than leaving a broken image on the product
                JsonNode deleted = call(login, "mutation ($ids: [ID!]!) { fileDelete(fileIds: $ids) { deletedFileIds userErrors { field message code } } }",
                        Map.of("ids", List.of(mediaId)), true).path("fileDelete");
                refuseUserErrors(deleted, "remove the image it could not process");
            }
            return Optional.empty();
        }
        // "Files must be in ready state before they can be updated"
        if (now.status().equals(StorePush.PROCESSING)) {
            now = ready(login, now);
        }
        JsonNode payload = call(login, "mutation ($files: [FileUpdateInput!]!) { fileUpdate(files: $files) {"
                        + " files { id fileStatus } userErrors { field message code } } }",
                Map.of("files", List.of(Map.of("id", mediaId, "originalSource", resource))), true).path("fileUpdate");
        for (JsonNode e : payload.path("userErrors")) {
            if ("FILE_DOES_NOT_EXIST".equals(e.path("code").asText())) {
                return Optional.empty();
            }
        }
        refuseUserErrors(payload, "replace the image");
        return Optional.of(ready(login, new Media(mediaId, StorePush.PROCESSING, null, true)));
    }

    /** Polls the media until Shopify has processed it, for at most {@link #readyWait}. */
    private Media ready(StoreLogin login, Media m) {
        long deadline = System.nanoTime() + readyWait.toNanos();
        Media now = m;
        Duration pause = Duration.ofMillis(250);
        while (now.status().equals(StorePush.PROCESSING) && System.nanoTime() < deadline) {
            sleeper.sleep(pause);
            pause = pause.multipliedBy(2).compareTo(Duration.ofSeconds(2)) > 0 ? Duration.ofSeconds(2) : pause.multipliedBy(2);
            Media polled = status(login, m.mediaId());
            now = new Media(polled.mediaId(), polled.status(), polled.detail(), m.replaced());
        }
        return now;
    }

    private static Media media(JsonNode m, boolean replaced) {
        String status = switch (m.path("status").asText()) {
            case "READY" -> StorePush.READY;
            case "FAILED" -> StorePush.FAILED;
            default -> StorePush.PROCESSING; // UPLOADED, PROCESSING
        };
        String detail = null;
        if (m.path("mediaErrors").size() > 0) {
            JsonNode e = m.path("mediaErrors").path(0);
            detail = "Shopify could not process the image: " + e.path("code").asText() + " " + e.path("message").asText();
        }
        return new Media(m.path("id").asText(), status, detail, replaced);
    }

    /** Whether the media's image is the file we uploaded: Shopify keeps the uploaded name in the image's URL path. */
    private static boolean named(JsonNode m, String fileName) {
        String url = m.path("image").path("url").asText("");
        int q = url.indexOf('?');
        String path = q < 0 ? url : url.substring(0, q);
        return path.endsWith("/" + fileName);
    }

    private static void refuseUserErrors(JsonNode payload, String what) {
        JsonNode errors = payload.path("userErrors");
        if (errors.size() > 0) {
            List<String> messages = new ArrayList<>();
            errors.forEach(e -> messages.add(e.path("message").asText()));
            throw new InvalidInputException("Shopify refused to " + what + ": " + String.join("; ", messages),
                    "fix it in Shopify's admin (or the image), then export again");
        }
    }

    /**
     * One GraphQL request, through throttling (always safe to repeat: a throttled request did not run) and, when
     * {@code repeatable}, through 429, 5xx and lost answers.
     */
    JsonNode call(StoreLogin login, String query, Map<String, Object> variables, boolean repeatable) {
        ObjectNode body = JSON.createObjectNode();
        body.put("query", query);
        body.set("variables", JSON.valueToTree(variables));
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        URI uri = endpoint.apply(login.shop());
        Duration backoff = Duration.ofMillis(500);
        String last = "no attempt";
        long deadline = System.nanoTime() + REQUEST_BUDGET.toNanos();
        for (int attempt = 1; attempt <= ATTEMPTS && System.nanoTime() < deadline; attempt++) {
            HttpResponse<byte[]> res;
            try {
                res = http.send(HttpRequest.newBuilder(uri).timeout(ATTEMPT_TIMEOUT).header("Content-Type", "application/json")
                        .header("Accept", "application/json").header("X-Shopify-Access-Token", login.token())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                last = "no answer from " + login.shop() + " (" + e.getClass().getSimpleName() + ")";
                if (!repeatable) {
                    throw new TransientRefineryException(last, e);
                }
                sleeper.sleep(backoff);
                backoff = backoff.multipliedBy(2);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransientRefineryException("interrupted while calling Shopify", e);
            }
            int code = res.statusCode();
            if (code == 401 || code == 403) {
                throw new InvalidInputException("Shopify refused the access token for " + login.shop() + " (HTTP " + code + ")",
                        "reconnect the store with a current Admin API access token (PUT /stores/shopify): a token stops working when its app is uninstalled");
            }
            if (code == 402 || code == 404 || code == 423) {
                throw new InvalidInputException("Shopify answers HTTP " + code + " for " + login.shop() + (code == 404 ? " (no such store)"
                        : code == 402 ? " (the store is frozen for an unpaid bill)" : " (the store is locked)"), "check the store's address and state in Shopify");
            }
            if (code == 429 || code >= 500) {
                last = "Shopify answered HTTP " + code;
                if (!repeatable && code >= 500) {
                    throw new TransientRefineryException(last, null);
                }
                Duration wait = code == 429 ? retryAfter(res).orElse(Duration.ofSeconds(1)) : backoff;
                sleeper.sleep(wait);
                backoff = backoff.multipliedBy(2);
                continue;
            }
            JsonNode answer;
            try {
                answer = JSON.readTree(res.body());
            } catch (IOException e) {
                throw new TransientRefineryException("Shopify's answer is not JSON (HTTP " + code + ")", e);
            }
            JsonNode errors = answer.path("errors");
            if (errors.isArray() && errors.size() > 0) {
                if (throttled(errors)) {
                    last = "Shopify throttled the request";
                    sleeper.sleep(throttleWait(answer.path("extensions").path("cost")));
                    continue;
                }
                List<String> messages = new ArrayList<>();
                errors.forEach(e -> messages.add(e.path("message").asText() + (e.path("extensions").has("code") ? " (" + e.path("extensions").path("code").asText() + ")" : "")));
                String text = String.join("; ", messages);
                if (text.contains("ACCESS_DENIED")) {
                    throw new InvalidInputException("Shopify refused the request: " + text,
                            "give the store's custom app the read_products and write_products scopes, reinstall it, and reconnect with its new token");
                }
                throw new InvalidInputException("Shopify refused the request: " + text, "report this with the session id: the request is not one Shopify takes");
            }
            return answer.path("data");
        }
        throw new RetryLaterException(last + " (the store did not answer in time; nothing more was sent)", 30, null);
    }

    private static boolean throttled(JsonNode errors) {
        for (JsonNode e : errors) {
            if ("THROTTLED".equals(e.path("extensions").path("code").asText()) || "Throttled".equals(e.path("message").asText())) {
                return true;
            }
        }
        return false;
    }

    /** The time the bucket needs to hold the request's cost again, at most {@link #MAX_WAIT}. */
    static Duration throttleWait(JsonNode cost) {
        double requested = cost.path("requestedQueryCost").asDouble(50);
        JsonNode status = cost.path("throttleStatus");
        double available = status.path("currentlyAvailable").asDouble(0);
        double rate = Math.max(1, status.path("restoreRate").asDouble(50));
        long ms = (long) Math.ceil(Math.max(0, requested - available) / rate * 1000) + 50;
        return Duration.ofMillis(Math.min(ms, MAX_WAIT.toMillis()));
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> res) {
        return res.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                return Optional.of(Duration.ofMillis((long) (Double.parseDouble(v.trim()) * 1000)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    /** The staged upload: a multipart form of the target's parameters, in order, then the file (last, as the form requires). */
    private void post(URI url, Map<String, String> fields, MediaFile file) {
        String boundary = "refinery-" + UUID.randomUUID();
        ByteArrayOutputStream out = new ByteArrayOutputStream(file.bytes().length + 2048);
        for (Map.Entry<String, String> f : fields.entrySet()) {
            write(out, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n" + f.getValue() + "\r\n");
        }
        write(out, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + file.fileName()
                + "\"\r\nContent-Type: " + file.contentType() + "\r\n\r\n");
        out.writeBytes(file.bytes());
        write(out, "\r\n--" + boundary + "--\r\n");
        Duration backoff = Duration.ofMillis(500);
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                HttpResponse<String> res = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
                if (res.statusCode() / 100 == 2) {
                    return;
                }
                if (res.statusCode() < 500 && res.statusCode() != 429) {
                    throw new InvalidInputException("Shopify's upload target refused the image (HTTP " + res.statusCode() + "): "
                            + res.body().substring(0, Math.min(200, res.body().length())), "export again; if it repeats, report it with the session id");
                }
            } catch (IOException e) {
                // a staged upload may be repeated: the target is ours alone until the resource is attached
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransientRefineryException("interrupted while uploading to Shopify", e);
            }
            sleeper.sleep(backoff);
            backoff = backoff.multipliedBy(2);
        }
        throw new RetryLaterException("Shopify's upload target did not take the image after " + ATTEMPTS + " attempts", 30, null);
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientRefineryException("interrupted while waiting for Shopify", e);
        }
    }
}
