package dev.refinery.pipeline;

import dev.refinery.domain.Approval;
import dev.refinery.domain.ConflictException;
import dev.refinery.domain.EngineUnavailableException;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.InvalidInputException;
import dev.refinery.domain.NotFoundException;
import dev.refinery.domain.Preset;
import dev.refinery.domain.PresetCatalog;
import dev.refinery.domain.Session;
import dev.refinery.domain.SessionStatus;
import dev.refinery.domain.Stage;
import dev.refinery.domain.VersionSlot;
import dev.refinery.feedback.FeedbackPlanner;
import dev.refinery.feedback.FreeTextPlanner;
import dev.refinery.engine.EditRequest;
import dev.refinery.engine.EditResult;
import dev.refinery.engine.Finisher;
import dev.refinery.engine.GenerateRequest;
import dev.refinery.engine.ImageCodec;
import dev.refinery.engine.ImageIngestor;
import dev.refinery.engine.RefinementEngine;
import dev.refinery.engine.Rendition;
import dev.refinery.ports.ImageStore;
import dev.refinery.ports.SessionStore;
import dev.refinery.color.ArgbPixels;
import dev.refinery.color.BodyColourShift;
import dev.refinery.color.Masks;
import dev.refinery.quality.BaseEvidence;
import dev.refinery.quality.Finding;
import dev.refinery.quality.LightingIntent;
import dev.refinery.quality.Placement;
import dev.refinery.quality.RequestedEffect;
import dev.refinery.quality.QualityChecker;
import dev.refinery.quality.QualityReport;
import dev.refinery.quality.StoredFindings;
import java.awt.image.BufferedImage;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The refinement pipeline as plain Java: one method per stage, each reading the latest approved
 * version from the stores, recording its output as a new version and moving the session on.
 * A stage Lambda calls one method; the state machine (refinery.asl.json) calls them in order, in AWS and in-process alike.
 */
public final class RefinementService {
    private static final int UPDATE_ATTEMPTS = 5;

    private final SessionStore sessions;
    private final ImageStore images;
    private final Map<String, RefinementEngine> engines;
    private final ImageIngestor ingestor;
    private final Finisher finisher;
    private final QualityChecker checker;
    private final PresetCatalog presets;
    private final Clock clock;
    private final KeptImages keptImages;
    /** The note of a version the seller approved (an output that passed its checks is approved with no note: auto-approved). */
    public static final String SELLER_APPROVED = "approved by the seller";
    /** Images this process wrote or read recently, so an in-process run does not decode what it just encoded. */
    private final Map<String, BufferedImage> decoded = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, BufferedImage> eldest) {
            // a few versions of each photo a folder run refines at once (one per core)
            return size() > 12;
        }
    };

    public RefinementService(SessionStore sessions, ImageStore images, List<RefinementEngine> engines,
                             ImageIngestor ingestor, Finisher finisher, QualityChecker checker,
                             PresetCatalog presets, Clock clock) {
        this.sessions = sessions;
        this.images = images;
        Map<String, RefinementEngine> byId = new HashMap<>();
        for (RefinementEngine e : engines) {
            byId.put(e.id(), e);
        }
        this.engines = Map.copyOf(byId);
        this.ingestor = ingestor;
        this.finisher = finisher;
        this.checker = checker;
        this.presets = presets;
        this.clock = clock;
        this.keptImages = new KeptImages(images);
    }

    public PresetCatalog presets() {
        return presets;
    }

    // ---------------------------------------------------------------- sessions

    /** Validates a request (presets, engines) and records a PENDING session; the work starts elsewhere. */
    public Session start(StartRequest req) {
        if (req.tenant() == null || req.tenant().isBlank()) {
            throw new InvalidInputException("No tenant", "sessions always belong to a tenant");
        }
        if (req.presets() == null || req.presets().isEmpty()) {
            throw new InvalidInputException("No preset given", "use one of: " + String.join(", ", presets.ids()));
        }
        List<Preset> targets = presets.resolve(String.join(",", req.presets()));
        String engineId = req.engine() == null ? "classic" : req.engine();
        engine(engineId);
        for (Preset p : targets) {
            if (p.requiresAi() && !engines.containsKey(p.engineFor(Stage.BACKGROUND, "openai"))) {
                throw new EngineUnavailableException(
                        "Preset '" + p.id() + "' needs the openai engine (" + p.name() + ": a generated scene)",
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

    public Session session(String tenant, String sessionId) {
        return sessions.find(tenant, sessionId)
                .orElseThrow(() -> new NotFoundException("No session " + sessionId));
    }

    public List<ImageVersion> versions(String tenant, String sessionId) {
        session(tenant, sessionId);
        return sessions.versions(tenant, sessionId);
    }

    /**
     * A stage starts work. A session that already ended is not reopened: the invocation is a late
     * duplicate (an attempt Step Functions gave up on and retried, finishing after the execution
     * moved on), and reopening it would leave the session RUNNING forever. A new round reopens a
     * session through {@link #beginRound}.
     */
    public Session markRunning(String tenant, String sessionId) {
        return change(tenant, sessionId, s -> {
            if (s.status().terminal()) {
                throw new InvalidInputException("Session " + sessionId + " already ended (" + s.status() + "); this stage invocation is a late duplicate",
                        "nothing was changed; ask for a refinement round to change the images");
            }
            return s.status() == SessionStatus.RUNNING ? s : s.withStatus(SessionStatus.RUNNING, null, clock.instant());
        });
    }

    public Session complete(String tenant, String sessionId) {
        return kept(change(tenant, sessionId, s -> s.withStatus(SessionStatus.COMPLETED, null, clock.instant())));
    }

    public Session needsReview(String tenant, String sessionId, String reason) {
        return kept(change(tenant, sessionId, s -> s.withStatus(SessionStatus.NEEDS_REVIEW, reason, clock.instant())));
    }

    /** What the seller may come back to leaves the intermediates' lifecycle rule ({@link KeptImages}). */
    private Session kept(Session s) {
        keptImages.keep(s, sessions.versions(s.tenant(), s.id()));
        return s;
    }

    public Session fail(String tenant, String sessionId, String reason) {
        return change(tenant, sessionId, s -> s.withStatus(SessionStatus.FAILED, reason, clock.instant()));
    }

    /** Opens a feedback round on the latest approved version; returns the stage the feedback is about. */
    public Session beginRound(String tenant, String sessionId) {
        return change(tenant, sessionId, s -> {
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
    public Session approve(String tenant, String sessionId, int number) {
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
        return kept(point(tenant, sessionId, v));
    }

    /** A seller goes back to a version: it becomes the head (or its preset's final); later versions stay recorded. */
    public Session revert(String tenant, String sessionId, int number) {
        ImageVersion v = version(tenant, sessionId, number);
        if (v.approval() == Approval.REJECTED) {
            throw new InvalidInputException("Version " + number + " failed its checks (" + v.note() + ") and cannot be built on",
                    v.stage() == Stage.FINALIZE ? "approve it if you accept it as it is" : "ask for a refinement instead");
        }
        return kept(point(tenant, sessionId, v));
    }

    private Session point(String tenant, String sessionId, ImageVersion v) {
        if (v.stage() == Stage.QUALITY_CHECK) {
            throw new InvalidInputException("Version " + v.number() + " is not an image", "choose an image version");
        }
        return change(tenant, sessionId, s -> {
            if (v.stage() == Stage.FINALIZE) {
                Map<String, Integer> finals = new HashMap<>(s.finals());
                finals.put(v.preset(), v.number());
                return s.withFinals(finals, clock.instant());
            }
            // the finals were rendered from the old head: none stands until the new head's are rendered (the API starts that round)
            return s.withHead(v.number(), clock.instant()).withFinals(Map.of(), clock.instant());
        });
    }

    public ImageVersion version(String tenant, String sessionId, int number) {
        return versions(tenant, sessionId).stream().filter(v -> v.number() == number).findFirst()
                .orElseThrow(() -> new NotFoundException("Session " + sessionId + " has no version " + number));
    }

    // ---------------------------------------------------------------- stages

    /** Base stage: ingest the upload (the original object is only read) or generate from the prompt. */
    public StageOutcome base(String tenant, String sessionId) {
        Session s = markRunning(tenant, sessionId);
        long t0 = System.nanoTime();
        BufferedImage image;
        Map<String, String> params = new LinkedHashMap<>();
        double cost = 0;
        String engineId;
        if (s.source().isUpload()) {
            // The upload version this session was started for, even when the key was written again since.
            byte[] bytes = images.get(s.source().key(), s.source().objectVersion());
            String name = s.source().key().substring(s.source().key().lastIndexOf('/') + 1);
            ImageIngestor.Ingested in = ingestor.ingest(bytes, name);
            image = in.image();
            params.putAll(in.params());
            params.put("source", s.source().key());
            engineId = "ingest";
        } else {
            RefinementEngine engine = engine(s.engine());
            EditResult r = engine.generate(new GenerateRequest(s.source().prompt(), s.presets(), facts(s), tenant));
            image = r.image();
            params.putAll(r.params());
            cost = r.costUsd();
            engineId = engine.id();
        }
        params.put("summary", s.source().isUpload() ? "the seller's photo" : "generated from the prompt");
        VersionSlot slot = new VersionSlot(s.round(), 0, Stage.BASE, null);
        ImageVersion v = record(s, slot, 0, engineId, image, params, Map.of(), t0, cost, Approval.APPROVED, null, "base");
        // Any other head was made by a later stage: a late duplicate of the base stage leaves it alone.
        change(tenant, sessionId, cur -> cur.head() == 0 || cur.head() == v.number() ? cur.withHead(v.number(), clock.instant()) : cur);
        return new StageOutcome(v, true);
    }

    /**
     * One editing stage. In the first pass and in repairs, the stage starts from the latest approved
     * version made before it in the head's lineage; in a feedback round's own edit it starts from the head.
     */
    public StageOutcome edit(String tenant, String sessionId, Stage stage, int iteration, String feedback,
                             Map<String, String> hints, boolean fromHead) {
        if (!Stage.EDIT_STAGES.contains(stage)) {
            throw new IllegalArgumentException(stage + " is not an editing stage");
        }
        Session s = markRunning(tenant, sessionId);
        List<ImageVersion> all = new ArrayList<>(sessions.versions(tenant, sessionId));
        VersionSlot slot = new VersionSlot(s.round(), iteration, stage, null);
        // A retried or redelivered invocation starts again from what its first attempt started from,
        // not from that attempt's own output (which may be the head by now).
        ImageVersion input = earlierParent(all, slot)
                .orElseGet(() -> fromHead ? byNumber(all, s.head()) : inputFor(all, s.head(), stage));
        ImageVersion base = baseOf(all, input);
        RefinementEngine engine = engine(s.engine());
        hints = withEarlierCorrections(all, slot, hints);
        // A feedback round's operations for this stage, one version each ("one major change per cycle"): each step
        // edits the previous step's output with its own hints; every version records the stage's merged hints, so a
        // repair of the stage later in the round keeps every step.
        List<Map<String, String>> steps = fromHead ? steps(hints) : List.of();
        if (steps.size() < 2) {
            return editStep(s, all, slot, input, base, engine, stage, feedback, hints, hints, fromHead);
        }
        StageOutcome last = null;
        ImageVersion current = input;
        for (int k = 0; k < steps.size(); k++) {
            VersionSlot stepSlot = slot.withStep(k);
            // a retried invocation redoes a step from what it started from; a rejected step's successor builds on the last kept one
            ImageVersion from = k == 0 ? input : earlierParent(all, stepSlot).orElse(current);
            last = editStep(s, all, stepSlot, from, base, engine, stage, feedback, hints, steps.get(k), true);
            if (last.approved()) {
                current = last.version();
            }
        }
        return last;
    }

    /** Hint of a feedback round's stage with several operations: how many ({@code steps}), each one's under {@code step<k>.}. */
    public static final String STEPS = dev.refinery.feedback.FeedbackPlan.STEPS;

    /** The operations of a feedback round's stage, each with its own hints (empty when the stage has one or none). */
    static List<Map<String, String>> steps(Map<String, String> hints) {
        int n;
        try {
            n = Integer.parseInt(hints.getOrDefault(STEPS, "0"));
        } catch (NumberFormatException e) {
            return List.of();
        }
        List<Map<String, String>> out = new ArrayList<>();
        for (int k = 1; k <= n; k++) {
            String prefix = "step" + k + ".";
            Map<String, String> own = new LinkedHashMap<>();
            hints.forEach((key, val) -> {
                if (key.startsWith(prefix)) {
                    own.put(key.substring(prefix.length()), val);
                }
            });
            out.add(own);
        }
        return out;
    }

    /**
     * One edit of {@code input} with {@code own} hints (a feedback operation's, or the stage's when it is one), recorded
     * in {@code slot} with the stage's merged {@code hints}; the measured effects are the operation's.
     */
    private StageOutcome editStep(Session s, List<ImageVersion> all, VersionSlot slot, ImageVersion input, ImageVersion base,
                                  RefinementEngine engine, Stage stage, String feedback, Map<String, String> hints,
                                  Map<String, String> own, boolean fromHead) {
        String tenant = s.tenant(), sessionId = s.id();
        EditRequest req = new EditRequest(load(input), original(all, input, base), s.presets(), feedback, own,
                keep(all, input), facts(s), tenant);
        long t0 = System.nanoTime();
        EditResult r = engine.edit(stage, req);
        Map<String, String> params = new LinkedHashMap<>(r.params());
        if (feedback != null) {
            params.put("feedback", feedback);
        }
        hints.forEach((k, val) -> {
            if (!k.equals(STEPS) && !k.matches("step\\d+\\..*")) {
                params.put("hint." + k, val);
            }
        });
        if (own != hints) {
            own.forEach((k, val) -> params.put("operation." + k, val));
        }
        if (r.summary() != null) {
            params.put("summary", r.summary());
        }
        if (fromHead && r.passed() && own.containsKey(EXPECT)) {
            params.putAll(requestedEffects(own.get(EXPECT), req.current(), r.image(), own));
        }
        Approval approval = r.passed() ? Approval.APPROVED : Approval.REJECTED;
        String note = r.passed() ? null : String.join("; ", r.problems());
        ImageVersion v = record(s, slot, input.number(), engine.id(), r.image(), params, r.metrics(), t0, r.costUsd(), approval, note, "intermediate");
        all.add(v);
        if (r.passed()) {
            // A late duplicate of an earlier stage must not move the head back under the stages after it.
            change(tenant, sessionId, cur -> advances(all, cur.head(), v) ? cur.withHead(v.number(), clock.instant()) : cur);
        } else if (stage == Stage.BACKGROUND) {
            // Without a cut-out nothing downstream can work: stop with the reason.
            if ("classic".equals(engine.id())) {
                throw new InvalidInputException("Could not separate the product from its background: " + note,
                        "photograph the product alone on a plain backdrop that contrasts with it");
            }
            throw new InvalidInputException("The " + engine.id() + " engine's background step failed its checks: " + note,
                    "start a new round, or refine this photo with the classic engine");
        }
        return new StageOutcome(v, r.passed());
    }

    /** Finalize: renders the head for every target preset (shared master, consistent renditions). */
    public List<StageOutcome> finalizeAll(String tenant, String sessionId, int iteration, Map<String, String> iterationHints) {
        Session s = markRunning(tenant, sessionId);
        List<ImageVersion> all = sessions.versions(tenant, sessionId);
        // A retried invocation renders the master its first attempt rendered, even if an edit moved the head since.
        ImageVersion head = s.presets().isEmpty() ? byNumber(all, s.head())
                : earlierParent(all, new VersionSlot(s.round(), iteration, Stage.FINALIZE, s.presets().get(0)))
                        .orElseGet(() -> byNumber(all, s.head()));
        BufferedImage master = load(head);
        String provenance = provenance(all, head);
        List<StageOutcome> out = new ArrayList<>();
        for (String presetId : s.presets()) {
            Preset preset = presets.get(presetId);
            long t0 = System.nanoTime();
            VersionSlot slot = new VersionSlot(s.round(), iteration, Stage.FINALIZE, presetId);
            Map<String, String> hints = new LinkedHashMap<>(framingOfEarlierRounds(all, slot));
            hints.putAll(withEarlierCorrections(all, slot, iterationHints));
            BufferedImage source = master;
            Map<String, String> params = new LinkedHashMap<>();
            double cost = 0;
            String engineId = "classic";
            if (preset.background().kind() == Preset.Backdrop.Kind.SCENE) {
                RefinementEngine sceneEngine = engines.get(preset.engineFor(Stage.BACKGROUND, "openai"));
                if (sceneEngine == null) {
                    throw new EngineUnavailableException("Preset '" + presetId + "' needs the openai engine for its scene",
                            "set OPENAI_API_KEY and run with ENGINE=openai");
                }
                Map<String, String> sceneHints = new HashMap<>(hints);
                sceneHints.put("scene", presetId);
                EditResult scene = sceneEngine.edit(Stage.FINALIZE, new EditRequest(master, load(baseOf(all, head)), List.of(presetId),
                        null, sceneHints, keep(all, head), facts(s), tenant));
                source = scene.image();
                params.putAll(scene.params());
                if (!scene.passed()) {
                    // Judged by the quality check, which sends it back here for another attempt, then to review.
                    params.put(SCENE_PROBLEMS, String.join("; ", scene.problems()));
                }
                cost = scene.costUsd();
                engineId = sceneEngine.id();
            }
            Map<String, String> finishHints = hints;
            // A generated base declares itself for everything made from it; otherwise the scene's or the lineage's declaration.
            ImageVersion base = baseOf(all, head);
            String declared = base.params().containsKey(PROVENANCE) ? base.params().get(PROVENANCE) : params.getOrDefault(PROVENANCE, provenance);
            if (declared != null) {
                finishHints = new HashMap<>(hints);
                finishHints.put(PROVENANCE, declared);
            }
            int sourceLongSide = photoLongSide(base);
            if (sourceLongSide > 0) {
                // the enlargement finalize reports is against the upload, also when ingest reduced it
                finishHints = new HashMap<>(finishHints);
                finishHints.put("sourceLongSide", String.valueOf(sourceLongSide));
            }
            Rendition r = finisher.render(source, preset, finishHints);
            params.putAll(r.params());
            hints.forEach((k, val) -> params.put("hint." + k, val));
            int n = sessions.reserveVersion(tenant, sessionId, slot);
            String key = SessionKeys.prefix(tenant, sessionId) + "v" + n + "-finalize-" + presetId + "." + preset.extension();
            String maskKey = SessionKeys.prefix(tenant, sessionId) + "v" + n + "-finalize-" + presetId + ".mask.png";
            images.put(maskKey, ImageCodec.png(r.productMask()), "image/png", Map.of("kind", "intermediate"));
            remember(maskKey, r.productMask());
            images.put(key, r.bytes(), preset.format().contentType(), Map.of("kind", "final"));
            ImageVersion v = new ImageVersion(tenant, sessionId, n, head.number(), slot, engineId, key,
                    preset.format().contentType(), maskKey, params, Map.of("bytes", (double) r.bytes().length),
                    millisSince(t0), cost, Approval.PENDING, null, clock.instant(), false);
            sessions.saveVersion(v);
            out.add(new StageOutcome(v, false));
        }
        return out;
    }

    /** Quality check of this iteration's renditions; approves the ones that pass. */
    public CheckOutcome check(String tenant, String sessionId, int iteration) {
        Session s = session(tenant, sessionId);
        List<ImageVersion> all = sessions.versions(tenant, sessionId);
        ImageVersion head = byNumber(all, s.head());
        BufferedImage reference = load(head);
        ImageVersion base = baseOf(all, head);
        ArgbPixels basePixels = base.stage() == Stage.BASE ? ArgbPixels.of(load(base)) : null;
        ArgbPixels masterPixels = ArgbPixels.of(reference);
        int photoLongSide = photoLongSide(base);
        LightingIntent lighting = declaredLighting(all, head);
        List<BodyColourShift> colourShifts = declaredColourShifts(all, head);
        Map<String, Double> background = lineage(all, head).stream().filter(v -> v.stage() == Stage.BACKGROUND)
                .findFirst().map(ImageVersion::metrics).orElse(Map.of());
        List<QualityReport> reports = new ArrayList<>();
        Map<String, Integer> finals = new HashMap<>(s.finals());
        Stage repair = null;
        Map<String, String> hints = new LinkedHashMap<>();
        List<String> feedback = new ArrayList<>();
        boolean unrepairable = false;
        Finding rejectedSteps = rejectedSteps(all, head, s.round());
        Finding recut = recutAgreement(all, head, s.round());
        Finding missedEffects = missedEffects(all, s.round());
        for (String presetId : s.presets()) {
            Preset preset = presets.get(presetId);
            ImageVersion rendition = all.stream()
                    .filter(v -> v.stage() == Stage.FINALIZE && presetId.equals(v.preset())
                            && v.slot().round() == s.round() && v.slot().iteration() == iteration)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("finalize has not rendered " + presetId + " in round " + s.round() + " iteration " + iteration));
            // Scenes too: the product in a scene is the master's own pixels (the engine's product lock), so its
            // colours and sharpness are judged against the master like any rendition's.
            BaseEvidence evidence = new BaseEvidence(basePixels, masterPixels, Placement.fromParams(rendition.params()), lighting, background,
                    photoLongSide > 0 ? photoLongSide : basePixels == null ? 0 : Math.max(basePixels.width(), basePixels.height()), colourShifts);
            QualityReport report = checker.check(preset, images.get(rendition.imageKey()),
                    decodedImage(rendition.maskKey()), reference, evidence);
            String sceneProblems = rendition.params().get(SCENE_PROBLEMS);
            if (sceneProblems != null) {
                List<Finding> findings = new ArrayList<>(report.findings());
                findings.add(new Finding("fidelity", false, Double.NaN, "the product unchanged in the scene",
                        "the generated scene altered the product (" + sceneProblems + ")", Stage.FINALIZE, Map.of()));
                report = new QualityReport(report.preset(), findings);
            }
            if (rejectedSteps != null || recut != null || missedEffects != null) {
                List<Finding> findings = new ArrayList<>(report.findings());
                for (Finding f : new Finding[] {rejectedSteps, recut, missedEffects}) {
                    if (f != null) {
                        findings.add(f);
                    }
                }
                report = new QualityReport(report.preset(), findings);
            }
            reports.add(report);
            Map<String, Double> metrics = new LinkedHashMap<>(rendition.metrics());
            report.metrics().forEach((k, val) -> metrics.put("check." + k, val));
            // The findings stay with the rendition they judge: reports read them instead of checking again.
            Map<String, String> params = new LinkedHashMap<>(rendition.params());
            params.putAll(StoredFindings.params(report));
            ImageVersion judged = rendition.withMetrics(metrics).withParams(params)
                    .withApproval(report.passed() ? Approval.APPROVED : Approval.REJECTED, report.passed() ? null : report.summary());
            sessions.saveVersion(judged);
            if (report.passed()) {
                finals.put(presetId, rendition.number());
            }
            for (Finding f : report.failures()) {
                feedback.add(f.message());
                if (f.repairStage() == null) {
                    unrepairable = true;
                } else if (repair == null || f.repairStage().ordinal() < repair.ordinal()) {
                    repair = f.repairStage();
                }
            }
        }
        for (QualityReport report : reports) {
            for (Finding f : report.failures()) {
                if (f.repairStage() != null && f.repairStage() == repair) {
                    hints.putAll(f.hints());
                } else if (f.repairStage() == Stage.FINALIZE) {
                    // finalize runs again after the earlier repair: its own corrections must reach it too
                    f.hints().forEach((k, v) -> hints.put(CheckOutcome.FINALIZE_PREFIX + k, v));
                }
            }
        }
        boolean passed = reports.stream().allMatch(QualityReport::passed);
        change(tenant, sessionId, cur -> cur.withFinals(finals, clock.instant()));
        if (passed || unrepairable) {
            repair = null;
            hints.clear();
        }
        return new CheckOutcome(passed, reports, repair, String.join("; ", feedback), hints);
    }

    // ---------------------------------------------------------------- helpers

    /**
     * When a repair cut the product out again, how far the new cut-out agrees with the one it replaced.
     * A repair that moves the outline a little fixed an edge; one that changes a tenth of the product or
     * more decided between two different readings of the photo (a loose cut that took a prop of the
     * product's colours in, a strict one that dropped a pale part), and the check, which passed or failed
     * each on its own, cannot tell which reading is the product. In the photo lab a loose repair that grew
     * the cut-out from 483 to 1014 px wide passed every other check (pl-004, IoU 0.74 against the truth).
     * Null when the round cut once, or the cuts agree.
     */
    Finding recutAgreement(List<ImageVersion> all, ImageVersion head, int round) {
        ImageVersion now = lineage(all, head).stream().filter(v -> v.stage() == Stage.BACKGROUND && v.slot().round() == round)
                .findFirst().orElse(null);
        if (now == null) {
            return null;
        }
        ImageVersion first = all.stream()
                .filter(v -> v.stage() == Stage.BACKGROUND && v.slot().round() == round && v.number() < now.number() && v.approval() == Approval.APPROVED)
                .min(Comparator.comparingInt(ImageVersion::number)).orElse(null);
        if (first == null) {
            return null;
        }
        BufferedImage a = load(first), b = load(now);
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            return null;
        }
        double iou = Masks.iou(Masks.alphaOf(a), Masks.alphaOf(b));
        String expected = ">= " + MIN_RECUT_AGREEMENT + " overlap between the first cut-out and the repaired one";
        return iou >= MIN_RECUT_AGREEMENT ? null : new Finding("cutout-recut", false, iou, expected, String.format(Locale.ROOT,
                "the repair cut the product out differently from the first attempt (they overlap by only %.0f%%): one of them took in or left out "
                        + "a part the photo cannot settle (a prop of the product's colours, a pale part, a shadow); review the cut-out against the photo, "
                        + "or photograph the product alone on a plain backdrop that contrasts with it", iou * 100), null, Map.of());
    }

    /** Overlap between a first cut-out and its repair below which the repair is a different reading of the photo. */
    static final double MIN_RECUT_AGREEMENT = 0.90;

    /**
     * This round's edit steps whose output was rejected (an AI step whose product drifted, after its
     * retry) and never redone in the head's lineage: the final lacks a change the round was meant to
     * make, so it must not end COMPLETED as if it had it. Null when there are none.
     */
    static Finding rejectedSteps(List<ImageVersion> all, ImageVersion head, int round) {
        List<ImageVersion> chain = lineage(all, head);
        List<String> skipped = new ArrayList<>();
        for (ImageVersion v : all) {
            if (v.slot().round() != round || !Stage.EDIT_STAGES.contains(v.stage()) || v.approval() != Approval.REJECTED) {
                continue;
            }
            // redone: the stage again later in the round's lineage — a repair (a later iteration, which applies every
            // request of the stage) or the same request; another request of the stage (a later step) is not
            boolean redone = chain.stream().anyMatch(c -> c.stage() == v.stage() && c.number() > v.number()
                    && (c.slot().iteration() > v.slot().iteration() || c.slot().step() == v.slot().step()));
            if (!redone) {
                skipped.add("the " + v.stage().id() + " step (version " + v.number() + ") was rejected: " + (v.note() == null ? "no reason recorded" : v.note()));
            }
        }
        if (skipped.isEmpty()) {
            return null;
        }
        return new Finding("steps-applied", false, skipped.size(), "every edit step of the round applied",
                String.join("; ", skipped) + "; this final is made without that step's change: approve it as it is, "
                        + "or ask for the change again in a new round", null, Map.of());
    }

    /** Hint of a feedback step: the measurable changes it asks for ({@link RequestedEffect} ids, comma-separated). */
    static final String EXPECT = dev.refinery.feedback.FeedbackPlan.EXPECT;
    /** Param of a feedback edit whose output lacks a change the seller asked for: what was measured, in words. */
    static final String EFFECT_MISSED = "effect.missed";

    /**
     * Measures each change a feedback step asked for on the step's input and output ({@link RequestedEffect}):
     * {@code effect.<id>} with the measurement, and {@link #EFFECT_MISSED} listing those not made.
     */
    static Map<String, String> requestedEffects(String expected, java.awt.image.BufferedImage before, java.awt.image.BufferedImage after) {
        return requestedEffects(expected, before, after, Map.of());
    }

    /** As above, with the step's own hints (what a colour step was asked to move toward). */
    static Map<String, String> requestedEffects(String expected, java.awt.image.BufferedImage before, java.awt.image.BufferedImage after,
                                                Map<String, String> own) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> missed = new ArrayList<>();
        ArgbPixels b = ArgbPixels.of(before), a = ArgbPixels.of(after);
        for (String id : expected.split(",")) {
            RequestedEffect.of(id.strip()).ifPresent(e -> {
                RequestedEffect.Measured m = e.measure(b, a, own);
                out.put("effect." + e.id(), m.words());
                if (!m.met()) {
                    missed.add(m.words());
                }
            });
        }
        if (!missed.isEmpty()) {
            out.put(EFFECT_MISSED, String.join("; ", missed));
        }
        return out;
    }

    /**
     * This round's feedback edits that did not make a change the seller asked for (an image model that ignored the
     * instruction): the final must not end COMPLETED as if it had. A repair of the same stage is not measured (it
     * answers the check, not the seller), so it does not clear the finding. Null when there are none.
     */
    static Finding missedEffects(List<ImageVersion> all, int round) {
        List<String> missed = new ArrayList<>();
        for (ImageVersion v : all) {
            String m = v.params().get(EFFECT_MISSED);
            if (v.slot().round() == round && m != null) {
                missed.add("the " + v.stage().id() + " step (version " + v.number() + "): " + m);
            }
        }
        if (missed.isEmpty()) {
            return null;
        }
        return new Finding("feedback-effect", false, missed.size(), "every change asked for in the round made, as measured",
                String.join("; ", missed) + "; the final lacks that change: ask for it again (more strongly worded), or use the classic engine, "
                        + "whose steps make it by construction", null, Map.of());
    }

    /** Param under which an engine declares an AI-made version's IPTC digital source type (passed on to the finisher). */
    public static final String PROVENANCE = "provenance";
    private static final String SCENE_PROBLEMS = "scene.problems";

    /**
     * The digital source type a rendition of {@code head} must declare: a generated base declares
     * itself for everything after it, otherwise any AI-declared step makes the image a composite.
     */
    static String provenance(List<ImageVersion> all, ImageVersion head) {
        String declared = null;
        for (ImageVersion cur = head; cur != null; cur = cur.parent() == 0 ? null : byNumber(all, cur.parent())) {
            String p = cur.params().get(PROVENANCE);
            if (p != null && (declared == null || cur.stage() == Stage.BASE)) {
                declared = p;
            }
        }
        return declared;
    }

    private ImageVersion record(Session s, VersionSlot slot, int parent, String engineId, BufferedImage image,
                                Map<String, String> params, Map<String, Double> metrics, long t0, double cost,
                                Approval approval, String note, String kind) {
        int n = sessions.reserveVersion(s.tenant(), s.id(), slot);
        String key = SessionKeys.prefix(s.tenant(), s.id()) + "v" + n + "-" + slot.stage().id() + ".png";
        images.put(key, ImageCodec.png(image), "image/png", Map.of("kind", kind));
        remember(key, image);
        ImageVersion v = new ImageVersion(s.tenant(), s.id(), n, parent, slot, engineId, key, "image/png", null,
                params, metrics, millisSince(t0), cost, approval, note, clock.instant(), false);
        sessions.saveVersion(v);
        return v;
    }

    /**
     * The corrections the loop applied to this stage (and preset) in an earlier iteration of the
     * round, recorded as its version's {@code hint.*} parameters, with this iteration's over them: a
     * fix once made stays made when the loop runs the stage again for another finding (finalize
     * re-run after a repair of detail keeps its framing; background re-run after lighting keeps
     * {@code segmentation=strict}). A new round (seller feedback) starts without them.
     */
    static Map<String, String> withEarlierCorrections(List<ImageVersion> all, VersionSlot slot, Map<String, String> hints) {
        Map<String, String> out = new LinkedHashMap<>();
        all.stream()
                .filter(v -> v.slot() != null && v.slot().round() == slot.round() && v.slot().stage() == slot.stage()
                        && java.util.Objects.equals(v.slot().preset(), slot.preset()) && v.slot().iteration() < slot.iteration())
                .max(Comparator.comparingInt(v -> v.slot().iteration()))
                .ifPresent(v -> v.params().forEach((k, val) -> {
                    if (k.startsWith("hint.")) {
                        out.put(k.substring("hint.".length()), val);
                    }
                }));
        out.putAll(hints);
        return out;
    }

    /** Framing a rendition keeps from round to round unless asked again: the seller's bigger or smaller, shadow off. */
    static final List<String> FRAMING_HINTS = List.of("fill", "shadow");

    /**
     * The framing ({@link #FRAMING_HINTS}) of this preset's last rendition in an earlier round: a "bigger" in round 1
     * survives a "warmer" in round 2 (make dialogues found round 2 back at the preset's default fill).
     */
    static Map<String, String> framingOfEarlierRounds(List<ImageVersion> all, VersionSlot slot) {
        Map<String, String> out = new LinkedHashMap<>();
        all.stream()
                .filter(v -> v.slot() != null && v.slot().stage() == Stage.FINALIZE && v.slot().round() < slot.round()
                        && java.util.Objects.equals(v.slot().preset(), slot.preset()))
                .max(Comparator.comparingInt((ImageVersion v) -> v.slot().round()).thenComparingInt(v -> v.slot().iteration()))
                .ifPresent(v -> FRAMING_HINTS.forEach(k -> {
                    String val = v.params().get("hint." + k);
                    if (val != null) {
                        out.put(k, val);
                    }
                }));
        return out;
    }

    /** The input of an earlier attempt at this slot, when one was recorded. */
    private static Optional<ImageVersion> earlierParent(List<ImageVersion> all, VersionSlot slot) {
        return all.stream().filter(v -> slot.equals(v.slot()) && v.parent() != 0).findFirst()
                .flatMap(v -> all.stream().filter(p -> p.number() == v.parent()).findFirst());
    }

    /**
     * Whether {@code candidate} may become the head: it already is, or it comes later in the
     * session (round, loop iteration, stage order) than the current head. A head made after
     * {@code known} was read is newer than anything this invocation wrote.
     */
    static boolean advances(List<ImageVersion> known, int currentHead, ImageVersion candidate) {
        if (currentHead == candidate.number() || currentHead == 0) {
            return true;
        }
        Optional<ImageVersion> head = known.stream().filter(v -> v.number() == currentHead).findFirst();
        if (head.isEmpty()) {
            return false;
        }
        Comparator<VersionSlot> order = Comparator.comparingInt(VersionSlot::round).thenComparingInt(VersionSlot::iteration)
                .thenComparingInt(slot -> slot.stage().ordinal()).thenComparingInt(VersionSlot::step);
        return order.compare(candidate.slot(), head.get().slot()) > 0;
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private synchronized void remember(String key, BufferedImage image) {
        decoded.put(key, image);
    }

    /**
     * The decoded image of a version, shared with the cache: engines and the finisher read their
     * input's pixels into arrays of their own and never draw on it.
     */
    public BufferedImage load(ImageVersion v) {
        if (v.imageExpired()) {
            throw new InvalidInputException("The image of version " + v.number() + " has expired (lifecycle rule)", "revert to a kept version");
        }
        return decodedImage(v.imageKey());
    }

    private BufferedImage decodedImage(String key) {
        BufferedImage cached;
        synchronized (this) {
            cached = decoded.get(key);
        }
        if (cached == null) {
            cached = ImageCodec.decode(images.get(key));
            remember(key, cached);
        }
        return cached;
    }

    /**
     * The feedback planner for a session's engine: the engine's own when this process has the engine and it plans
     * (openai: a language model), else the engine's words-only planner ({@link FreeTextPlanner#forEngine}; the
     * control functions hold no engine).
     */
    /**
     * What work on a session of {@code engineId} will cost before it starts: the engine's own calls, and the scene
     * presets' scenes where another engine makes them (a classic session's lifestyle scene is the openai engine's).
     */
    public dev.refinery.engine.CostEstimate estimate(String engineId, dev.refinery.engine.EstimateRequest request) {
        dev.refinery.engine.CostEstimate total = engine(engineId).estimate(request);
        java.util.Set<String> sceneEngines = new java.util.TreeSet<>();
        for (String presetId : request.presets()) {
            Preset p = presets.get(presetId);
            if (p.background().kind() == Preset.Backdrop.Kind.SCENE) {
                sceneEngines.add(p.engineFor(Stage.BACKGROUND, "openai"));
            }
        }
        for (String other : sceneEngines) {
            RefinementEngine e = engines.get(other);
            if (e != null && !other.equals(engineId)) {
                total = total.plus(e.estimate(request.scenes()));
            }
        }
        return total;
    }

    public FeedbackPlanner planner(String engineId) {
        RefinementEngine e = engines.get(engineId);
        FeedbackPlanner own = e == null ? null : e.planner();
        return own != null ? own : FreeTextPlanner.forEngine(engineId);
    }

    /**
     * Refuses a prompt-started session on an engine that cannot generate a base image, with the words its base stage
     * would fail with later (an unknown engine is refused as {@link #start} refuses it).
     */
    public void ensureGeneratesFromPrompt(String engineId) {
        RefinementEngine e = engine(engineId);
        if (!e.generatesFromPrompt()) {
            throw new EngineUnavailableException("The " + engineId + " engine cannot generate an image from a prompt",
                    "upload a photo, or run the session with the openai engine");
        }
    }

    private RefinementEngine engine(String id) {
        RefinementEngine e = engines.get(id);
        if (e == null) {
            throw new EngineUnavailableException("Engine '" + id + "' is not available",
                    "openai".equals(id) ? "set OPENAI_API_KEY (or configure the key's secret) to use the openai engine" : "use one of: " + String.join(", ", engines.keySet()));
        }
        return e;
    }

    private static ImageVersion byNumber(List<ImageVersion> all, int number) {
        return all.stream().filter(v -> v.number() == number).findFirst()
                .orElseThrow(() -> new IllegalStateException("version " + number + " is missing"));
    }

    /** The latest approved version before {@code stage} in the lineage of {@code head}. */
    static ImageVersion inputFor(List<ImageVersion> all, int head, Stage stage) {
        ImageVersion v = byNumber(all, head);
        while (v.stage().ordinal() >= stage.ordinal() && v.parent() != 0) {
            v = byNumber(all, v.parent());
        }
        return v;
    }

    /** The uploaded photo's long side, as ingest recorded it before any reduction (0 when unknown: then the check skips it). */
    private static int photoLongSide(ImageVersion base) {
        try {
            return Math.max(Integer.parseInt(base.params().getOrDefault("originalWidth", "0")),
                    Integer.parseInt(base.params().getOrDefault("originalHeight", "0")));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** {@code v} and its ancestors, newest first. */
    /** The versions from {@code v} back to the base, following parents. */
    public static List<ImageVersion> lineage(List<ImageVersion> all, ImageVersion v) {
        List<ImageVersion> out = new ArrayList<>();
        for (ImageVersion cur = v; cur != null; cur = cur.parent() == 0 ? null : byNumber(all, cur.parent())) {
            out.add(cur);
        }
        return out;
    }

    /**
     * What the lighting steps in the head's lineage declared they did to the photo, composed oldest
     * first; null when one of them declared nothing (the check then compares with the master instead).
     */
    /**
     * What the product must stay identical to in an edit of {@code input}: the base photo, with the product colour the
     * seller asked for in the input's lineage ({@link BodyColourShift}, applied as the detail stage applied it). An AI
     * step is checked against it (the openai engine's fidelity to the photo): against the bare photo, a later round's
     * edit of a product the seller made navy would be "colours drifted" and rejected.
     */
    private BufferedImage original(List<ImageVersion> all, ImageVersion input, ImageVersion base) {
        BufferedImage photo = load(base);
        List<BodyColourShift> shifts = declaredColourShifts(all, input);
        if (shifts.isEmpty()) {
            return photo;
        }
        int w = photo.getWidth(), h = photo.getHeight();
        int[] argb = ArgbPixels.of(photo).argb();
        for (BodyColourShift shift : shifts) {
            argb = shift.apply(argb, w);
        }
        BufferedImage out = new BufferedImage(w, h, photo.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, w, h, argb, 0, w);
        return out;
    }

    /** The product-colour shifts the head's lineage declared (detail versions of colour requests), oldest first. */
    static List<BodyColourShift> declaredColourShifts(List<ImageVersion> all, ImageVersion head) {
        List<BodyColourShift> oldestFirst = new ArrayList<>();
        for (ImageVersion v : lineage(all, head)) {
            BodyColourShift shift = BodyColourShift.fromParams(v.params());
            if (shift != null) {
                oldestFirst.add(0, shift);
            }
        }
        return oldestFirst;
    }

    static LightingIntent declaredLighting(List<ImageVersion> all, ImageVersion head) {
        List<Map<String, String>> oldestFirst = new ArrayList<>();
        for (ImageVersion v : lineage(all, head)) {
            if (v.stage() == Stage.LIGHTING) {
                oldestFirst.add(0, v.params());
            }
        }
        return LightingIntent.composed(oldestFirst);
    }

    private static ImageVersion baseOf(List<ImageVersion> all, ImageVersion v) {
        ImageVersion cur = v;
        while (cur.parent() != 0) {
            cur = byNumber(all, cur.parent());
        }
        return cur;
    }

    /** What earlier approved steps changed, oldest first, so a later step keeps it. */
    private static List<String> keep(List<ImageVersion> all, ImageVersion from) {
        List<String> out = new ArrayList<>();
        ImageVersion cur = from;
        while (cur != null) {
            String summary = cur.params().get("summary");
            if (summary != null && cur.stage() != Stage.BASE) {
                out.add(0, cur.stage().id() + ": " + summary);
            }
            cur = cur.parent() == 0 ? null : byNumber(all, cur.parent());
        }
        return out;
    }

    private static Map<String, String> facts(Session s) {
        Map<String, String> f = new LinkedHashMap<>(s.facts());
        f.putIfAbsent("category", s.category());
        if (s.sku() != null) {
            f.putIfAbsent("sku", s.sku());
        }
        return f;
    }

    /** Read-modify-write with optimistic locking; retried when another writer got there first. */
    private Session change(String tenant, String sessionId, UnaryOperator<Session> f) {
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
