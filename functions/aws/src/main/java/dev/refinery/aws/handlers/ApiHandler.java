package dev.refinery.aws.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.refinery.aws.Json;
import dev.refinery.aws.Wiring;
import dev.refinery.aws.observability.Observability;
import dev.refinery.application.ForbiddenException;
import dev.refinery.application.StoreApi;
import dev.refinery.application.Ids;
import dev.refinery.application.SessionApi;
import dev.refinery.domain.ConflictException;
import dev.refinery.domain.EngineUnavailableException;
import dev.refinery.domain.InvalidInputException;
import dev.refinery.domain.NotFoundException;
import dev.refinery.domain.RefineryException;
import dev.refinery.domain.RetryLaterException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;

/**
 * The REST API (API Gateway REST proxy integration behind a Cognito authorizer). The tenant is read
 * only from the verified claims in requestContext.authorizer.claims — never from the body, query or
 * path. Calls that start work answer 202 with the session id; errors are JSON
 * {"error","message","hint","requestId"} with a 4xx that says what went wrong (409 on a concurrent change).
 */
public final class ApiHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    private static final Logger LOG = LogManager.getLogger(ApiHandler.class);
    /** API Gateway's request limit is 10 MB; nothing this API takes comes near 1 MB (prompts stop at 32,000 characters). */
    private static final int MAX_BODY = 1_000_000;

    private final Supplier<Wiring> wiring;

    public ApiHandler() {
        this.wiring = Priming.control();
    }

    public ApiHandler(Wiring wiring) {
        this.wiring = () -> wiring;
    }

    /** An error with its HTTP status, for errors that are not domain exceptions. */
    static final class HttpError extends RuntimeException {
        final int status;
        final String code;
        final String hint;

        HttpError(int status, String code, String message, String hint) {
            super(message);
            this.status = status;
            this.code = code;
            this.hint = hint;
        }
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent req, Context context) {
        return Observability.logged(context, () -> withCors(req, answer(req)));
    }

    /**
     * A browser reads an answer only when it names the page's origin: an allowed origin (REFINERY_CORS_ORIGINS,
     * the stage's web app origins) is echoed, with Vary: Origin so caches keep answers apart; any other origin
     * gets no CORS header, so its page cannot read the answer. Errors carry it too, or the web app could not
     * show them.
     */
    private APIGatewayProxyResponseEvent withCors(APIGatewayProxyRequestEvent req, APIGatewayProxyResponseEvent res) {
        String origin = req == null ? null : header(req, "Origin");
        if (origin != null && wiring.get().config().corsOrigins().contains(origin)) {
            Map<String, String> headers = res.getHeaders() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(res.getHeaders());
            headers.put("Access-Control-Allow-Origin", origin);
            headers.put("Vary", "Origin");
            res.setHeaders(headers);
        }
        return res;
    }

    private APIGatewayProxyResponseEvent answer(APIGatewayProxyRequestEvent req) {
        String requestId = req != null && req.getRequestContext() != null && req.getRequestContext().getRequestId() != null
                ? req.getRequestContext().getRequestId() : UUID.randomUUID().toString();
        ThreadContext.put("requestId", requestId);
        try {
            if (req == null || req.getHttpMethod() == null || req.getPath() == null) {
                throw new HttpError(400, "bad_request", "Not an API Gateway REST proxy request",
                        "this function is deployed behind a REST API with proxy integration (payload format 1.0)");
            }
            String tenant = tenant(req);
            ThreadContext.put("tenant", tenant);
            APIGatewayProxyResponseEvent res = route(req, tenant);
            LOG.info("{} {} -> {}", req.getHttpMethod(), req.getResource() == null ? req.getPath() : req.getResource(), res.getStatusCode());
            return res;
        } catch (HttpError e) {
            return error(e.status, e.code, e.getMessage(), e.hint, requestId);
        } catch (RefineryException e) {
            return refineryError(e, requestId);
        } catch (RuntimeException e) {
            LOG.error("unexpected error", e);
            return error(500, "internal", "Something went wrong on our side", "try again; quote the requestId if it persists", requestId);
        } finally {
            ThreadContext.clearMap();
        }
    }

    /** A request header by name, whatever its case (API Gateway passes the client's). */
    private static String header(APIGatewayProxyRequestEvent req, String name) {
        if (req.getHeaders() != null) {
            for (Map.Entry<String, String> h : req.getHeaders().entrySet()) {
                if (h.getKey() != null && h.getKey().equalsIgnoreCase(name)) {
                    return h.getValue();
                }
            }
        }
        return null;
    }

    /** The tenant claim of the Cognito authorizer; a request without one never reaches a route. */
    @SuppressWarnings("unchecked")
    private String tenant(APIGatewayProxyRequestEvent req) {
        Map<String, Object> authorizer = req.getRequestContext() == null ? null : req.getRequestContext().getAuthorizer();
        Object claims = authorizer == null ? null : authorizer.get("claims");
        Object value = claims instanceof Map<?, ?> m ? ((Map<String, Object>) m).get(wiring.get().config().tenantClaim()) : null;
        if (value == null || value.toString().isBlank()) {
            throw new HttpError(401, "unauthenticated", "The request carries no tenant",
                    "call the API with a Cognito token whose " + wiring.get().config().tenantClaim() + " claim names your tenant");
        }
        try {
            return Ids.tenant(value.toString());
        } catch (InvalidInputException e) {
            throw new HttpError(403, "forbidden", "The token's tenant claim is not a valid tenant id", "ask the operator to fix your account");
        }
    }

    private APIGatewayProxyResponseEvent route(APIGatewayProxyRequestEvent req, String tenant) {
        String path = req.getPath();
        if (path.contains("..") || path.contains("//") || path.contains("\\") || path.contains("%")) {
            throw new HttpError(400, "bad_path", "The path contains '..', '//', '\\' or an encoded character", "use the API's plain paths");
        }
        String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        String[] segments = trimmed.substring(1).split("/");
        boolean pathKnown = false;
        for (ApiRoutes.Route r : ApiRoutes.ALL) {
            Optional<Map<String, String>> params = r.match(segments);
            if (params.isEmpty()) {
                continue;
            }
            pathKnown = true;
            if (r.method().equalsIgnoreCase(req.getHttpMethod())) {
                return dispatch(r, params.get(), req, tenant);
            }
        }
        if (pathKnown) {
            throw new HttpError(405, "method_not_allowed", req.getHttpMethod() + " is not allowed on " + path, "see the API's OpenAPI document");
        }
        throw new HttpError(404, "no_route", "No route " + req.getHttpMethod() + " " + path, "see the API's OpenAPI document");
    }

    private APIGatewayProxyResponseEvent dispatch(ApiRoutes.Route r, Map<String, String> p, APIGatewayProxyRequestEvent req, String tenant) {
        SessionApi api = wiring.get().api();
        return switch (r.name()) {
            case "createUploadForm" -> json(200, api.uploadForm(tenant, body(req, SessionApi.UploadFormRequest.class)));
            case "startSession" -> json(202, api.startSession(tenant, body(req, SessionApi.StartSessionRequest.class), header(req, "Idempotency-Key")));
            case "listSessions" -> json(200, api.sessions(tenant, query(req, "sku"), query(req, "limit"), query(req, "cursor")));
            case "listPatterns" -> json(200, Map.of("category", query(req, "category") == null ? "" : query(req, "category"),
                    "patterns", api.patterns(tenant, query(req, "category"))));
            case "getSession" -> json(200, api.session(tenant, p.get("id")));
            case "listVersions" -> json(200, Map.of("versions", api.versions(tenant, p.get("id"))));
            case "createBundle" -> json(200, api.bundle(tenant, p.get("id")));
            case "createExport" -> json(200, api.export(tenant, p.get("id"), body(req, SessionApi.ExportRequest.class)));
            case "getVersionPreview" -> json(200, api.preview(tenant, p.get("id"), Ids.versionNumber(p.get("n")), query(req, "size")));
            case "requestRefinement" -> json(202, api.refine(tenant, p.get("id"), body(req, SessionApi.RefinementRequest.class)));
            case "approveVersion" -> json(200, api.approve(tenant, Ids.session(p.get("id")), Ids.versionNumber(p.get("n"))));
            case "revertVersion" -> json(200, api.revert(tenant, Ids.session(p.get("id")), Ids.versionNumber(p.get("n"))));
            case "putCatalogItem" -> json(200, api.putCatalogItem(tenant, p.get("sku"), body(req, SessionApi.CatalogItemRequest.class)));
            case "listCatalogItems" -> json(200, Map.of("items", api.catalogItems(tenant)));
            case "getSkuSet" -> json(200, wiring.get().setFigures().of(tenant, p.get("sku")));
            case "listPresets" -> json(200, Map.of("presets", api.presets(tenant)));
            case "getSpend" -> json(200, api.spend(tenant));
            case "getBrandKit" -> json(200, api.brandKit(tenant));
            case "putBrandKit" -> json(200, api.putBrandKit(tenant, body(req, SessionApi.BrandKitRequest.class)));
            case "listStores" -> json(200, Map.of("stores", stores().stores(tenant)));
            case "connectStore" -> json(200, stores().connect(tenant, p.get("store"), body(req, StoreApi.ConnectRequest.class)));
            case "disconnectStore" -> {
                stores().disconnect(tenant, p.get("store"));
                yield json(200, Map.of("store", p.get("store"), "connected", false));
            }
            case "listStoreMedia" -> json(200, Map.of("media", stores().pushed(tenant, p.get("store"), p.get("sku"))));
            case "pushToStore" -> json(200, stores().push(tenant, p.get("id"), p.get("store"), body(req, StoreApi.PushRequest.class)));
            default -> throw new IllegalStateException("route " + r.name() + " has no handler");
        };
    }

    private StoreApi stores() {
        return wiring.get().storeApi();
    }

    private static String query(APIGatewayProxyRequestEvent req, String name) {
        return req.getQueryStringParameters() == null ? null : req.getQueryStringParameters().get(name);
    }

    private static <T> T body(APIGatewayProxyRequestEvent req, Class<T> type) {
        String text = req.getBody();
        if (text == null || text.isBlank()) {
            return null;
        }
        if (Boolean.TRUE.equals(req.getIsBase64Encoded())) {
            try {
                text = new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new HttpError(400, "bad_body", "The body is marked base64 but is not", "send a JSON body");
            }
        }
        if (text.length() > MAX_BODY) {
            throw new HttpError(413, "too_large", "The body has " + text.length() + " characters", "send at most " + MAX_BODY);
        }
        try {
            return Json.MAPPER.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new HttpError(400, "bad_json", "The body is not the JSON this route takes: " + e.getOriginalMessage(),
                    "see the request schema in the API's OpenAPI document");
        }
    }

    private static APIGatewayProxyResponseEvent refineryError(RefineryException e, String requestId) {
        if (e instanceof dev.refinery.application.QuotaExceededException q) {
            APIGatewayProxyResponseEvent res = error(429, "quota_exceeded", e.getMessage(), e.hint(), requestId);
            res.getHeaders().put("Retry-After", String.valueOf(q.retryAfterSeconds()));
            return res;
        }
        if (e instanceof NotFoundException) {
            return error(404, "not_found", e.getMessage(), e.hint(), requestId);
        }
        if (e instanceof dev.refinery.domain.BudgetExceededException) {
            return error(402, "budget_exceeded", e.getMessage(), e.hint(), requestId);
        }
        if (e instanceof ConflictException) {
            return error(409, "conflict", e.getMessage(), e.hint(), requestId);
        }
        if (e instanceof ForbiddenException) {
            return error(403, "forbidden", e.getMessage(), e.hint(), requestId);
        }
        if (e instanceof EngineUnavailableException) {
            return error(400, "engine_unavailable", e.getMessage(), e.hint(), requestId);
        }
        if (e instanceof InvalidInputException) {
            return error(400, "invalid_input", e.getMessage(), e.hint(), requestId);
        }
        APIGatewayProxyResponseEvent res = error(503, "unavailable", "A service the API needs is busy", "try again shortly", requestId);
        long wait = e instanceof RetryLaterException r ? r.retryAfterSeconds() : 2;
        res.getHeaders().put("Retry-After", String.valueOf(wait));
        LOG.warn("transient error: {}", e.getMessage());
        return res;
    }

    private static APIGatewayProxyResponseEvent json(int status, Object body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Cache-Control", "no-store");
        return new APIGatewayProxyResponseEvent().withStatusCode(status).withHeaders(headers).withBody(Json.write(body));
    }

    private static APIGatewayProxyResponseEvent error(int status, String code, String message, String hint, String requestId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        body.put("hint", hint);
        body.put("requestId", requestId);
        if (status >= 500) {
            LOG.error("{} {}: {}", status, code, message);
        } else {
            LOG.info("{} {}: {}", status, code, message);
        }
        return json(status, body);
    }

    static List<ApiRoutes.Route> routes() {
        return ApiRoutes.ALL;
    }
}
