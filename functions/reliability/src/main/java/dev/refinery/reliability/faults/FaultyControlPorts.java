package dev.refinery.reliability.faults;

import dev.refinery.application.ports.CatalogItem;
import dev.refinery.application.ports.CatalogStore;
import dev.refinery.application.ports.CompletionNotifier;
import dev.refinery.application.ports.ExecutionInput;
import dev.refinery.application.ports.RefinementEvent;
import dev.refinery.application.ports.SessionEvent;
import dev.refinery.application.ports.SessionEventLog;
import dev.refinery.application.ports.UploadLedger;
import dev.refinery.application.ports.WorkflowStarter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Fault-injecting decorators of the AWS module's own ports. Operations: catalog.*, ledger.claim,
 * events.append, events.read, starter.start, notifier.publish.
 */
public final class FaultyControlPorts {
    private FaultyControlPorts() {
    }

    public static CatalogStore catalog(CatalogStore d, FaultPlan<Fault> plan) {
        return new CatalogStore() {
            @Override
            public Optional<CatalogItem> findItem(String tenant, String sku) {
                return Injector.call(plan, "catalog.findItem", tenant + "/" + sku, () -> d.findItem(tenant, sku));
            }

            @Override
            public List<CatalogItem> items(String tenant) {
                return Injector.call(plan, "catalog.items", tenant, () -> d.items(tenant));
            }

            @Override
            public CatalogItem putItem(String tenant, String sku, List<String> presets, String category, java.util.Map<String, String> facts,
                                       String prompt, String sourceBucket, String sourceKey, Instant now) {
                return Injector.call(plan, "catalog.putItem", tenant + "/" + sku,
                        () -> d.putItem(tenant, sku, presets, category, facts, prompt, sourceBucket, sourceKey, now));
            }

            @Override
            public CatalogItem registerUpload(String tenant, String sku, String bucket, String key, List<String> defaultPresets,
                                              String defaultCategory, Instant now) {
                return Injector.call(plan, "catalog.registerUpload", tenant + "/" + sku,
                        () -> d.registerUpload(tenant, sku, bucket, key, defaultPresets, defaultCategory, now));
            }

            @Override
            public void markRefined(String tenant, String sku, String sessionId, Instant at, String templateVersion, String presetFingerprint) {
                Injector.run(plan, "catalog.markRefined", tenant + "/" + sku,
                        () -> d.markRefined(tenant, sku, sessionId, at, templateVersion, presetFingerprint));
            }

            @Override
            public Page scanItems(String cursor, int limit) {
                return Injector.call(plan, "catalog.scanItems", String.valueOf(cursor), () -> d.scanItems(cursor, limit));
            }
        };
    }

    public static UploadLedger ledger(UploadLedger d, FaultPlan<Fault> plan) {
        return r -> Injector.call(plan, "ledger.claim", r.tenant() + "/" + r.key(), () -> d.claim(r));
    }

    public static SessionEventLog events(SessionEventLog d, FaultPlan<Fault> plan) {
        return new SessionEventLog() {
            @Override
            public void append(SessionEvent e) {
                Injector.run(plan, "events.append", e.tenant() + "/" + e.sessionId() + "/" + e.type(), () -> d.append(e));
            }

            @Override
            public List<SessionEvent> events(String tenant, String sessionId) {
                return Injector.call(plan, "events.read", tenant + "/" + sessionId, () -> d.events(tenant, sessionId));
            }
        };
    }

    public static WorkflowStarter starter(WorkflowStarter d, FaultPlan<Fault> plan) {
        return (String name, ExecutionInput input) -> Injector.call(plan, "starter.start", name, () -> d.start(name, input));
    }

    public static CompletionNotifier notifier(CompletionNotifier d, FaultPlan<Fault> plan) {
        return (RefinementEvent e) -> Injector.run(plan, "notifier.publish", e.tenant() + "/" + e.sessionId(), () -> d.publish(e));
    }
}
