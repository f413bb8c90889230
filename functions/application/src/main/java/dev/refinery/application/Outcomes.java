package dev.refinery.application;

import dev.refinery.application.ports.CompletionNotifier;
import dev.refinery.application.ports.RefinementEvent;
import dev.refinery.application.ports.SessionEvent;
import dev.refinery.application.ports.SessionEventLog;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.BrandKit;
import dev.refinery.domain.InvalidInputException;
import dev.refinery.domain.Session;
import dev.refinery.domain.SessionStatus;
import dev.refinery.pipeline.RefinementService;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The end of a session: published (completed / needs review) or failed, recorded and announced. */
public final class Outcomes {
    public static final String STAGE_ERROR = "stage-error";

    private final RefinementService service;
    private final SessionEventLog events;
    private final CompletionNotifier notifier;
    private final RecipeReplay replay;
    private final SessionExports exports;
    private final StoreExports stores;
    private final BrandKit.Lookup brandKits;
    private final Clock clock;

    public Outcomes(RefinementService service, SessionEventLog events, CompletionNotifier notifier, RecipeReplay replay, SessionExports exports,
                    StoreExports stores, BrandKit.Lookup brandKits, Clock clock) {
        this.stores = stores;
        this.service = service;
        this.events = events;
        this.notifier = notifier;
        this.replay = replay;
        this.exports = exports;
        this.brandKits = brandKits;
        this.clock = clock;
    }

    /** @param outcome COMPLETED or NEEDS_REVIEW */
    public Session publish(String tenant, String sessionId, String outcome, String summary) {
        Session s;
        String type;
        if ("COMPLETED".equals(outcome)) {
            s = service.complete(tenant, sessionId);
            type = RefinementEvent.COMPLETED;
        } else if ("NEEDS_REVIEW".equals(outcome)) {
            s = service.needsReview(tenant, sessionId, summary == null || summary.isBlank()
                    ? "the automatic checks could not pass the images — review them and send feedback" : summary);
            type = RefinementEvent.NEEDS_REVIEW;
        } else {
            throw new InvalidInputException("Unknown outcome '" + outcome + "'", "the publisher takes COMPLETED or NEEDS_REVIEW");
        }
        Instant now = clock.instant();
        events.append(new SessionEvent(tenant, sessionId, now, "published", Map.of("status", s.status().name())));
        // A refreshed session replays the seller's approved rounds one after another: the seller hears once, at the end.
        RecipeReplay.Next next = replay.next(s);
        if (next instanceof RecipeReplay.Started started) {
            return started.round().session();
        }
        if (next instanceof RecipeReplay.Done done && !done.skipped().isEmpty()) {
            String skipped = "the catalog refresh replayed the approved rounds on today's engine, but left out " + String.join("; ", done.skipped())
                    + ": the images lack that approved change; review them, or ask for something the presets allow";
            s = service.needsReview(tenant, sessionId, s.status() == SessionStatus.NEEDS_REVIEW ? s.reason() + "; " + skipped
                    : Character.toUpperCase(skipped.charAt(0)) + skipped.substring(1));
            type = RefinementEvent.NEEDS_REVIEW;
        }
        notifier.publish(new RefinementEvent(type, tenant, sessionId, s.sku(), s.status().name(), s.reason(), finals(s), now));
        exports.afterPublish(s, brandKits);
        Session published = s;
        stores.afterPublish(s, () -> service.versions(tenant, published.id()));
        return s;
    }

    /** Marks the session FAILED with a reason a seller can act on, then announces it. */
    public Session fail(String tenant, String sessionId, String error, String cause) {
        // A retryable error's own reason ends "it will be retried automatically": true while the
        // retries ran, wrong once they are exhausted, so the seller gets the reason built from the error instead.
        String recorded = events.events(tenant, sessionId).stream()
                .filter(e -> STAGE_ERROR.equals(e.type()) && (error == null || error.equals(e.detail().get("error")))
                        && !"true".equals(e.detail().get("retryable")))
                .max(Comparator.comparing(SessionEvent::at))
                .map(e -> e.detail().get("reason")).orElse(null);
        String reason = FailureReasons.explain(error, cause, recorded);
        Session s = service.fail(tenant, sessionId, reason);
        Instant now = clock.instant();
        events.append(new SessionEvent(tenant, sessionId, now, "failed", Map.of("error", error == null ? "" : error, "reason", reason)));
        notifier.publish(new RefinementEvent(RefinementEvent.FAILED, tenant, sessionId, s.sku(), s.status().name(), reason, finals(s), now));
        return s;
    }

    private List<RefinementEvent.FinalImage> finals(Session s) {
        if (s.finals().isEmpty()) {
            return List.of();
        }
        List<ImageVersion> versions = service.versions(s.tenant(), s.id());
        List<RefinementEvent.FinalImage> out = new ArrayList<>();
        s.finals().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> versions.stream()
                .filter(v -> v.number() == e.getValue()).findFirst()
                .ifPresent(v -> out.add(new RefinementEvent.FinalImage(e.getKey(), v.number(), v.imageKey()))));
        return out;
    }
}
