package dev.refinery.pipeline;

import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.PresetCatalog;
import dev.refinery.domain.Session;
import dev.refinery.domain.Stage;
import dev.refinery.engine.CostEstimate;
import dev.refinery.engine.EstimateRequest;
import dev.refinery.engine.Finisher;
import dev.refinery.engine.ImageIngestor;
import dev.refinery.engine.RefinementEngine;
import dev.refinery.feedback.FeedbackPlanner;
import dev.refinery.ports.ImageStore;
import dev.refinery.ports.SessionStore;
import dev.refinery.quality.QualityChecker;
import java.awt.image.BufferedImage;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The refinement pipeline as plain Java: one method per stage, each reading the latest approved
 * version from the stores, recording its output as a new version and moving the session on.
 * A stage Lambda calls one method; the state machine (refinery.asl.json) calls them in order, in AWS and in-process alike.
 *
 * <p>This class only wires and delegates, so its callers keep one entry point:
 * <ul>
 * <li>{@link SessionLifecycle}: a session's status, feedback rounds, the seller's approvals and reverts;
 * <li>{@link MasterStages}: base and the editing stages; {@link FinalizeStage}; {@link QualityCheckStage}
 *     with the round's own findings ({@link RoundFindings});
 * <li>{@link Lineage}: queries over a session's versions; {@link VersionRecorder}: writing a version and its images;
 *     {@link DecodedImages}: the decoded-image cache; {@link EngineRegistry}: the engines by id.
 * </ul>
 */
public final class RefinementService {
    /** The note of a version the seller approved (an output that passed its checks is approved with no note: auto-approved). */
    public static final String SELLER_APPROVED = SessionLifecycle.SELLER_APPROVED;
    /** Hint of a feedback round's stage with several operations: how many ({@code steps}), each one's under {@code step<k>.}. */
    public static final String STEPS = MasterStages.STEPS;
    /** Param under which an engine declares an AI-made version's IPTC digital source type (passed on to the finisher). */
    public static final String PROVENANCE = Lineage.PROVENANCE;

    private final PresetCatalog presets;
    private final EngineRegistry engines;
    private final DecodedImages decodedImages;
    private final SessionLifecycle lifecycle;
    private final MasterStages masterStages;
    private final FinalizeStage finalizeStage;
    private final QualityCheckStage checkStage;

    public RefinementService(SessionStore sessions, ImageStore images, List<RefinementEngine> engines,
                             ImageIngestor ingestor, Finisher finisher, QualityChecker checker,
                             PresetCatalog presets, Clock clock) {
        this.presets = presets;
        // every engine reads the presets this service does: a tenant's brand-site (its kit) included
        this.engines = new EngineRegistry(engines.stream().map(e -> e.withPresets(presets)).toList(), presets);
        this.decodedImages = new DecodedImages(images);
        this.lifecycle = new SessionLifecycle(sessions, this.engines, presets, clock, new KeptImages(images));
        VersionRecorder recorder = new VersionRecorder(sessions, images, decodedImages, clock);
        this.masterStages = new MasterStages(lifecycle, sessions, images, ingestor, this.engines, decodedImages, recorder, clock);
        this.finalizeStage = new FinalizeStage(lifecycle, sessions, presets, this.engines, finisher, decodedImages, recorder);
        this.checkStage = new QualityCheckStage(lifecycle, sessions, images, presets, checker, decodedImages, clock);
    }

    public PresetCatalog presets() {
        return presets;
    }

    // ---------------------------------------------------------------- sessions

    /** Validates a request (presets, engines) and records a PENDING session; the work starts elsewhere. */
    public Session start(StartRequest req) {
        return lifecycle.start(req);
    }

    public Session session(String tenant, String sessionId) {
        return lifecycle.session(tenant, sessionId);
    }

    public List<ImageVersion> versions(String tenant, String sessionId) {
        return lifecycle.versions(tenant, sessionId);
    }

    public ImageVersion version(String tenant, String sessionId, int number) {
        return lifecycle.version(tenant, sessionId, number);
    }

    /** A stage starts work; a session that already ended is not reopened ({@link SessionLifecycle#markRunning}). */
    public Session markRunning(String tenant, String sessionId) {
        return lifecycle.markRunning(tenant, sessionId);
    }

    public Session complete(String tenant, String sessionId) {
        return lifecycle.complete(tenant, sessionId);
    }

    public Session needsReview(String tenant, String sessionId, String reason) {
        return lifecycle.needsReview(tenant, sessionId, reason);
    }

    public Session fail(String tenant, String sessionId, String reason) {
        return lifecycle.fail(tenant, sessionId, reason);
    }

    /** Opens a feedback round on the latest approved version; returns the stage the feedback is about. */
    public Session beginRound(String tenant, String sessionId) {
        return lifecycle.beginRound(tenant, sessionId);
    }

    /** A seller approves a version: a master version becomes the head, a rendition becomes its preset's final. */
    public Session approve(String tenant, String sessionId, int number) {
        return lifecycle.approve(tenant, sessionId, number);
    }

    /** A seller goes back to a version: it becomes the head (or its preset's final); later versions stay recorded. */
    public Session revert(String tenant, String sessionId, int number) {
        return lifecycle.revert(tenant, sessionId, number);
    }

    // ---------------------------------------------------------------- stages

    /** Base stage: ingest the upload (the original object is only read) or generate from the prompt. */
    public StageOutcome base(String tenant, String sessionId) {
        return masterStages.base(tenant, sessionId);
    }

    /**
     * One editing stage. In the first pass and in repairs, the stage starts from the latest approved
     * version made before it in the head's lineage; in a feedback round's own edit it starts from the head.
     */
    public StageOutcome edit(String tenant, String sessionId, Stage stage, int iteration, String feedback,
                             Map<String, String> hints, boolean fromHead) {
        return masterStages.edit(tenant, sessionId, stage, iteration, feedback, hints, fromHead);
    }

    /** Finalize: renders the head for every target preset (shared master, consistent renditions). */
    public List<StageOutcome> finalizeAll(String tenant, String sessionId, int iteration, Map<String, String> iterationHints) {
        return finalizeStage.finalizeAll(tenant, sessionId, iteration, iterationHints);
    }

    /** Quality check of this iteration's renditions; approves the ones that pass. */
    public CheckOutcome check(String tenant, String sessionId, int iteration) {
        return checkStage.check(tenant, sessionId, iteration);
    }

    // ---------------------------------------------------------------- images, engines, lineage

    /** The decoded image of a version ({@link DecodedImages#load}); callers must not draw on it. */
    public BufferedImage load(ImageVersion v) {
        return decodedImages.load(v);
    }

    /** What work on a session of {@code engineId} will cost before it starts ({@link EngineRegistry#estimate}). */
    public CostEstimate estimate(String engineId, EstimateRequest request) {
        return engines.estimate(engineId, request);
    }

    /** The feedback planner for a session's engine ({@link EngineRegistry#planner}). */
    public FeedbackPlanner planner(String engineId) {
        return engines.planner(engineId);
    }

    /** Refuses a prompt-started session on an engine that cannot generate a base image ({@link EngineRegistry#ensureGeneratesFromPrompt}). */
    public void ensureGeneratesFromPrompt(String engineId) {
        engines.ensureGeneratesFromPrompt(engineId);
    }

    /** The versions from {@code v} back to the base, following parents: {@code v} and its ancestors, newest first. */
    public static List<ImageVersion> lineage(List<ImageVersion> all, ImageVersion v) {
        return Lineage.lineage(all, v);
    }
}
