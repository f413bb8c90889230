package dev.refinery.reliability.faults;

import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.Session;
import dev.refinery.domain.VersionSlot;
import dev.refinery.ports.SessionStore;
import java.util.List;
import java.util.Optional;

/**
 * A SessionStore that fails as its plan says. Operations: sessions.create, .find, .update,
 * .reserveVersion, .saveVersion, .versions, .findBySku, .page; context: tenant/sessionId (plus the slot
 * or the version number where there is one).
 */
public final class FaultySessionStore implements SessionStore {
    private final SessionStore delegate;
    private final FaultPlan<Fault> plan;

    public FaultySessionStore(SessionStore delegate, FaultPlan<Fault> plan) {
        this.delegate = delegate;
        this.plan = plan;
    }

    @Override
    public Session create(Session session) {
        return Injector.call(plan, "sessions.create", session.tenant() + "/" + session.id(), () -> delegate.create(session));
    }

    @Override
    public Optional<Session> find(String tenant, String sessionId) {
        return Injector.call(plan, "sessions.find", tenant + "/" + sessionId, () -> delegate.find(tenant, sessionId));
    }

    @Override
    public Session update(Session session) {
        return Injector.call(plan, "sessions.update", session.tenant() + "/" + session.id(), () -> delegate.update(session));
    }

    @Override
    public int reserveVersion(String tenant, String sessionId, VersionSlot slot) {
        return Injector.call(plan, "sessions.reserveVersion", tenant + "/" + sessionId + "/" + slot.id(),
                () -> delegate.reserveVersion(tenant, sessionId, slot));
    }

    @Override
    public void saveVersion(ImageVersion version) {
        Injector.run(plan, "sessions.saveVersion", version.tenant() + "/" + version.sessionId() + "/" + version.slot().id(),
                () -> delegate.saveVersion(version));
    }

    @Override
    public List<ImageVersion> versions(String tenant, String sessionId) {
        return Injector.call(plan, "sessions.versions", tenant + "/" + sessionId, () -> delegate.versions(tenant, sessionId));
    }

    @Override
    public List<Session> findBySku(String tenant, String sku) {
        return Injector.call(plan, "sessions.findBySku", tenant + "/" + sku, () -> delegate.findBySku(tenant, sku));
    }

    @Override
    public dev.refinery.ports.SessionPage page(String tenant, int limit, dev.refinery.ports.SessionPage.Cursor cursor) {
        return Injector.call(plan, "sessions.page", tenant, () -> delegate.page(tenant, limit, cursor));
    }
}
