package dev.refinery.local.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.refinery.aws.Json;
import dev.refinery.aws.handlers.ApiHandler;
import dev.refinery.aws.handlers.ApiRoutes;
import dev.refinery.local.events.LocalEventSink;
import dev.refinery.cli.workflow.LocalLambdaContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * API Gateway for the local stack, on 127.0.0.1 only: each HTTP request becomes the REST proxy
 * event (payload format 1.0) that API Gateway would send the API function, the same
 * {@link ApiHandler} answers it, and its proxy response becomes the HTTP response.
 *
 * <p>The authorizer: in AWS a Cognito authorizer verifies the caller's token and puts its claims in
 * {@code requestContext.authorizer.claims}. Locally the tenant comes from the request header
 * {@value #TENANT_HEADER} and is put in the claim the API reads (REFINERY_TENANT_CLAIM,
 * {@code custom:tenant} by default). A request without the header carries no claims, and the API
 * answers 401 as it does in AWS. This trusts the caller, which is acceptable only because the server
 * listens on the loopback address and a browser page cannot send a custom header to it without a
 * CORS preflight, which this server never grants.
 *
 * <p>Paths, as deployed: the API under {@code /api} (CloudFront's {@code /api/*} behaviour), the seller's web app
 * ({@code functions/web}'s build, when {@link #serveApp} gave it) at {@code /} with the security headers CloudFront
 * adds. The API also answers at the root ({@code /sessions}, as API Gateway's own URL does), which the curl examples
 * and scripts use; the app's screens live in the URL's fragment, so no app path ever reaches the API. The web app
 * sends the tenant header from its own origin, which is the only origin that may: the server grants no CORS.
 *
 * <p>Two paths are the local stack's own: {@code POST /s3/{bucket}} receives the presigned POST forms
 * (S3's browser upload, see {@link PostObjectGateway}), and {@code GET /local/events} lists the
 * caller's completion events (what EventBridge would have delivered).
 */
public final class LocalApiServer implements AutoCloseable {
    public static final String TENANT_HEADER = "X-Refinery-Tenant";
    public static final String FORM_PREFIX = "/s3/";
    /** Where the API is under the app's origin, locally and behind CloudFront. */
    public static final String API_PREFIX = "/api";
    /** API Gateway's payload limit. */
    private static final int MAX_BODY = 10 * 1024 * 1024;
    private static final Logger LOG = LogManager.getLogger(LocalApiServer.class);
    private static final DateTimeFormatter REQUEST_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final Pattern TEXT_TYPES = Pattern.compile("^(application/(json|xml|x-www-form-urlencoded)|text/).*", Pattern.CASE_INSENSITIVE);

    private final HttpServer server;
    private final ExecutorService threads;
    private final Clock clock;
    private volatile ApiHandler api;
    private volatile String tenantClaim;
    private volatile PostObjectGateway forms;
    private volatile LocalEventSink events;
    private volatile StaticFiles app;

    /**
     * Binds the port (0: any free one) without answering yet: the stack needs the address for its
     * form URLs before it can build the handler that answers.
     */
    public LocalApiServer(int port, Clock clock) throws IOException {
        this.clock = clock;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        this.threads = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "local-api");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
    }

    /** Starts answering with these handlers. */
    public LocalApiServer serve(ApiHandler api, String tenantClaim, PostObjectGateway forms, LocalEventSink events) {
        this.api = api;
        this.tenantClaim = tenantClaim;
        this.forms = forms;
        this.events = events;
        server.createContext("/", this::handle);
        server.start();
        return this;
    }

    /**
     * Serves the web app's built files from {@code dist} at {@code /}; {@code imageOrigin} is where the presigned image
     * links point (the embedded S3), which the app's Content-Security-Policy must allow.
     */
    public LocalApiServer serveApp(java.nio.file.Path dist, URI imageOrigin) {
        this.app = new StaticFiles(dist, imageOrigin);
        return this;
    }

    /** http://127.0.0.1:PORT */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public InetSocketAddress boundAddress() {
        return server.getAddress();
    }

    /** Where presigned POST forms are sent: the S3 image store's "endpoint" for form URLs. */
    public URI formEndpoint() {
        return URI.create(endpoint() + FORM_PREFIX.substring(0, FORM_PREFIX.length() - 1));
    }

    private void handle(HttpExchange x) throws IOException {
        try {
            byte[] body = readBody(x.getRequestBody());
            if (body == null) {
                send(x, 413, Map.of("Content-Type", "application/json"),
                        "{\"error\":\"too_large\",\"message\":\"The body is larger than 10 MB\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String path = x.getRequestURI().getRawPath();
            if (path.startsWith(FORM_PREFIX) && x.getRequestMethod().equals("POST")) {
                postForm(x, URLDecoder.decode(path.substring(FORM_PREFIX.length()), StandardCharsets.UTF_8), body);
            } else if (path.equals("/local/events") && x.getRequestMethod().equals("GET")) {
                localEvents(x);
            } else if (path.startsWith(API_PREFIX + "/")) {
                proxy(x, body, path.substring(API_PREFIX.length()));
            } else if (app == null || !app.send(x, path)) {
                proxy(x, body, path);
            }
        } catch (RuntimeException e) {
            LOG.error("local API failed on {} {}", x.getRequestMethod(), x.getRequestURI(), e);
            send(x, 500, Map.of("Content-Type", "application/json"),
                    "{\"error\":\"internal\",\"message\":\"the local API failed\"}".getBytes(StandardCharsets.UTF_8));
        } finally {
            x.close();
        }
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] b = in.readNBytes(MAX_BODY + 1);
        return b.length > MAX_BODY ? null : b;
    }

    // ------------------------------------------------------------------ API Gateway REST proxy

    private void proxy(HttpExchange x, byte[] body, String path) throws IOException {
        APIGatewayProxyRequestEvent event = event(x, body, path);
        APIGatewayProxyResponseEvent res = api.handleRequest(event,
                LocalLambdaContext.of("Api"));
        Map<String, String> headers = new LinkedHashMap<>();
        if (res.getHeaders() != null) {
            headers.putAll(res.getHeaders());
        }
        byte[] out = res.getBody() == null ? new byte[0]
                : Boolean.TRUE.equals(res.getIsBase64Encoded()) ? Base64.getDecoder().decode(res.getBody())
                : res.getBody().getBytes(StandardCharsets.UTF_8);
        send(x, res.getStatusCode() == null ? 502 : res.getStatusCode(), headers, out);
    }

    /** The REST proxy event API Gateway builds for this request. */
    APIGatewayProxyRequestEvent event(HttpExchange x, byte[] body, String path) {
        String requestId = UUID.randomUUID().toString();
        APIGatewayProxyRequestEvent e = new APIGatewayProxyRequestEvent();
        e.setHttpMethod(x.getRequestMethod());
        e.setPath(path);
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, List<String>> multiHeaders = new LinkedHashMap<>();
        x.getRequestHeaders().forEach((k, v) -> {
            headers.put(k, v.get(v.size() - 1));
            multiHeaders.put(k, new ArrayList<>(v));
        });
        e.setHeaders(headers);
        e.setMultiValueHeaders(multiHeaders);
        Map<String, List<String>> query = query(x.getRequestURI().getRawQuery());
        if (!query.isEmpty()) {
            Map<String, String> single = new LinkedHashMap<>();
            query.forEach((k, v) -> single.put(k, v.get(v.size() - 1)));
            e.setQueryStringParameters(single);
            e.setMultiValueQueryStringParameters(query);
        }
        Route route = route(path);
        e.setResource(route == null ? path : route.template());
        e.setPathParameters(route == null || route.params().isEmpty() ? null : route.params());
        if (body.length > 0) {
            String type = x.getRequestHeaders().getFirst("Content-Type");
            boolean text = type == null || TEXT_TYPES.matcher(type).matches();
            e.setBody(text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body));
            e.setIsBase64Encoded(!text);
        } else {
            e.setIsBase64Encoded(false);
        }
        APIGatewayProxyRequestEvent.ProxyRequestContext ctx = new APIGatewayProxyRequestEvent.ProxyRequestContext();
        ctx.setRequestId(requestId);
        ctx.setAccountId("000000000000");
        ctx.setApiId("local");
        ctx.setStage("local");
        ctx.setHttpMethod(x.getRequestMethod());
        ctx.setPath(path);
        ctx.setResourcePath(e.getResource());
        ctx.setProtocol(x.getProtocol());
        ctx.setRequestTime(REQUEST_TIME.format(clock.instant()));
        ctx.setRequestTimeEpoch(clock.millis());
        APIGatewayProxyRequestEvent.RequestIdentity identity = new APIGatewayProxyRequestEvent.RequestIdentity();
        identity.setSourceIp(x.getRemoteAddress().getAddress().getHostAddress());
        identity.setUserAgent(x.getRequestHeaders().getFirst("User-Agent"));
        ctx.setIdentity(identity);
        String tenant = x.getRequestHeaders().getFirst(TENANT_HEADER);
        if (tenant != null && !tenant.isBlank()) {
            Map<String, Object> claims = new HashMap<>();
            claims.put(tenantClaim, tenant.trim());
            claims.put("sub", "local-" + tenant.trim());
            claims.put("token_use", "id");
            Map<String, Object> authorizer = new HashMap<>();
            authorizer.put("claims", claims);
            ctx.setAuthorizer(authorizer);
        }
        e.setRequestContext(ctx);
        return e;
    }

    private record Route(String template, Map<String, String> params) {
    }

    /** The API's resource template this path matches (API Gateway reports it as {@code resource}), with the path parameters. */
    private static Route route(String path) {
        String[] segments = (path.length() > 1 && path.endsWith("/") ? path.substring(1, path.length() - 1) : path.substring(1)).split("/");
        for (ApiRoutes.Route r : ApiRoutes.ALL) {
            String[] t = r.template().substring(1).split("/");
            if (t.length != segments.length) {
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>();
            boolean ok = true;
            for (int i = 0; i < t.length && ok; i++) {
                if (t[i].startsWith("{")) {
                    params.put(t[i].substring(1, t[i].length() - 1), URLDecoder.decode(segments[i], StandardCharsets.UTF_8));
                } else {
                    ok = t[i].equals(segments[i]);
                }
            }
            if (ok) {
                return new Route(r.template(), params);
            }
        }
        return null;
    }

    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, z -> new ArrayList<>()).add(v);
        }
        return out;
    }

    // ------------------------------------------------------------------ the local stack's own paths

    private void postForm(HttpExchange x, String bucket, byte[] body) throws IOException {
        PostObjectGateway.Outcome o;
        try {
            List<Multipart.Part> parts = Multipart.parse(body, Multipart.boundary(x.getRequestHeaders().getFirst("Content-Type")));
            o = forms.post(bucket, parts);
        } catch (IllegalArgumentException e) {
            o = new PostObjectGateway.Outcome(new PostObjectGateway.Refusal(400, "MalformedPOSTRequest",
                    "The body of your POST request is not well-formed multipart/form-data: " + e.getMessage()), null, null, null);
        }
        if (!o.stored()) {
            send(x, o.refusal().status(), Map.of("Content-Type", "application/xml"),
                    PostObjectGateway.errorXml(o.refusal()).getBytes(StandardCharsets.UTF_8));
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Location", endpoint() + FORM_PREFIX + bucket + "/" + o.key());
        if (o.eTag() != null) {
            headers.put("ETag", o.eTag());
        }
        if (o.versionId() != null) {
            headers.put("x-amz-version-id", o.versionId());
        }
        send(x, 204, headers, new byte[0]);
    }

    private void localEvents(HttpExchange x) throws IOException {
        String tenant = x.getRequestHeaders().getFirst(TENANT_HEADER);
        if (tenant == null || tenant.isBlank()) {
            send(x, 401, Map.of("Content-Type", "application/json"),
                    ("{\"error\":\"unauthenticated\",\"message\":\"The request carries no tenant\",\"hint\":\"send the header "
                            + TENANT_HEADER + "\"}").getBytes(StandardCharsets.UTF_8));
            return;
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        var list = out.putArray("events");
        events.events(tenant.trim()).forEach(list::add);
        send(x, 200, Map.of("Content-Type", "application/json", "Cache-Control", "no-store"), out.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange x, int status, Map<String, String> headers, byte[] body) throws IOException {
        Headers h = x.getResponseHeaders();
        headers.forEach(h::set);
        boolean empty = body.length == 0 || status == 204 || x.getRequestMethod().equals("HEAD");
        x.sendResponseHeaders(status, empty ? -1 : body.length);
        if (!empty) {
            try (OutputStream os = x.getResponseBody()) {
                os.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
