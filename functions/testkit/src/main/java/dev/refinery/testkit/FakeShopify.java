package dev.refinery.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict local fake of the parts of Shopify's Admin GraphQL API a media export uses, written from shopify.dev's public
 * reference (no Shopify code or schema is copied): {@code shop}, {@code productVariants}, {@code product.media},
 * {@code node}, {@code stagedUploadsCreate} (and the staged upload target it hands out), {@code productUpdate(product:,
 * media:)} and {@code fileUpdate}. On 127.0.0.1 only, at {@code /{shop}/admin/api/{version}/graphql.json}.
 *
 * <p>Strict where Shopify is: the {@code X-Shopify-Access-Token} of the shop or 401; POST of JSON with {@code query} and
 * {@code variables}; every {@code $variable} the query uses declared, every non-null one given, no value the query does
 * not declare; the input objects' fields as the reference lists them (an unknown field is an error, as "Field is not
 * defined on FileUpdateInput" is); a staged resource attached only after its bytes were posted with every parameter the
 * target named; {@code fileUpdate} only on a READY file; the deprecated {@code productCreateMedia} refused. Media are
 * processed over a few reads ({@code UPLOADED} → {@code PROCESSING} → {@code READY}; a file that is not a JPEG or PNG
 * ends {@code FAILED}); an image's URL exists only once processed and ends with the uploaded file's name. Cost-based
 * throttling from a leaky bucket (answers {@code THROTTLED} with {@code extensions.cost.throttleStatus}), and injected
 * failures: a 500 before or after the request ran, a dropped connection after it ran, a 429.
 *
 * <p>It answers a fixed shape per field (it has no GraphQL engine): what the connector selects.
 */
public final class FakeShopify implements AutoCloseable {
    /** A failure the next matching request meets. */
    public enum Failure {
        /** HTTP 500; the request did not run. */
        ERROR_BEFORE,
        /** The request ran, then HTTP 500. */
        ERROR_AFTER,
        /** The request ran, then the connection closed with no answer. */
        DROP_AFTER,
        /** HTTP 429 with Retry-After; the request did not run. */
        TOO_MANY,
        /** A THROTTLED answer; the request did not run. */
        THROTTLE
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PATH = Pattern.compile("/([a-z0-9-]+\\.myshopify\\.com)/admin/api/(\\d{4}-(?:01|04|07|10))/graphql\\.json");
    private static final Pattern ROOT = Pattern.compile("^\\s*(query|mutation)?\\s*(\\([^)]*\\))?\\s*\\{\\s*(\\w+)");
    private static final Pattern DECLARED = Pattern.compile("\\$(\\w+)\\s*:\\s*([\\[\\]\\w!]+)");
    private static final Pattern USED = Pattern.compile("\\$(\\w+)");
    private static final Set<String> CREATE_MEDIA_FIELDS = Set.of("originalSource", "alt", "mediaContentType");
    private static final Set<String> FILE_UPDATE_FIELDS = Set.of("id", "alt", "filename", "originalSource", "previewImageSource", "referencesToAdd",
            "referencesToRemove");
    private static final Set<String> STAGED_INPUT_FIELDS = Set.of("filename", "mimeType", "resource", "httpMethod", "fileSize");

    private final HttpServer server;
    private final Map<String, Shop> shops = new LinkedHashMap<>();
    private final Map<String, Staged> staged = new LinkedHashMap<>();
    private final Map<String, Deque<Failure>> failures = new LinkedHashMap<>();
    private final List<String> operations = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong(1000);
    private int processingReads = 2;
    private boolean anySku;
    private double bucketMax = 2000, restoreRate = 100, available = 2000;
    private long lastRefill = System.nanoTime();

    private static final class Shop {
        final String name, token;
        final Map<String, Product> products = new LinkedHashMap<>();

        Shop(String name, String token) {
            this.name = name;
            this.token = token;
        }
    }

    private static final class Product {
        final String id;
        String title = "";
        final List<String> skus = new ArrayList<>();
        final List<Media> media = new ArrayList<>();

        Product(String id) {
            this.id = id;
        }
    }

    /** A media image: its bytes, the name its URL ends with, and how many more reads it stays in processing. */
    public static final class Media {
        final String id;
        String alt, fileName, status = "UPLOADED";
        byte[] bytes;
        int readsLeft;
        boolean broken;

        Media(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public byte[] bytes() {
            return bytes.clone();
        }

        public String status() {
            return status;
        }

        public String alt() {
            return alt;
        }

        public String fileName() {
            return fileName;
        }
    }

    private static final class Staged {
        final String resourceUrl, fileName, mimeType;
        final Map<String, String> parameters;
        byte[] bytes;

        Staged(String resourceUrl, String fileName, String mimeType, Map<String, String> parameters) {
            this.resourceUrl = resourceUrl;
            this.fileName = fileName;
            this.mimeType = mimeType;
            this.parameters = parameters;
        }
    }

    public FakeShopify() throws IOException {
        this(0);
    }

    /** On a port of its own (0: any free one). */
    public FakeShopify(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The GraphQL endpoint of a shop here (the connector's endpoint function in tests). */
    public URI endpoint(String shop, String version) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + shop + "/admin/api/" + version + "/graphql.json");
    }

    public synchronized void addShop(String shop, String name, String token) {
        shops.put(shop, new Shop(name, token));
    }

    /** A product with one variant per SKU; answers its id. */
    public synchronized String addProduct(String shop, String... skus) {
        Product p = new Product("gid://shopify/Product/" + ids.incrementAndGet());
        p.title = "Product " + String.join(" / ", skus);
        p.skus.addAll(Arrays.asList(skus));
        shops.get(shop).products.put(p.id, p);
        return p.id;
    }

    /** The product's media now, in order. */
    public synchronized List<Media> media(String shop, String productId) {
        return List.copyOf(shops.get(shop).products.get(productId).media);
    }

    /** A READY image already on the product (the seller's own photo): answers its media id. */
    public synchronized String addImage(String shop, String productId, String fileName, byte[] bytes) {
        Media m = new Media("gid://shopify/MediaImage/" + ids.incrementAndGet());
        m.fileName = fileName;
        m.bytes = bytes.clone();
        m.status = "READY";
        m.alt = "";
        shops.get(shop).products.get(productId).media.add(m);
        return m.id;
    }

    /** Deletes a media, as a seller does in Shopify's admin. */
    public synchronized void deleteMedia(String shop, String productId, String mediaId) {
        shops.get(shop).products.get(productId).media.removeIf(m -> m.id.equals(mediaId));
    }

    /** The next {@code count} requests whose root field is {@code operation} meet the failure. */
    public synchronized void fail(String operation, Failure failure, int count) {
        Deque<Failure> q = failures.computeIfAbsent(operation, k -> new ArrayDeque<>());
        for (int i = 0; i < count; i++) {
            q.add(failure);
        }
    }

    /** The cost bucket: its size and restore rate (points a second), full now. */
    public synchronized void bucket(double max, double rate) {
        bucketMax = max;
        restoreRate = rate;
        available = max;
        lastRefill = System.nanoTime();
    }

    /** Whether a SKU searched for and not found gets a product of its own (a store "with every product"; the browser tests). */
    public synchronized void anySku(boolean yes) {
        anySku = yes;
    }

    /**
     * The fake as a process on 127.0.0.1 (the browser tests start it beside the local stack):
     * {@code FakeShopify PORT SHOP TOKEN NAME}; a store with every SKU; stops on SIGTERM.
     */
    public static void main(String[] args) throws IOException {
        FakeShopify f = new FakeShopify(Integer.parseInt(args[0]));
        f.addShop(args[1], args.length > 3 ? args[3] : "Fake store", args[2]);
        f.anySku(true);
        Runtime.getRuntime().addShutdownHook(new Thread(f::close));
        System.out.println("fake shopify http://127.0.0.1:" + f.server.getAddress().getPort() + "/" + args[1]);
    }

    /** How many status reads a new or replaced image stays in processing. */
    public synchronized void processingReads(int reads) {
        processingReads = reads;
    }

    /** The root field of every request that reached the API, in order (throttled and failed ones too). */
    public List<String> operations() {
        return List.copyOf(operations);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String path = x.getRequestURI().getPath();
            if (path.startsWith("/staged-uploads/")) {
                stagedUpload(x, path.substring("/staged-uploads/".length()));
                return;
            }
            Matcher m = PATH.matcher(path);
            if (!m.matches()) {
                send(x, 404, "{\"errors\":\"Not Found\"}");
                return;
            }
            if (!x.getRequestMethod().equals("POST")) {
                send(x, 405, "{\"errors\":\"GraphQL requests are POSTs\"}");
                return;
            }
            Shop shop;
            synchronized (this) {
                shop = shops.get(m.group(1));
            }
            if (shop == null) {
                send(x, 404, "{\"errors\":\"Not Found\"}");
                return;
            }
            String token = x.getRequestHeaders().getFirst("X-Shopify-Access-Token");
            if (token == null || !token.equals(shop.token)) {
                send(x, 401, "{\"errors\":\"[API] Invalid API key or access token (unrecognized login or wrong password)\"}");
                return;
            }
            String type = x.getRequestHeaders().getFirst("Content-Type");
            if (type == null || !type.startsWith("application/json")) {
                send(x, 415, "{\"errors\":\"Content-Type must be application/json\"}");
                return;
            }
            JsonNode body;
            try {
                body = JSON.readTree(x.getRequestBody().readAllBytes());
            } catch (IOException e) {
                send(x, 400, "{\"errors\":\"Invalid JSON in request body\"}");
                return;
            }
            graphql(x, shop, body);
        } catch (RuntimeException e) {
            send(x, 500, "{\"errors\":\"fake: " + e.getMessage().replace("\"", "'") + "\"}");
        }
    }

    private void graphql(HttpExchange x, Shop shop, JsonNode body) throws IOException {
        String query = body.path("query").asText(null);
        JsonNode variables = body.has("variables") ? body.get("variables") : JSON.createObjectNode();
        if (query == null || !variables.isObject()) {
            send(x, 400, "{\"errors\":{\"query\":\"Required parameter missing or invalid\"}}");
            return;
        }
        Matcher root = ROOT.matcher(query);
        if (!root.find()) {
            errors(x, "Parse error on \"" + query.substring(0, Math.min(20, query.length())) + "\"", "parseError");
            return;
        }
        String op = root.group(3);
        operations.add(op);
        // variables: used ones declared, non-null ones given, nothing given that is not declared
        Map<String, String> declared = new LinkedHashMap<>();
        Matcher d = DECLARED.matcher(root.group(2) == null ? "" : root.group(2));
        while (d.find()) {
            declared.put(d.group(1), d.group(2));
        }
        Matcher u = USED.matcher(query.substring(root.end(2) < 0 ? 0 : root.end(2)));
        while (u.find()) {
            if (!declared.containsKey(u.group(1))) {
                errors(x, "Variable $" + u.group(1) + " is used by anonymous " + root.group(1) + " but not declared", "variableNotDefined");
                return;
            }
        }
        for (Map.Entry<String, String> v : declared.entrySet()) {
            if (v.getValue().endsWith("!") && (!variables.has(v.getKey()) || variables.get(v.getKey()).isNull())) {
                errors(x, "Variable $" + v.getKey() + " of type " + v.getValue() + " was provided invalid value", "INVALID_VARIABLE");
                return;
            }
        }
        for (var it = variables.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!declared.containsKey(name)) {
                errors(x, "Variable $" + name + " is not declared by the operation", "INVALID_VARIABLE");
                return;
            }
        }
        Failure failure;
        int cost = cost(query, root.group(1));
        synchronized (this) {
            Deque<Failure> q = failures.get(op);
            failure = q == null ? null : q.poll();
            refill();
            if (failure == Failure.THROTTLE || cost > available) {
                send(x, 200, JSON.writeValueAsString(throttled(cost)));
                return;
            }
        }
        if (failure == Failure.ERROR_BEFORE) {
            send(x, 500, "{\"errors\":\"Internal Server Error\"}");
            return;
        }
        if (failure == Failure.TOO_MANY) {
            x.getResponseHeaders().add("Retry-After", "0.1");
            send(x, 429, "{\"errors\":\"Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.\"}");
            return;
        }
        ObjectNode answer = JSON.createObjectNode();
        synchronized (this) {
            available -= cost;
            ObjectNode data = answer.putObject("data");
            String problem = run(shop, op, variables, data);
            if (problem != null) {
                answer.remove("data");
                answer.putArray("errors").addObject().put("message", problem).putObject("extensions").put("code", "INVALID_VARIABLE");
            }
            answer.putObject("extensions").set("cost", cost(cost, cost));
        }
        if (failure == Failure.ERROR_AFTER) {
            send(x, 500, "{\"errors\":\"Internal Server Error\"}");
            return;
        }
        if (failure == Failure.DROP_AFTER) {
            x.getRequestBody().close();
            // no status line: the client sees the connection end with no answer
            return;
        }
        send(x, 200, JSON.writeValueAsString(answer));
    }

    /** Runs the operation into {@code data}; answers a problem with the variables, or null. */
    private String run(Shop shop, String op, JsonNode v, ObjectNode data) {
        switch (op) {
            case "shop" -> data.putObject("shop").put("name", shop.name);
            case "productVariants" -> {
                Matcher q = Pattern.compile("^sku:\"((?:[^\"\\\\]|\\\\.)*)\"$").matcher(v.path("q").asText());
                if (!q.matches()) {
                    return "fake: productVariants expects query sku:\"…\"";
                }
                String sku = q.group(1).replace("\\\"", "\"").replace("\\\\", "\\");
                if (anySku && shop.products.values().stream().noneMatch(p -> p.skus.contains(sku))) {
                    Product p = new Product("gid://shopify/Product/" + ids.incrementAndGet());
                    p.skus.add(sku);
                    shop.products.put(p.id, p);
                }
                ArrayNode nodes = data.putObject("productVariants").putArray("nodes");
                // Shopify's search matches terms, not whole values: a SKU that starts with the one asked comes back too
                shop.products.values().forEach(p -> p.skus.stream().filter(s -> s.startsWith(sku)).forEach(s -> {
                    ObjectNode n = nodes.addObject();
                    n.put("sku", s);
                    n.putObject("product").put("id", p.id).put("title", p.title);
                }));
            }
            case "product" -> {
                Product p = shop.products.get(v.path("id").asText());
                if (p == null) {
                    data.putNull("product");
                } else {
                    ArrayNode nodes = data.putObject("product").putObject("media").putArray("nodes");
                    p.media.forEach(m -> nodes.add(node(m)));
                }
            }
            case "node" -> {
                Media m = find(shop, v.path("id").asText());
                if (m == null) {
                    data.putNull("node");
                } else {
                    data.set("node", node(m));
                }
            }
            case "stagedUploadsCreate" -> {
                JsonNode input = v.path("input");
                if (!input.isArray() || input.isEmpty()) {
                    return "Variable $input of type [StagedUploadInput!]! was provided invalid value";
                }
                ObjectNode payload = data.putObject("stagedUploadsCreate");
                ArrayNode targets = payload.putArray("stagedTargets");
                ArrayNode userErrors = payload.putArray("userErrors");
                for (JsonNode i : input) {
                    String unknown = unknownField(i, STAGED_INPUT_FIELDS, "StagedUploadInput");
                    if (unknown != null) {
                        return unknown;
                    }
                    if (!i.path("filename").isTextual() || !i.path("mimeType").isTextual() || !i.path("resource").isTextual()) {
                        return "Variable $input of type [StagedUploadInput!]! was provided invalid value (filename, mimeType and resource are required)";
                    }
                    if (!Set.of("IMAGE", "FILE", "PRODUCT_IMAGE", "COLLECTION_IMAGE", "SHOP_IMAGE", "VIDEO", "MODEL_3D", "BULK_MUTATION_VARIABLES",
                            "URL_REDIRECT_IMPORT", "RETURN_LABEL", "DISPUTE_FILE_UPLOAD").contains(i.path("resource").asText())) {
                        return "Variable $input of type [StagedUploadInput!]! was provided invalid value for resource";
                    }
                    if (i.has("httpMethod") && !Set.of("POST", "PUT").contains(i.path("httpMethod").asText())) {
                        return "Variable $input of type [StagedUploadInput!]! was provided invalid value for httpMethod";
                    }
                    if (!Set.of("image/jpeg", "image/png", "image/gif", "image/webp").contains(i.path("mimeType").asText())) {
                        userErrors.addObject().put("message", "Invalid mime type for an image").putArray("field").add("input").add("mimeType");
                        continue;
                    }
                    String id = Long.toString(ids.incrementAndGet());
                    String file = i.path("filename").asText();
                    String key = "tmp/" + Math.abs(shop.name.hashCode()) + "/products/" + id + "/" + file;
                    Map<String, String> params = new LinkedHashMap<>();
                    params.put("Content-Type", i.path("mimeType").asText());
                    params.put("success_action_status", "201");
                    params.put("acl", "private");
                    params.put("key", key);
                    params.put("x-goog-algorithm", "GOOG4-RSA-SHA256");
                    params.put("x-goog-credential", "fake-credential/" + id);
                    params.put("x-goog-date", "20261207T000000Z");
                    params.put("x-goog-signature", Long.toHexString(key.hashCode() * 31L + id.hashCode()));
                    params.put("policy", java.util.Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8)));
                    String resourceUrl = "https://shopify-staged-uploads.storage.googleapis.com/" + key;
                    staged.put(id, new Staged(resourceUrl, file, i.path("mimeType").asText(), params));
                    ObjectNode t = targets.addObject();
                    t.put("url", "http://127.0.0.1:" + server.getAddress().getPort() + "/staged-uploads/" + id);
                    t.put("resourceUrl", resourceUrl);
                    ArrayNode ps = t.putArray("parameters");
                    params.forEach((k, val) -> ps.addObject().put("name", k).put("value", val));
                }
            }
            case "productUpdate" -> {
                String productId = v.path("product").path("id").asText(null);
                if (productId == null) {
                    return "Variable $product of type ProductUpdateInput! was provided invalid value for id";
                }
                ObjectNode payload = data.putObject("productUpdate");
                ArrayNode userErrors = payload.putArray("userErrors");
                Product p = shop.products.get(productId);
                if (p == null) {
                    payload.putNull("product");
                    userErrors.addObject().put("message", "Product does not exist").putArray("field").add("id");
                    return null;
                }
                for (JsonNode in : v.path("media")) {
                    String unknown = unknownField(in, CREATE_MEDIA_FIELDS, "CreateMediaInput");
                    if (unknown != null) {
                        return unknown;
                    }
                    if (!in.path("originalSource").isTextual() || !"IMAGE".equals(in.path("mediaContentType").asText())) {
                        return "Variable $media of type [CreateMediaInput!] was provided invalid value (originalSource and mediaContentType IMAGE)";
                    }
                }
                for (JsonNode in : v.path("media")) {
                    Media m = new Media("gid://shopify/MediaImage/" + ids.incrementAndGet());
                    m.alt = in.path("alt").asText("");
                    load(m, in.path("originalSource").asText());
                    p.media.add(m);
                }
                ArrayNode nodes = payload.putObject("product").put("id", p.id).putObject("media").putArray("nodes");
                p.media.subList(Math.max(0, p.media.size() - 10), p.media.size()).forEach(m -> nodes.add(node(m)));
            }
            case "fileUpdate" -> {
                JsonNode files = v.path("files");
                ObjectNode payload = data.putObject("fileUpdate");
                ArrayNode out = payload.putArray("files");
                ArrayNode userErrors = payload.putArray("userErrors");
                for (int i = 0; i < files.size(); i++) {
                    JsonNode f = files.get(i);
                    String unknown = unknownField(f, FILE_UPDATE_FIELDS, "FileUpdateInput");
                    if (unknown != null) {
                        return unknown;
                    }
                    Media m = find(shop, f.path("id").asText());
                    if (m == null) {
                        userErrors.addObject().put("code", "FILE_DOES_NOT_EXIST").put("message", "File id " + f.path("id").asText() + " does not exist.")
                                .putArray("field").add("files").add(Integer.toString(i)).add("id");
                        continue;
                    }
                    if (!m.status.equals("READY")) {
                        userErrors.addObject().put("code", "NON_READY_STATE").put("message", "Non-ready files cannot be updated.")
                                .putArray("field").add("files").add(Integer.toString(i)).add("id");
                        continue;
                    }
                    if (f.has("originalSource")) {
                        String keepName = m.fileName;
                        load(m, f.path("originalSource").asText());
                        // "replace image content while maintaining the same URL"
                        m.fileName = keepName;
                    }
                    if (f.has("alt")) {
                        m.alt = f.path("alt").asText();
                    }
                    out.addObject().put("id", m.id).put("fileStatus", m.status);
                }
            }
            case "productReorderMedia" -> {
                ObjectNode payload = data.putObject("productReorderMedia");
                ArrayNode errors = payload.putArray("mediaUserErrors");
                Product p = shop.products.get(v.path("id").asText());
                if (p == null) {
                    payload.putNull("job");
                    errors.addObject().put("code", "PRODUCT_DOES_NOT_EXIST").put("message", "Product does not exist").putArray("field").add("id");
                    return null;
                }
                for (JsonNode move : v.path("moves")) {
                    String unknown = unknownField(move, Set.of("id", "newPosition"), "MoveInput");
                    if (unknown != null) {
                        return unknown;
                    }
                    // UnsignedInt64 travels as a string of digits
                    if (!move.path("newPosition").isTextual() || !move.path("newPosition").asText().matches("\\d{1,10}")) {
                        return "Variable $moves of type [MoveInput!]! was provided invalid value for newPosition (an UnsignedInt64 as a string)";
                    }
                    Media m = p.media.stream().filter(x -> x.id.equals(move.path("id").asText())).findFirst().orElse(null);
                    if (m == null) {
                        errors.addObject().put("code", "MEDIA_DOES_NOT_EXIST_ON_PRODUCT").put("message", "Media does not exist on the product")
                                .putArray("field").add("moves");
                        continue;
                    }
                    p.media.remove(m);
                    p.media.add(Math.min(p.media.size(), Integer.parseInt(move.path("newPosition").asText())), m);
                }
                payload.putObject("job").put("id", "gid://shopify/Job/" + ids.incrementAndGet()).put("done", true);
            }
            case "fileDelete" -> {
                ObjectNode payload = data.putObject("fileDelete");
                ArrayNode deleted = payload.putArray("deletedFileIds");
                ArrayNode errors = payload.putArray("userErrors");
                for (JsonNode id : v.path("ids").isMissingNode() ? v.path("fileIds") : v.path("ids")) {
                    Product owner = shop.products.values().stream().filter(p -> p.media.stream().anyMatch(m -> m.id.equals(id.asText())))
                            .findFirst().orElse(null);
                    if (owner == null) {
                        errors.addObject().put("code", "FILE_DOES_NOT_EXIST").put("message", "File id " + id.asText() + " does not exist.")
                                .putArray("field").add("fileIds");
                    } else {
                        owner.media.removeIf(m -> m.id.equals(id.asText()));
                        deleted.add(id.asText());
                    }
                }
            }
            case "productCreateMedia" -> {
                return "fake: productCreateMedia is deprecated (use productUpdate with media)";
            }
            default -> {
                return "Field '" + op + "' doesn't exist on type 'QueryRoot' or 'Mutation' (the fake serves only a media export's fields)";
            }
        }
        return null;
    }

    /** The media takes the staged file's bytes (or fails processing when there are none, or they are no image). */
    private void load(Media m, String source) {
        Staged s = staged.values().stream().filter(x -> x.resourceUrl.equals(source)).findFirst().orElse(null);
        m.status = "UPLOADED";
        m.readsLeft = processingReads;
        if (s == null || s.bytes == null) {
            m.broken = true;
            m.fileName = source.substring(source.lastIndexOf('/') + 1);
            m.bytes = new byte[0];
            return;
        }
        m.fileName = s.fileName;
        m.bytes = s.bytes;
        boolean jpeg = s.bytes.length > 3 && (s.bytes[0] & 0xff) == 0xff && (s.bytes[1] & 0xff) == 0xd8;
        boolean png = s.bytes.length > 8 && (s.bytes[0] & 0xff) == 0x89 && s.bytes[1] == 'P' && s.bytes[2] == 'N' && s.bytes[3] == 'G';
        m.broken = !(jpeg || png);
    }

    /** A media as a read shows it; each read moves a processing media on. */
    private ObjectNode node(Media m) {
        if (!m.status.equals("READY") && !m.status.equals("FAILED")) {
            if (m.readsLeft-- <= 0) {
                m.status = m.broken ? "FAILED" : "READY";
            } else {
                m.status = "PROCESSING";
            }
        }
        ObjectNode n = JSON.createObjectNode();
        n.put("id", m.id).put("status", m.status).put("alt", m.alt);
        ArrayNode errors = n.putArray("mediaErrors");
        if (m.status.equals("FAILED")) {
            errors.addObject().put("code", m.bytes.length == 0 ? "IMAGE_DOWNLOAD_FAILURE" : "IMAGE_PROCESSING_FAILURE")
                    .put("message", "Image could not be processed");
        }
        if (m.status.equals("READY")) {
            n.putObject("image").put("url", "https://cdn.shopify.com/s/files/1/0000/0001/files/" + m.fileName + "?v=" + m.id.hashCode());
        } else {
            n.putNull("image");
        }
        return n;
    }

    private Media find(Shop shop, String id) {
        return shop.products.values().stream().flatMap(p -> p.media.stream()).filter(m -> m.id.equals(id)).findFirst().orElse(null);
    }

    private static String unknownField(JsonNode input, Set<String> allowed, String type) {
        for (var it = input.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                return "Variable of type " + type + " was provided invalid value for " + f + " (Field is not defined on " + type + ")";
            }
        }
        return null;
    }

    /** The staged upload target: a multipart form with every parameter the target named, unchanged, and the file last. */
    private void stagedUpload(HttpExchange x, String id) throws IOException {
        Staged s;
        synchronized (this) {
            s = staged.get(id);
        }
        String type = x.getRequestHeaders().getFirst("Content-Type");
        if (s == null || !x.getRequestMethod().equals("POST") || type == null || !type.startsWith("multipart/form-data; boundary=")) {
            send(x, 400, "<Error><Code>InvalidArgument</Code></Error>");
            return;
        }
        byte[] body = readAll(x.getRequestBody());
        List<Map.Entry<String, byte[]>> parts = multipart(body, type.substring(type.indexOf("boundary=") + 9));
        Map<String, String> fields = new LinkedHashMap<>();
        byte[] file = null;
        for (int i = 0; i < parts.size(); i++) {
            Map.Entry<String, byte[]> p = parts.get(i);
            if (p.getKey().equals("file")) {
                if (i != parts.size() - 1) {
                    send(x, 400, "<Error><Code>InvalidArgument</Code><Message>file must be the last field</Message></Error>");
                    return;
                }
                file = p.getValue();
            } else {
                fields.put(p.getKey(), new String(p.getValue(), StandardCharsets.UTF_8));
            }
        }
        if (!fields.equals(s.parameters) || file == null) {
            send(x, 403, "<Error><Code>AccessDenied</Code><Message>the form's fields do not match the policy</Message></Error>");
            return;
        }
        synchronized (this) {
            s.bytes = file;
        }
        send(x, 201, "<PostResponse><Key>" + s.parameters.get("key") + "</Key></PostResponse>");
    }

    private static List<Map.Entry<String, byte[]>> multipart(byte[] body, String boundary) {
        List<Map.Entry<String, byte[]>> parts = new ArrayList<>();
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int at = indexOf(body, delimiter, 0);
        while (at >= 0) {
            int start = at + delimiter.length;
            if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
                break;
            }
            int next = indexOf(body, delimiter, start);
            if (next < 0) {
                break;
            }
            // part = CRLF headers CRLF CRLF content CRLF
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
            String headers = new String(body, start, headersEnd - start, StandardCharsets.UTF_8);
            Matcher name = Pattern.compile("name=\"([^\"]*)\"").matcher(headers);
            byte[] content = Arrays.copyOfRange(body, headersEnd + 4, next - 2);
            parts.add(Map.entry(name.find() ? name.group(1) : "", content));
            at = next;
        }
        return parts;
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    /** Cost: 1 per query, the page sizes it asks for, 10 for a mutation (Shopify's published rule, simplified). */
    private static int cost(String query, String kind) {
        int cost = "mutation".equals(kind) ? 10 : 1;
        Matcher page = Pattern.compile("(?:first|last)\\s*:\\s*(\\d+)").matcher(query);
        while (page.find()) {
            cost += Integer.parseInt(page.group(1));
        }
        return cost;
    }

    private void refill() {
        long now = System.nanoTime();
        available = Math.min(bucketMax, available + (now - lastRefill) / 1e9 * restoreRate);
        lastRefill = now;
    }

    private ObjectNode throttled(int requested) {
        ObjectNode a = JSON.createObjectNode();
        ObjectNode e = a.putArray("errors").addObject();
        e.put("message", "Throttled");
        e.putObject("extensions").put("code", "THROTTLED").put("documentation", "https://shopify.dev/api/usage/rate-limits");
        a.putObject("extensions").set("cost", cost(requested, -1));
        return a;
    }

    private ObjectNode cost(int requested, int actual) {
        ObjectNode c = JSON.createObjectNode();
        c.put("requestedQueryCost", requested);
        if (actual < 0) {
            c.putNull("actualQueryCost");
        } else {
            c.put("actualQueryCost", actual);
        }
        c.putObject("throttleStatus").put("maximumAvailable", bucketMax).put("currentlyAvailable", Math.floor(available)).put("restoreRate", restoreRate);
        return c;
    }

    private void errors(HttpExchange x, String message, String code) throws IOException {
        ObjectNode a = JSON.createObjectNode();
        ObjectNode e = a.putArray("errors").addObject();
        e.put("message", message);
        e.putObject("extensions").put("code", code);
        send(x, 200, JSON.writeValueAsString(a));
    }

    private static void send(HttpExchange x, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", body.startsWith("<") ? "application/xml" : "application/json");
        x.sendResponseHeaders(status, b.length);
        x.getResponseBody().write(b);
    }
}
