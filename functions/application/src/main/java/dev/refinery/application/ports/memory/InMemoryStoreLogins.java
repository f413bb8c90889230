package dev.refinery.application.ports.memory;

import dev.refinery.application.ports.StoreLogin;
import dev.refinery.application.ports.StoreLogins;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Store logins in this process (unit tests, the command line; the local stack forgets them when it stops). */
public final class InMemoryStoreLogins implements StoreLogins {
    private final Map<String, StoreLogin> logins = new ConcurrentHashMap<>();

    @Override
    public Optional<StoreLogin> find(String tenant, String store) {
        return Optional.ofNullable(logins.get(tenant + "/" + store));
    }

    @Override
    public void save(StoreLogin login) {
        logins.put(login.tenant() + "/" + login.store(), login);
    }

    @Override
    public void remove(String tenant, String store) {
        logins.remove(tenant + "/" + store);
    }
}
