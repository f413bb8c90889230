package dev.refinery.application.ports;

import java.time.Instant;
import java.util.Objects;

/**
 * What Refinery last put in a tenant's store for one product image: which final (session, version, SHA-256 of its
 * bytes), the file name it was uploaded under, and the store's own ids for the product and the media. Exporting again
 * compares the hash (nothing sent when it is the same) and replaces the same media in place when it is not, so a retry
 * or a newer final never adds a second image.
 *
 * @param slot the rendition's place in the store: the preset it was made for (one image per SKU and preset)
 * @param status {@code PENDING} (sent, the store's answer not yet recorded), {@code PROCESSING} (the store is still
 *     processing it), {@code READY}, or {@code FAILED} (the store refused the file)
 */
public record StorePush(String tenant, String store, String sku, String slot, String sessionId, int version, String sha256,
                        String fileName, String productId, String mediaId, String status, String detail, Instant at) {
    public static final String PENDING = "PENDING", PROCESSING = "PROCESSING", READY = "READY", FAILED = "FAILED";

    public StorePush {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(at, "at");
    }

    public StorePush with(String productId, String mediaId, String status, String detail, Instant at) {
        return new StorePush(tenant, store, sku, slot, sessionId, version, sha256, fileName, productId, mediaId, status, detail, at);
    }
}
