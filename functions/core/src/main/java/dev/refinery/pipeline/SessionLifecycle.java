package dev.refinery.pipeline;

import dev.refinery.domain.Approval;
import dev.refinery.domain.ConflictException;
import dev.refinery.domain.EngineUnavailableException;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.InvalidInputException;
import dev.refinery.domain.NotFoundException;
import dev.refinery.domain.Preset;
import dev.refinery.domain.PresetCatalog;
import dev.refinery.domain.BrandKit;
import dev.refinery.domain.Session;
import dev.refinery.domain.SessionStatus;
import dev.refinery.domain.Stage;
import dev.refinery.ports.SessionStore;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * A session's status and pointers from start to end: created PENDING, RUNNING while a stage works, COMPLETED,
 * NEEDS_REVIEW or FAILED when the run ends, reopened by a feedback round; the seller's approvals and reverts
 * move its head or a preset's final. Every change is a retried read-modify-write ({@link #updateWithRetry}).
 */
final class SessionLifecycle {
    private static final int UPDATE_ATTEMPTS = 5;
    /** The note of a version the seller approved (an output that passed its checks is approved with no note: auto-approved). */
    static final String SELLER_APPROVED = "approved by the seller";

    private final SessionStore sessions;
    private final EngineRegistry engines;
    private final PresetCatalog presets;
    private final Clock clock;
    private final KeptImages keptImages;

    SessionLifecycle(SessionStore sessions, EngineRegistry engines, PresetCatalog presets, Clock clock, KeptImages keptImages) {
        this.sessions = sessions;
        this.engines = engines;
        this.presets = presets;
        this.clock = clock;
        this.keptImages = keptImages;
    }

    /** Validates a request (presets, engines) and records a PENDING session; the work starts elsewhere. */
    Session start(StartRequest req) {
        if (req.tenant() == null || req.tenant().isBlank()) {
            throw new InvalidInputException("No tenant", "sessions always belong to a tenant");
        }
        if (req.presets() == null || req.presets().isEmpty()) {
            throw new InvalidInputException("No preset given", "use one of: " + String.join(", ", presets.ids()));
        }
        // brand-site resolves to the tenant's kit as it is now, recorded with its version (brand-site@3): every later
        // round and re-render of this session uses the same kit, whatever the seller changes in it meanwhile
        List<Preset> targets = presets.resolve(req.tenant(), String.join(",", req.presets()), req.facts());
        String engineId = req.engine() == null ? "classic" : req.engine();
        engines.require(engineId);
        for (Preset p : targets) {
            if (p.requiresAi() && !engines.has(p.engineFor(Stage.BACKGROUND, "openai"))) {
                throw new EngineUnavailableException(
                        "Preset '" + p.id() + "' needs the openai engine (" + p.name() + ": "
                                + (p.background().kind() == Preset.Backdrop.Kind.SCENE ? "a generated scene" : "the image model's work on the photo") + ")",
                        "set OPENAI_API_KEY and run with ENGINE=openai, or choose a white-background preset such as amazon-main");
            }
        }
        if (req.source() == null || (!req.source().isUpload() && (req.source().prompt() == null || req.source().prompt().isBlank()))) {
            throw new InvalidInputException("A session needs an uploaded photo or a prompt", "upload a photo or describe the product");
        }
        if (!req.source().isUpload() && req.source().prompt().length() > 32_000) {
            throw new InvalidInputException("The prompt has " + req.source().prompt().length() + " characters", "keep it under 32,000 characters");
        }
        Instant now = clock.instant();
        String id = req.sessionId() != null ? req.sessionId() : UUID.randomUUID().toString();
        Session s = new Session(req.tenant(), id, req.sku(), req.source(), targets.stream().map(Preset::id).toList(),
                engineId, req.category() == null ? "generic" : req.category(), req.facts(), SessionStatus.PENDING, null,
                0, 0, Map.of(), 0, now, now);
        return sessions.create(s);
    }

    Session session(String tenant, String sessionId) {
        return sessions.find(tenant, sessionId)
                .orElseThrow(() -> new NotFoundException("No session " + sessionId));
    }

    List<ImageVersion> versions(String tenant, String sessionId) {
        session(tenant, sessionId);
        return sessions.versions(tenant, sessionId);
    }

    /**
     * A stage starts work. A session that already ended is not reopened: the invocation is a late
     * duplicate (an attempt Step Functions gave up on and retried, finishing after the execution
     * moved on), and reopening it would leave the session RUNNING forever. A new round reopens a
     * session through {@link #beginRound}.
     */
    Session markRunning(String tenant, String sessionId) {
        return updateWithRetry(tenant, sessionId, s -> {
            if (s.status().terminal()) {
                throw new InvalidInputException("Session " + sessionId + " already ended (" + s.status() + "); this stage invocation is a late duplicate",
                        "nothing was changed; ask for a refinement round to change the images");
            }
            return s.status() == SessionStatus.RUNNING ? s : s.withStatus(SessionStatus.RUNNING, null, clock.instant());
        });
    }

    Session complete(String tenant, String sessionId) {
        return keepChosenImages(updateWithRetry(tenant, sessionId, s -> s.withStatus(SessionStatus.COMPLETED, null, clock.instant())));
    }

    Session needsReview(String tenant, String sessionId, String reason) {
        return keepChosenImages(updateWithRetry(tenant, sessionId, s -> s.withStatus(SessionStatus.NEEDS_REVIEW, reason, clock.instant())));
    }

    /** What the seller may come back to leaves the intermediates' lifecycle rule ({@link KeptImages}). */
    private Session keepChosenImages(Session s) {
        keptImages.keep(s, sessions.versions(s.tenant(), s.id()));
        return s;
    }

    Session fail(String tenant, String sessionId, String reason) {
        return updateWithRetry(tenant, sessionId, s -> s.withStatus(SessionStatus.FAILED, reason, clock.instant()));
    }

    /** Opens a feedback round on the latest approved version; returns the stage the feedback is about. */
    Session beginRound(String tenant, String sessionId) {
        return updateWithRetry(tenant, sessionId, s -> {
            if (s.head() == 0) {
                throw new InvalidInputException("Session " + sessionId + " has no approved version yet", "wait until its first pass ends");
            }
            if (s.status() == SessionStatus.RUNNING || s.status() == SessionStatus.PENDING) {
                throw new ConflictException("Session " + sessionId + " is still " + s.status());
            }
            return s.withRound(s.round() + 1, clock.instant()).withStatus(SessionStatus.RUNNING, null, clock.instant());
        });
    }

    /** A seller approves a version: a master version becomes the head, a rendition becomes its preset's final. */
    Session approve(String tenant, String sessionId, int number) {
        ImageVersion v = version(tenant, sessionId, number);
        if (v.approval() == Approval.REJECTED && v.stage() != Stage.FINALIZE) {
            // an edit its own stage refused (a failed cut-out, an AI step that changed the product) is never built on;
            // a rendition the quality check sent to review is what the seller reviews, and may approve
            throw new ConflictException("Version " + number + " failed its checks (" + v.note() + "): it cannot be approved or built on; "
                    + "ask for a refinement instead");
        }
        if (v.approval() == Approval.APPROVED && SELLER_APPROVED.equals(v.note())) {
            throw new ConflictException("Version " + number + " is already approved by the seller");
        }
        sessions.saveVersion(v.withApproval(Approval.APPROVED, SELLER_APPROVED));
        return keepChosenImages(pointHeadOrFinalAt(tenant, sessionId, v));
    }

    /** A seller goes back to a version: it becomes the head (or its preset's final); later versions stay recorded. */
    Session revert(String tenant, String sessionId, int number) {
        ImageVersion v = version(tenant, sessionId, number);
        if (v.approval() == Approval.REJECTED) {
            throw new InvalidInputException("Version " + number + " failed its checks (" + v.note() + ") and cannot be built on",
                    v.stage() == Stage.FINALIZE ? "approve it if you accept it as it is" : "ask for a refinement instead");
        }
        return keepChosenImages(pointHeadOrFinalAt(tenant, sessionId, v));
    }

    /** Makes {@code v} what the session stands on: a rendition its preset's final, a master version the head. */
    private Session pointHeadOrFinalAt(String tenant, String sessionId, ImageVersion v) {
        if (v.stage() == Stage.QUALITY_CHECK) {
            throw new InvalidInputException("Version " + v.number() + " is not an image", "choose an image version");
        }
        return updateWithRetry(tenant, sessionId, s -> {
            if (v.stage() == Stage.FINALIZE) {
                Map<String, Integer> finals = new HashMap<>(s.finals());
                finals.put(v.preset(), v.number());
                return s.withFinals(finals, clock.instant());
            }
            // the finals were rendered from the old head: none stands until the new head's are rendered (the API starts that round)
            return s.withHead(v.number(), clock.instant()).withFinals(Map.of(), clock.instant());
        });
    }

    ImageVersion version(String tenant, String sessionId, int number) {
        return versions(tenant, sessionId).stream().filter(v -> v.number() == number).findFirst()
                .orElseThrow(() -> new NotFoundException("Session " + sessionId + " has no version " + number));
    }

    /** Read-modify-write with optimistic locking; retried when another writer got there first. */
    Session updateWithRetry(String tenant, String sessionId, UnaryOperator<Session> f) {
        ConflictException last = null;
        for (int attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
            Session cur = session(tenant, sessionId);
            Session next = f.apply(cur);
            if (next.equals(cur)) {
                return cur;
            }
            try {
                return sessions.update(next);
            } catch (ConflictException e) {
                last = e;
            }
        }
        throw last;
    }
}
