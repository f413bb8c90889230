package dev.refinery.pipeline;

import static dev.refinery.pipeline.Lineage.PROVENANCE;
import static dev.refinery.pipeline.Lineage.approvedChangesToKeep;
import static dev.refinery.pipeline.Lineage.baseOf;
import static dev.refinery.pipeline.Lineage.byNumber;
import static dev.refinery.pipeline.Lineage.earlierAttemptInput;
import static dev.refinery.pipeline.Lineage.framingOfEarlierRounds;
import static dev.refinery.pipeline.Lineage.photoLongSide;
import static dev.refinery.pipeline.Lineage.provenance;
import static dev.refinery.pipeline.Lineage.withEarlierCorrections;
import static dev.refinery.pipeline.MasterStages.productFacts;

import dev.refinery.domain.EngineUnavailableException;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.Preset;
import dev.refinery.domain.PresetCatalog;
import dev.refinery.domain.Session;
import dev.refinery.domain.Stage;
import dev.refinery.domain.VersionSlot;
import dev.refinery.engine.EditRequest;
import dev.refinery.engine.EditResult;
import dev.refinery.engine.Finisher;
import dev.refinery.engine.RefinementEngine;
import dev.refinery.engine.Rendition;
import dev.refinery.ports.SessionStore;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The finalize stage: the master rendered for each of the session's presets, a scene generated where a preset asks for one. */
final class FinalizeStage {
    /** Param of a rendition whose generated scene failed the engine's own checks: the problems, for the quality check to judge. */
    static final String SCENE_PROBLEMS = "scene.problems";

    private final SessionLifecycle lifecycle;
    private final SessionStore sessions;
    private final PresetCatalog presets;
    private final EngineRegistry engines;
    private final Finisher finisher;
    private final DecodedImages decodedImages;
    private final VersionRecorder recorder;

    FinalizeStage(SessionLifecycle lifecycle, SessionStore sessions, PresetCatalog presets, EngineRegistry engines, Finisher finisher,
                  DecodedImages decodedImages, VersionRecorder recorder) {
        this.lifecycle = lifecycle;
        this.sessions = sessions;
        this.presets = presets;
        this.engines = engines;
        this.finisher = finisher;
        this.decodedImages = decodedImages;
        this.recorder = recorder;
    }

    /** Finalize: renders the head for every target preset (shared master, consistent renditions). */
    List<StageOutcome> finalizeAll(String tenant, String sessionId, int iteration, Map<String, String> iterationHints) {
        Session s = lifecycle.markRunning(tenant, sessionId);
        List<ImageVersion> all = sessions.versions(tenant, sessionId);
        // A retried invocation renders the master its first attempt rendered, even if an edit moved the head since.
        ImageVersion head = s.presets().isEmpty() ? byNumber(all, s.head())
                : earlierAttemptInput(all, new VersionSlot(s.round(), iteration, Stage.FINALIZE, s.presets().get(0)))
                        .orElseGet(() -> byNumber(all, s.head()));
        BufferedImage master = decodedImages.load(head);
        String provenance = provenance(all, head);
        List<StageOutcome> out = new ArrayList<>();
        for (String presetId : s.presets()) {
            Preset preset = presets.get(s.tenant(), presetId, s.facts());
            long t0 = System.nanoTime();
            VersionSlot slot = new VersionSlot(s.round(), iteration, Stage.FINALIZE, presetId);
            Map<String, String> hints = new LinkedHashMap<>(framingOfEarlierRounds(all, slot));
            hints.putAll(withEarlierCorrections(all, slot, iterationHints));
            BufferedImage source = master;
            Map<String, String> params = new LinkedHashMap<>();
            double cost = 0;
            String engineId = "classic";
            if (preset.background().kind() == Preset.Backdrop.Kind.SCENE) {
                RefinementEngine sceneEngine = engines.find(preset.engineFor(Stage.BACKGROUND, "openai"));
                if (sceneEngine == null) {
                    throw new EngineUnavailableException("Preset '" + presetId + "' needs the openai engine for its scene",
                            "set OPENAI_API_KEY and run with ENGINE=openai");
                }
                Map<String, String> sceneHints = new HashMap<>(hints);
                sceneHints.put("scene", presetId);
                EditResult scene = sceneEngine.edit(Stage.FINALIZE, new EditRequest(master, decodedImages.load(baseOf(all, head)), List.of(presetId),
                        null, sceneHints, approvedChangesToKeep(all, head), productFacts(s), tenant));
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
            ImageVersion v = recorder.recordRendition(tenant, sessionId, slot, head.number(), engineId, preset, r, params, t0, cost);
            out.add(new StageOutcome(v, false));
        }
        return out;
    }
}
