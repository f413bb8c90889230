package dev.refinery.aws.handlers;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The API's routes (the OpenAPI document in resources/openapi.yaml must list exactly these). */
public final class ApiRoutes {
    public record Route(String method, String template, String name, boolean startsWork) {
        /** The path parameters when {@code segments} match this template. */
        Optional<Map<String, String>> match(String[] segments) {
            String[] t = template.substring(1).split("/");
            if (t.length != segments.length) {
                return Optional.empty();
            }
            Map<String, String> params = new HashMap<>();
            for (int i = 0; i < t.length; i++) {
                if (t[i].startsWith("{")) {
                    params.put(t[i].substring(1, t[i].length() - 1), segments[i]);
                } else if (!t[i].equals(segments[i])) {
                    return Optional.empty();
                }
            }
            return Optional.of(params);
        }
    }

    public static final List<Route> ALL = List.of(
            new Route("POST", "/uploads", "createUploadForm", false),
            new Route("POST", "/sessions", "startSession", true),
            new Route("GET", "/sessions", "listSessions", false),
            new Route("GET", "/sessions/{id}", "getSession", false),
            new Route("GET", "/sessions/{id}/versions", "listVersions", false),
            new Route("GET", "/sessions/{id}/versions/{n}/preview", "getVersionPreview", false),
            new Route("POST", "/sessions/{id}/refinements", "requestRefinement", true),
            new Route("POST", "/sessions/{id}/bundle", "createBundle", false),
            new Route("POST", "/sessions/{id}/exports", "createExport", false),
            new Route("POST", "/sessions/{id}/versions/{n}/approve", "approveVersion", false),
            new Route("POST", "/sessions/{id}/versions/{n}/revert", "revertVersion", false),
            new Route("PUT", "/catalog/items/{sku}", "putCatalogItem", false),
            new Route("GET", "/catalog/items", "listCatalogItems", false),
            new Route("GET", "/catalog/items/{sku}/set", "getSkuSet", false),
            new Route("GET", "/presets", "listPresets", false),
            new Route("GET", "/patterns", "listPatterns", false),
            new Route("GET", "/spend", "getSpend", false),
            new Route("GET", "/brand-kit", "getBrandKit", false),
            new Route("PUT", "/brand-kit", "putBrandKit", false),
            new Route("GET", "/stores", "listStores", false),
            new Route("PUT", "/stores/{store}", "connectStore", false),
            new Route("DELETE", "/stores/{store}", "disconnectStore", false),
            new Route("GET", "/stores/{store}/products/{sku}", "listStoreMedia", false),
            new Route("POST", "/sessions/{id}/stores/{store}", "pushToStore", false));

    private ApiRoutes() {
    }
}
