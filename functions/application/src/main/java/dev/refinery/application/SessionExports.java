package dev.refinery.application;

import dev.refinery.application.ports.CompletionNotifier;
import dev.refinery.application.ports.RefinementEvent;
import dev.refinery.application.ports.SessionEvent;
import dev.refinery.application.ports.SessionEventLog;
import dev.refinery.domain.BrandKit;
import dev.refinery.domain.RefineryException;
import dev.refinery.domain.Session;
import dev.refinery.domain.SessionStatus;
import dev.refinery.pipeline.RefinementService;
import dev.refinery.ports.ImageStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A session's finals exported ({@link MarketplaceExports}), recorded and announced: on the seller's request, and after
 * a session completes when the tenant's brand kit asks for it ({@code autoExport}). Whatever an export wrote is an
 * {@code exported} event in the session's history and a "Refinement Exported" event on the bus; an export that wrote
 * nothing (the files were there) is neither.
 */
public final class SessionExports {
    public static final String EXPORTED = "exported", EXPORT_REFUSED = "export-refused";

    private final RefinementService service;
    private final MarketplaceExports exports;
    private final SessionEventLog events;
    private final CompletionNotifier notifier;
    private final Clock clock;

    public SessionExports(RefinementService service, ImageStore images, SessionEventLog events, CompletionNotifier notifier, Clock clock,
                          BrandKit.Lookup kits) {
        this.service = service;
        this.exports = new MarketplaceExports(images, kits);
        this.events = events;
        this.notifier = notifier;
        this.clock = clock;
    }

    /** Exports the session's finals now. */
    public MarketplaceExports.Export export(Session s, MarketplaceExports.Request request) {
        MarketplaceExports.Export e = exports.export(s, service.versions(s.tenant(), s.id()), request);
        List<MarketplaceExports.File> written = e.files().stream().filter(f -> !f.status().equals("unchanged")).toList();
        if (!written.isEmpty()) {
            Instant now = clock.instant();
            Map<String, String> detail = new TreeMap<>();
            for (MarketplaceExports.File f : e.files()) {
                detail.put(f.key().substring(MarketplaceExports.ROOT.length() + s.tenant().length() + 1), f.status() + " v" + f.version());
            }
            events.append(new SessionEvent(s.tenant(), s.id(), now, EXPORTED, detail));
            // the seller's rules on the completion bus see it too (a store's import job can start on it)
            notifier.publish(new RefinementEvent(RefinementEvent.EXPORTED, s.tenant(), s.id(), s.sku(), s.status().name(), null,
                    written.stream().map(f -> new RefinementEvent.FinalImage(f.preset(), f.version(), f.key())).toList(), now));
        }
        return e;
    }

    /**
     * After a session is published: a COMPLETED session's finals are exported when the tenant's brand kit says so. An
     * export that cannot be made (a SKU Amazon's file names refuse, another session's file in the way) leaves the
     * session as it is, with the reason in its history: the seller exports it on request with what the reason asks.
     */
    public void afterPublish(Session s, BrandKit.Lookup kits) {
        if (s.status() != SessionStatus.COMPLETED || s.finals().isEmpty()
                || !kits.current(s.tenant()).map(BrandKit::autoExport).orElse(false)) {
            return;
        }
        try {
            export(s, MarketplaceExports.Request.DEFAULT);
        } catch (RefineryException e) {
            events.append(new SessionEvent(s.tenant(), s.id(), clock.instant(), EXPORT_REFUSED, Map.of("reason", e.reason())));
        }
    }
}
