package dev.refinery.application.ports;

import java.util.Optional;

/** Each tenant's store credentials: one secret per tenant and store (Secrets Manager in AWS). */
public interface StoreLogins {
    Optional<StoreLogin> find(String tenant, String store);

    /** Keeps the login, replacing the tenant's earlier one for the same store. */
    void save(StoreLogin login);

    /** Forgets the login; nothing happens when there is none. */
    void remove(String tenant, String store);
}
