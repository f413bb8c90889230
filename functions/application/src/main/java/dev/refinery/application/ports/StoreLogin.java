package dev.refinery.application.ports;

import java.time.Instant;
import java.util.Objects;

/**
 * How Refinery signs in to one tenant's store: the store's address and the access token the seller gave it (a Shopify
 * custom app's Admin API token). The token is a secret: it is kept only in the {@link StoreLogins} adapter (Secrets
 * Manager in AWS), never in a log, an event or an answer; {@link #toString()} leaves it out.
 *
 * @param store the connector, e.g. {@code shopify}
 * @param shop the store's address, e.g. {@code acme.myshopify.com}
 * @param autoPush whether a session that completes puts its final in this store by itself (the tenant's setting)
 */
public record StoreLogin(String tenant, String store, String shop, String token, Instant connectedAt, boolean autoPush) {
    public StoreLogin {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(connectedAt, "connectedAt");
    }

    @Override
    public String toString() {
        return "StoreLogin[tenant=" + tenant + ", store=" + store + ", shop=" + shop + ", token=(secret), connectedAt=" + connectedAt + ", autoPush=" + autoPush + "]";
    }
}
