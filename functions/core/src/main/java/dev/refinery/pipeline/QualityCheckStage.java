package dev.refinery.pipeline;

import static dev.refinery.pipeline.FinalizeStage.SCENE_PROBLEMS;
import static dev.refinery.pipeline.Lineage.baseOf;
import static dev.refinery.pipeline.Lineage.byNumber;
import static dev.refinery.pipeline.Lineage.declaredColourShifts;
import static dev.refinery.pipeline.Lineage.declaredLighting;
import static dev.refinery.pipeline.Lineage.lineage;
import static dev.refinery.pipeline.Lineage.photoLongSide;
import static dev.refinery.pipeline.RoundFindings.missedEffects;
import static dev.refinery.pipeline.RoundFindings.recutAgreement;
import static dev.refinery.pipeline.RoundFindings.rejectedSteps;

import dev.refinery.color.ArgbPixels;
import dev.refinery.color.BodyColourShift;
import dev.refinery.domain.Approval;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.Preset;
import dev.refinery.domain.PresetCatalog;
import dev.refinery.domain.Session;
import dev.refinery.domain.Stage;
import dev.refinery.ports.ImageStore;
import dev.refinery.ports.SessionStore;
import dev.refinery.quality.BaseEvidence;
import dev.refinery.quality.Finding;
import dev.refinery.quality.LightingIntent;
import dev.refinery.quality.Placement;
import dev.refinery.quality.QualityChecker;
import dev.refinery.quality.QualityReport;
import dev.refinery.quality.StoredFindings;
import java.awt.image.BufferedImage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The quality-check stage: judges each preset's rendition of this iteration against the master and the photo,
 * adds the round's own findings ({@link RoundFindings}), records the verdicts with the renditions, and tells
 * the fix-up loop which stage can repair what failed.
 */
final class QualityCheckStage {
    /** The product's mean L*, a*, b* in the master a rendition was made from (every rendition of a round shares it). */
    static final String LOOK_L = ImageVersion.LOOK_L, LOOK_A = ImageVersion.LOOK_A, LOOK_B = ImageVersion.LOOK_B;
    private final SessionLifecycle lifecycle;
    private final SessionStore sessions;
    private final ImageStore images;
    private final PresetCatalog presets;
    private final QualityChecker checker;
    private final DecodedImages decodedImages;
    private final Clock clock;

    QualityCheckStage(SessionLifecycle lifecycle, SessionStore sessions, ImageStore images, PresetCatalog presets,
                      QualityChecker checker, DecodedImages decodedImages, Clock clock) {
        this.lifecycle = lifecycle;
        this.sessions = sessions;
        this.images = images;
        this.presets = presets;
        this.checker = checker;
        this.decodedImages = decodedImages;
        this.clock = clock;
    }

    /** Quality check of this iteration's renditions; approves the ones that pass. */
    CheckOutcome check(String tenant, String sessionId, int iteration) {
        Session s = lifecycle.session(tenant, sessionId);
        List<ImageVersion> all = sessions.versions(tenant, sessionId);
        ImageVersion head = byNumber(all, s.head());
        BufferedImage reference = decodedImages.load(head);
        ImageVersion base = baseOf(all, head);
        ArgbPixels basePixels = base.stage() == Stage.BASE ? ArgbPixels.of(decodedImages.load(base)) : null;
        ArgbPixels masterPixels = ArgbPixels.of(reference);
        // the product's look, recorded with each rendition: what a SKU's set of images is compared by (SetFigures)
        double[] look = dev.refinery.color.ProductLook.meanLab(masterPixels);
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
        Finding recut = recutAgreement(all, head, s.round(), decodedImages);
        Finding missedEffects = missedEffects(all, s.round());
        for (String presetId : s.presets()) {
            Preset preset = presets.get(s.tenant(), presetId, s.facts());
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
                    decodedImages.byKey(rendition.maskKey()), reference, evidence);
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
            if (look != null) {
                metrics.put(LOOK_L, look[0]);
                metrics.put(LOOK_A, look[1]);
                metrics.put(LOOK_B, look[2]);
            }
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
        lifecycle.updateWithRetry(tenant, sessionId, cur -> cur.withFinals(finals, clock.instant()));
        if (passed || unrepairable) {
            repair = null;
            hints.clear();
        }
        return new CheckOutcome(passed, reports, repair, String.join("; ", feedback), hints);
    }
}
