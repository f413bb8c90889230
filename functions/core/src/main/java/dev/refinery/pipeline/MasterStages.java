package dev.refinery.pipeline;

import static dev.refinery.pipeline.Lineage.approvedChangesToKeep;
import static dev.refinery.pipeline.Lineage.baseOf;
import static dev.refinery.pipeline.Lineage.byNumber;
import static dev.refinery.pipeline.Lineage.declaredColourShifts;
import static dev.refinery.pipeline.Lineage.earlierAttemptInput;
import static dev.refinery.pipeline.Lineage.inputFor;
import static dev.refinery.pipeline.Lineage.mayBecomeHead;
import static dev.refinery.pipeline.Lineage.withEarlierCorrections;
import static dev.refinery.pipeline.RoundFindings.EXPECT;
import static dev.refinery.pipeline.RoundFindings.requestedEffects;

import dev.refinery.color.ArgbPixels;
import dev.refinery.color.BodyColourShift;
import dev.refinery.domain.Approval;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.InvalidInputException;
import dev.refinery.domain.Session;
import dev.refinery.domain.Stage;
import dev.refinery.domain.VersionSlot;
import dev.refinery.engine.EditRequest;
import dev.refinery.engine.EditResult;
import dev.refinery.engine.GenerateRequest;
import dev.refinery.engine.ImageIngestor;
import dev.refinery.engine.RefinementEngine;
import dev.refinery.ports.ImageStore;
import dev.refinery.ports.SessionStore;
import java.awt.image.BufferedImage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stages that make the master image, one version each: base (the seller's photo ingested, or an image
 * generated from the prompt), then the editing stages (background, lighting, detail), each on the version
 * before it, a feedback round's stage one version per operation it was asked for.
 */
final class MasterStages {
    private final SessionLifecycle lifecycle;
    private final SessionStore sessions;
    private final ImageStore images;
    private final ImageIngestor ingestor;
    private final EngineRegistry engines;
    private final DecodedImages decodedImages;
    private final VersionRecorder recorder;
    private final Clock clock;

    MasterStages(SessionLifecycle lifecycle, SessionStore sessions, ImageStore images, ImageIngestor ingestor, EngineRegistry engines,
                 DecodedImages decodedImages, VersionRecorder recorder, Clock clock) {
        this.lifecycle = lifecycle;
        this.sessions = sessions;
        this.images = images;
        this.ingestor = ingestor;
        this.engines = engines;
        this.decodedImages = decodedImages;
        this.recorder = recorder;
        this.clock = clock;
    }

    /** Base stage: ingest the upload (the original object is only read) or generate from the prompt. */
    StageOutcome base(String tenant, String sessionId) {
        Session s = lifecycle.markRunning(tenant, sessionId);
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
            RefinementEngine engine = engines.require(s.engine());
            EditResult r = engine.generate(new GenerateRequest(s.source().prompt(), s.presets(), productFacts(s), tenant));
            image = r.image();
            params.putAll(r.params());
            cost = r.costUsd();
            engineId = engine.id();
        }
        params.put("summary", s.source().isUpload() ? "the seller's photo" : "generated from the prompt");
        VersionSlot slot = new VersionSlot(s.round(), 0, Stage.BASE, null);
        ImageVersion v = recorder.record(s, slot, 0, engineId, image, params, Map.of(), t0, cost, Approval.APPROVED, null, "base");
        // Any other head was made by a later stage: a late duplicate of the base stage leaves it alone.
        lifecycle.updateWithRetry(tenant, sessionId, cur -> cur.head() == 0 || cur.head() == v.number() ? cur.withHead(v.number(), clock.instant()) : cur);
        return new StageOutcome(v, true);
    }

    /**
     * One editing stage. In the first pass and in repairs, the stage starts from the latest approved
     * version made before it in the head's lineage; in a feedback round's own edit it starts from the head.
     */
    StageOutcome edit(String tenant, String sessionId, Stage stage, int iteration, String feedback,
                      Map<String, String> hints, boolean fromHead) {
        if (!Stage.EDIT_STAGES.contains(stage)) {
            throw new IllegalArgumentException(stage + " is not an editing stage");
        }
        Session s = lifecycle.markRunning(tenant, sessionId);
        List<ImageVersion> all = new ArrayList<>(sessions.versions(tenant, sessionId));
        VersionSlot slot = new VersionSlot(s.round(), iteration, stage, null);
        // A retried or redelivered invocation starts again from what its first attempt started from,
        // not from that attempt's own output (which may be the head by now).
        ImageVersion input = earlierAttemptInput(all, slot)
                .orElseGet(() -> fromHead ? byNumber(all, s.head()) : inputFor(all, s.head(), stage));
        ImageVersion base = baseOf(all, input);
        RefinementEngine engine = engines.require(s.engine());
        hints = withEarlierCorrections(all, slot, hints);
        // A feedback round's operations for this stage, one version each ("one major change per cycle"): each step
        // edits the previous step's output with its own hints; every version records the stage's merged hints, so a
        // repair of the stage later in the round keeps every step.
        List<Map<String, String>> steps = fromHead ? feedbackSteps(hints) : List.of();
        if (steps.size() < 2) {
            return editStep(s, all, slot, input, base, engine, stage, feedback, hints, hints, fromHead);
        }
        StageOutcome last = null;
        ImageVersion current = input;
        for (int k = 0; k < steps.size(); k++) {
            VersionSlot stepSlot = slot.withStep(k);
            // a retried invocation redoes a step from what it started from; a rejected step's successor builds on the last kept one
            ImageVersion from = k == 0 ? input : earlierAttemptInput(all, stepSlot).orElse(current);
            last = editStep(s, all, stepSlot, from, base, engine, stage, feedback, hints, steps.get(k), true);
            if (last.approved()) {
                current = last.version();
            }
        }
        return last;
    }

    /** Hint of a feedback round's stage with several operations: how many ({@code steps}), each one's under {@code step<k>.}. */
    static final String STEPS = dev.refinery.feedback.FeedbackPlan.STEPS;

    /** The operations of a feedback round's stage, each with its own hints (empty when the stage has one or none). */
    static List<Map<String, String>> feedbackSteps(Map<String, String> hints) {
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
        EditRequest req = new EditRequest(decodedImages.load(input), photoInAskedColours(all, input, base), s.presets(), feedback, own,
                approvedChangesToKeep(all, input), productFacts(s), tenant);
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
        ImageVersion v = recorder.record(s, slot, input.number(), engine.id(), r.image(), params, r.metrics(), t0, r.costUsd(), approval, note, "intermediate");
        all.add(v);
        if (r.passed()) {
            // A late duplicate of an earlier stage must not move the head back under the stages after it.
            lifecycle.updateWithRetry(tenant, sessionId, cur -> mayBecomeHead(all, cur.head(), v) ? cur.withHead(v.number(), clock.instant()) : cur);
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

    /**
     * What the product must stay identical to in an edit of {@code input}: the base photo, with the product colour the
     * seller asked for in the input's lineage ({@link BodyColourShift}, applied as the detail stage applied it). An AI
     * step is checked against it (the openai engine's fidelity to the photo): against the bare photo, a later round's
     * edit of a product the seller made navy would be "colours drifted" and rejected.
     */
    private BufferedImage photoInAskedColours(List<ImageVersion> all, ImageVersion input, ImageVersion base) {
        BufferedImage photo = decodedImages.load(base);
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

    /** What an engine is told about the product: the session's facts, with its category and SKU unless the facts name them. */
    static Map<String, String> productFacts(Session s) {
        Map<String, String> f = new LinkedHashMap<>(s.facts());
        f.putIfAbsent("category", s.category());
        if (s.sku() != null) {
            f.putIfAbsent("sku", s.sku());
        }
        return f;
    }
}
