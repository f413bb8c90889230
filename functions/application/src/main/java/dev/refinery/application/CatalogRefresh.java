package dev.refinery.application;

import dev.refinery.domain.NotFoundException;
import dev.refinery.domain.Session;
import dev.refinery.application.ports.CatalogItem;
import dev.refinery.application.ports.CatalogStore;
import dev.refinery.application.ports.ExecutionInput;
import dev.refinery.application.ports.SessionEvent;
import dev.refinery.application.ports.SessionEventLog;
import dev.refinery.application.ports.WorkflowStarter;
import dev.refinery.domain.ConflictException;
import dev.refinery.domain.RefineryException;
import dev.refinery.domain.Source;
import dev.refinery.pipeline.RefinementService;
import dev.refinery.pipeline.StartRequest;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Re-runs the pipeline for catalog items whose images are stale: their presets (the ids a seller
 * chose, or a preset's rules) changed since the last refinement, the prompt template moved on, or
 * the images are older than the configured age. At most {@code batch} sessions start per run; the
 * rest are counted as deferred and picked up by the next run (a started item is no longer stale).
 * Session ids and execution names derive from the run id, so a redelivered schedule event starts nothing twice.
 */
public final class CatalogRefresh {
    private static final Logger LOG = System.getLogger(CatalogRefresh.class.getName());
    private static final int PAGE = 100;

    private final Settings config;
    private final RefinementService service;
    private final CatalogStore catalog;
    private final SessionEventLog events;
    private final WorkflowStarter starter;
    private final Clock clock;
    private final RecipeReplay replay;

    public CatalogRefresh(Settings config, RefinementService service, CatalogStore catalog, SessionEventLog events,
                          WorkflowStarter starter, Clock clock) {
        this.config = config;
        this.service = service;
        this.catalog = catalog;
        this.events = events;
        this.starter = starter;
        this.clock = clock;
        this.replay = new RecipeReplay(service, events, new FeedbackRounds(service, events, starter, clock), clock);
    }

    /**
     * What the refresh reads of the deployment's configuration.
     *
     * @param promptTemplateVersion the prompt template generation; items refined with another one are stale
     * @param refreshMaxAge         items refined longer ago than this are stale
     * @param defaultEngine         the engine a refreshed session runs with
     */
    public record Settings(String promptTemplateVersion, Duration refreshMaxAge, String defaultEngine) {
    }

    /** Counts of one run, returned by the handler and logged. */
    public record Report(String runId, int scanned, int stale, int started, int deferred, int noSource, int failed,
                         List<String> startedSessions) {
    }

    /** Why an item is stale, or null when it is fresh. */
    public String staleness(CatalogItem item, Instant now) {
        if (item.lastRefinedAt() == null) {
            return "never refined";
        }
        String fingerprint;
        try {
            fingerprint = PresetFingerprint.of(service.presets(), item.tenant(), item.presets());
        } catch (RefineryException e) {
            return "presets changed: " + e.getMessage();
        }
        if (!fingerprint.equals(item.presetFingerprint())) {
            return "presets changed";
        }
        if (!config.promptTemplateVersion().equals(item.templateVersion())) {
            return "prompt template " + item.templateVersion() + " -> " + config.promptTemplateVersion();
        }
        if (item.lastRefinedAt().isBefore(now.minus(config.refreshMaxAge()))) {
            return "images older than " + config.refreshMaxAge().toDays() + " days";
        }
        return null;
    }

    public Report run(String runId, int batch) {
        Instant now = clock.instant();
        int scanned = 0, stale = 0, started = 0, deferred = 0, noSource = 0, failed = 0;
        List<String> sessions = new ArrayList<>();
        String cursor = null;
        do {
            CatalogStore.Page page = catalog.scanItems(cursor, PAGE);
            for (CatalogItem item : page.items()) {
                scanned++;
                String why = staleness(item, now);
                if (why == null) {
                    continue;
                }
                stale++;
                if (!item.hasSource()) {
                    noSource++;
                    continue;
                }
                if (started >= batch) {
                    deferred++;
                    continue;
                }
                try {
                    sessions.add(start(item, runId, why, now));
                    started++;
                } catch (RefineryException e) {
                    failed++;
                    LOG.log(Level.WARNING, () -> "refresh could not start tenant=" + item.tenant() + " sku=" + item.sku() + " reason=" + e.reason());
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        Report r = new Report(runId, scanned, stale, started, deferred, noSource, failed, sessions);
        LOG.log(Level.INFO, () -> "catalog refresh run=" + runId + " scanned=" + r.scanned() + " stale=" + r.stale() + " started="
                + r.started() + " deferred=" + r.deferred() + " noSource=" + r.noSource() + " failed=" + r.failed());
        return r;
    }

    /** The approved rounds of the item's last session (none when it has none, or it is gone). */
    private List<String> approvedRecipe(CatalogItem item) {
        if (item.lastSessionId() == null) {
            return List.of();
        }
        try {
            Session last = service.session(item.tenant(), item.lastSessionId());
            return ApprovedRecipe.of(last, service.versions(item.tenant(), last.id()), events.events(item.tenant(), last.id()));
        } catch (NotFoundException gone) {
            return List.of();
        }
    }

    private String start(CatalogItem item, String runId, String why, Instant now) {
        String hash = ExecutionNames.hash("refresh", item.tenant(), item.sku(), runId);
        String sessionId = ExecutionNames.sessionIdFrom(hash);
        Source source = item.sourceKey() != null ? Source.upload(item.sourceBucket(), item.sourceKey(), null) : Source.prompt(item.prompt());
        try {
            service.start(new StartRequest(item.tenant(), sessionId, item.sku(), source, item.presets(), config.defaultEngine(),
                    item.category(), item.facts()));
            events.append(new SessionEvent(item.tenant(), sessionId, now, "session-created", Map.of("via", "catalog-refresh", "why", why)));
            // the seller's approved rounds of the last session are replayed after the first pass (RecipeReplay)
            List<String> recipe = approvedRecipe(item);
            replay.attach(item.tenant(), sessionId, recipe, item.lastSessionId());
        } catch (ConflictException alreadyCreated) {
            // This run already created it (a redelivered schedule event): start the same execution again.
        }
        starter.start(ExecutionNames.forRefresh(hash), ExecutionInput.firstPass(item.tenant(), sessionId));
        catalog.markRefined(item.tenant(), item.sku(), sessionId, now, config.promptTemplateVersion(),
                PresetFingerprint.of(service.presets(), item.tenant(), item.presets()));
        LOG.log(Level.INFO, () -> "refresh started tenant=" + item.tenant() + " sku=" + item.sku() + " session=" + sessionId + " why=" + why);
        return sessionId;
    }
}
