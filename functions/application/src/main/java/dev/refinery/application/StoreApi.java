package dev.refinery.application;

import dev.refinery.application.ports.StorePush;
import dev.refinery.domain.Session;
import dev.refinery.pipeline.RefinementService;
import java.util.List;

/**
 * The store routes of the API: connect a store (PUT /stores/{store}), list and disconnect them, put a session's final
 * into the connected store (POST /sessions/{id}/stores/{store}) and read what a SKU's product holds from Refinery
 * (GET /stores/{store}/products/{sku}). Every call is the tenant's: a session of another tenant is not found.
 */
public final class StoreApi {
    private final RefinementService service;
    private final StoreExports exports;

    public StoreApi(RefinementService service, StoreExports exports) {
        this.service = service;
        this.exports = exports;
    }

    /** The body of PUT /stores/{store}. */
    public record ConnectRequest(String shop, String accessToken, Boolean autoPush) {
    }

    /** The body of POST /sessions/{id}/stores/{store} (optional). */
    public record PushRequest(String preset, Integer position) {
    }

    /** What a SKU's product holds from Refinery, per slot (never the token, nothing of another tenant). */
    public record PushedView(String sku, String slot, String sessionId, int version, String sha256, String fileName, String productId, String mediaId,
                             String status, String detail, String at) {
        static PushedView of(StorePush p) {
            return new PushedView(p.sku(), p.slot(), p.sessionId(), p.version(), p.sha256(), p.fileName(), p.productId(), p.mediaId(), p.status(),
                    p.detail(), p.at().toString());
        }
    }

    public StoreExports.Connection connect(String tenant, String store, ConnectRequest req) {
        return exports.connect(tenant, store, req == null ? null : req.shop(), req == null ? null : req.accessToken(),
                req != null && Boolean.TRUE.equals(req.autoPush()));
    }

    public List<StoreExports.Connection> stores(String tenant) {
        return exports.connections(tenant);
    }

    public void disconnect(String tenant, String store) {
        exports.disconnect(tenant, store);
    }

    public StoreExports.Push push(String tenant, String sessionId, String store, PushRequest req) {
        Session s = service.session(tenant, Ids.session(sessionId));
        return exports.push(s, service.versions(tenant, s.id()), store, req == null ? null : req.preset(), req == null ? null : req.position());
    }

    public List<PushedView> pushed(String tenant, String store, String sku) {
        return exports.pushed(tenant, store, sku).stream().map(PushedView::of).toList();
    }
}
