package dev.refinery.cli.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.refinery.aws.Engines;
import dev.refinery.color.Masks;
import dev.refinery.domain.Approval;
import dev.refinery.domain.ImageFormat;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.Session;
import dev.refinery.domain.SessionStatus;
import dev.refinery.domain.Source;
import dev.refinery.domain.Stage;
import dev.refinery.domain.TransientRefineryException;
import dev.refinery.engine.EditRequest;
import dev.refinery.engine.EditResult;
import dev.refinery.engine.Finisher;
import dev.refinery.engine.ImageCodec;
import dev.refinery.engine.ImageIngestor;
import dev.refinery.engine.RefinementEngine;
import dev.refinery.engine.Rendition;
import dev.refinery.pipeline.RefinementService;
import dev.refinery.pipeline.StartRequest;
import dev.refinery.quality.StoredFindings;
import dev.refinery.workflow.RefineryStateMachine.LambdaFunction;
import dev.refinery.workflow.runner.Execution;
import dev.refinery.workflow.runner.ExecutionStatus;
import dev.refinery.workflow.runner.ManualClock;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The quality check's fix-up loop as the state machine runs it: the repo's refinery.asl.json on the
 * in-process runner with the contract's stage handlers over memory stores, an engine and a finisher
 * scripted to fail the check in known ways. Time is a ManualClock: the definition's retry backoff
 * is recorded, never slept.
 */
class FixupLoopOnStateMachineTest {
    private static final String TENANT = "tenant-a";
    private static final String UPLOAD = "uploads/tenant-a/sku-1/photo.png";

    private ThresholdEngine engine;
    private ScriptedFinisher finisher;
    private ManualClock time;
    private InProcessWorkflow workflow;
    private RefinementService service;

    @BeforeEach
    void setUp() {
        engine = new ThresholdEngine();
        finisher = new ScriptedFinisher();
        time = new ManualClock();
        ImageIngestor ingestor = (bytes, name) -> new ImageIngestor.Ingested(ImageCodec.decode(bytes), Map.of("format", "png"));
        workflow = new InProcessWorkflow(new Engines(List.of(engine), ingestor, finisher), time, time);
        service = workflow.wiring().service();
        workflow.images().put(UPLOAD, ImageCodec.png(photo()), "image/png", Map.of());
    }

    private Session start(String... presets) {
        return service.start(new StartRequest(TENANT, null, "sku-1", Source.upload("bucket", UPLOAD, "v1"), List.of(presets), "classic", null, null));
    }

    private Session session(Session s) {
        return service.session(TENANT, s.id());
    }

    private List<ImageVersion> finals(Session s) {
        return service.versions(TENANT, s.id()).stream().filter(v -> v.stage() == Stage.FINALIZE).toList();
    }

    @Test
    void firstPassEntersTheDefinitionsStatesAndCompletes() {
        Session s = start("amazon-main", "walmart");
        Execution ex = workflow.firstPass(TENANT, s.id());

        assertThat(ex.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(ex.statesEntered()).containsExactly("Mode", "StartFirstPass", "Base", "Lighting", "Background", "Detail",
                "Finalize", "QualityCheck", "CheckVerdict", "MarkCompleted", "Publish");
        assertThat(session(s).status()).isEqualTo(SessionStatus.COMPLETED);
        List<ImageVersion> versions = service.versions(TENANT, s.id());
        assertThat(versions).extracting(ImageVersion::fileName).containsExactly(
                "v1-base.png", "v2-lighting.png", "v3-background.png", "v4-detail.png",
                "v5-finalize-amazon-main.jpg", "v6-finalize-walmart.jpg");
        assertThat(versions).extracting(ImageVersion::parent).containsExactly(0, 1, 2, 3, 4, 4);
        assertThat(session(s).finals()).containsEntry("amazon-main", 5).containsEntry("walmart", 6);
        // The check's findings stay on the rendition they judge.
        assertThat(StoredFindings.read(versions.get(4))).hasValueSatisfying(r -> {
            assertThat(r.passed()).isTrue();
            assertThat(r.findings()).extracting(f -> f.check()).contains("fill", "purity", "colour");
        });
        assertThat(time.sleeps()).as("nothing retried, nothing waited").isEmpty();
    }

    @Test
    void fillFailureIsRepairedByTheFixUpLoop() {
        finisher.initialFill = 0.6;
        Session s = start("amazon-main");
        Execution ex = workflow.firstPass(TENANT, s.id());

        assertThat(session(s).status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(ex.statesEntered()).containsSubsequence("Finalize", "QualityCheck", "CheckVerdict", "ResetGuidance", "PrepareFixup",
                "RepairRoute", "Finalize", "QualityCheck", "CheckVerdict", "MarkCompleted", "Publish");
        assertThat(finals(s)).extracting(ImageVersion::approval).containsExactly(Approval.REJECTED, Approval.APPROVED);
        assertThat(finals(s).get(0).note()).contains("fills 0.60");
        assertThat(finals(s).get(1).params()).containsEntry("hint.fill", "0.870");
        assertThat(StoredFindings.read(finals(s).get(0))).hasValueSatisfying(r -> assertThat(r.passed()).isFalse());
    }

    @Test
    void framingHintsReachFinalizeWhenAnEarlierStageIsRepaired() {
        // The first rendition fails twice: stray backdrop (background repairs it) and a 0.60 fill (finalize does).
        finisher.initialFill = 0.6;
        finisher.strayBlockOnRender = 0;
        Session s = start("amazon-main");
        Execution ex = workflow.firstPass(TENANT, s.id());

        assertThat(ex.statesEntered()).containsSubsequence("Finalize", "QualityCheck", "RepairRoute", "Background", "Detail",
                "Finalize", "QualityCheck", "MarkCompleted", "Publish");
        assertThat(ex.statesEntered().stream().filter("QualityCheck"::equals).count()).as("one fix-up repairs both").isEqualTo(2);
        assertThat(session(s).status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(finals(s).get(0).note()).contains("fills 0.60").contains("background");
        assertThat(finals(s).get(1).params()).containsEntry("hint.fill", "0.870");
        ImageVersion repairedBackground = service.versions(TENANT, s.id()).stream()
                .filter(v -> v.stage() == Stage.BACKGROUND && v.slot().iteration() == 1).findFirst().orElseThrow();
        assertThat(repairedBackground.params()).containsEntry("hint.segmentation", "strict").doesNotContainKey("hint.finalize.fill");
    }

    @Test
    void aCorrectionOnceMadeStaysMadeInLaterIterations() {
        // iteration 0: fill 0.60 (finalize repairs it); iteration 1: framed right, but stray backdrop
        // (background repairs it); iteration 2 re-runs finalize after background and must keep the framing.
        finisher.initialFill = 0.6;
        finisher.strayBlockOnRender = 1;
        Session s = start("amazon-main");
        Execution ex = workflow.firstPass(TENANT, s.id());

        assertThat(ex.statesEntered()).containsSubsequence("Finalize", "QualityCheck", "Finalize", "QualityCheck",
                "Background", "Detail", "Finalize", "QualityCheck", "Publish");
        assertThat(session(s).status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(finals(s)).hasSize(3);
        assertThat(finals(s).get(2).params()).as("carried from iteration 1").containsEntry("hint.fill", "0.870");
    }

    @Test
    void loopIsBoundedByTheDefinitionAndEndsInNeedsReview() {
        finisher.initialFill = 0.6;
        finisher.ignoreHints = true;
        Session s = start("amazon-main");
        Execution ex = workflow.firstPass(TENANT, s.id());

        assertThat(session(s).status()).isEqualTo(SessionStatus.NEEDS_REVIEW);
        assertThat(session(s).reason()).contains("fills 0.60");
        assertThat(ex.statesEntered().stream().filter("QualityCheck"::equals).count()).as("MAX_FIXUPS = 2").isEqualTo(3);
        assertThat(ex.statesEntered()).endsWith("CheckVerdict", "MarkNeedsReview", "Publish");
    }

    @Test
    void backgroundFailureIsRecordedByTheFailureRecorder() {
        engine.findNothing = true;
        Session s = start("amazon-main");
        Execution ex = workflow.firstPass(TENANT, s.id());

        assertThat(ex.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(ex.statesEntered()).endsWith("Background", "RecordFailure", "Failed");
        assertThat(session(s).status()).isEqualTo(SessionStatus.FAILED);
        assertThat(session(s).reason()).contains("Could not separate the product", "plain backdrop");
        assertThat(service.versions(TENANT, s.id())).extracting(ImageVersion::approval).endsWith(Approval.REJECTED);
    }

    @Test
    void transientErrorsAreRetriedWithTheDefinitionsBackoffWithoutSleeping() {
        engine.transientFailures.set(2);
        Session s = start("amazon-main");
        long t0 = System.nanoTime();
        Execution ex = workflow.firstPass(TENANT, s.id());

        assertThat(session(s).status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(ex.statesEntered()).containsExactly("Mode", "StartFirstPass", "Base", "Lighting", "Background", "Detail",
                "Finalize", "QualityCheck", "CheckVerdict", "MarkCompleted", "Publish");
        // IntervalSeconds 2, BackoffRate 2, MaxDelaySeconds 60, full jitter: two pauses of at most 2 s and 4 s, on the manual clock.
        assertThat(time.sleeps()).hasSize(2);
        assertThat(time.sleeps().get(0)).isLessThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(time.sleeps().get(1)).isLessThanOrEqualTo(Duration.ofSeconds(4));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void feedbackRoundEditsTheHeadOnceAndRepublishes() {
        Session s = start("amazon-main");
        workflow.firstPass(TENANT, s.id());
        Execution round = workflow.feedbackRound(TENANT, s.id(), "a little brighter");

        assertThat(round.statesEntered()).containsExactly("Mode", "StartFeedbackRound", "FeedbackStage", "FeedbackLighting",
                "AfterFeedbackLighting", "Finalize", "QualityCheck", "CheckVerdict", "MarkCompleted", "Publish");
        assertThat(session(s).round()).isEqualTo(1);
        ImageVersion edit = service.versions(TENANT, s.id()).stream()
                .filter(v -> v.slot().round() == 1 && v.stage() == Stage.LIGHTING).findFirst().orElseThrow();
        assertThat(edit.parent()).isEqualTo(4); // the approved detail version of round 0
        assertThat(edit.params()).containsEntry("feedback", "a little brighter").containsEntry("hint.exposure", "+0.25");
        assertThat(engine.lastKeep).contains("background: cut out", "detail: unchanged");
    }

    @Test
    void aRepairAfterAFeedbackEditKeepsTheSellersChange() {
        // issue 14: a check repair after a feedback round walked past the feedback edit (the seller's change dropped).
        // Round 1 asks for sharper; its first rendition has stray backdrop, so background is repaired and detail re-runs.
        Session s = start("amazon-main");
        workflow.firstPass(TENANT, s.id());
        finisher.strayBlockOnRender = finisher.renders;
        Execution round = workflow.feedbackRound(TENANT, s.id(), "sharper");

        assertThat(round.statesEntered()).containsSubsequence("FeedbackDetail", "Finalize", "QualityCheck", "RepairRoute",
                "Background", "Detail", "Finalize", "QualityCheck", "MarkCompleted", "Publish");
        List<ImageVersion> all = service.versions(TENANT, s.id());
        ImageVersion head = all.stream().filter(v -> v.number() == session(s).head()).findFirst().orElseThrow();
        assertThat(head.stage()).isEqualTo(Stage.DETAIL);
        assertThat(head.slot().round()).isEqualTo(1);
        assertThat(head.slot().iteration()).as("the re-run after the repair").isEqualTo(1);
        assertThat(head.params()).as("the seller's request carried into the re-run").containsEntry("hint.sharpen", "strong");
        ImageVersion parent = all.stream().filter(v -> v.number() == head.parent()).findFirst().orElseThrow();
        assertThat(parent.stage()).isEqualTo(Stage.BACKGROUND);
        assertThat(parent.slot().iteration()).as("built on the repaired cut-out").isEqualTo(1);
    }

    @Test
    void aiDeclaredStepsReachTheFinisherAsProvenance() {
        engine.declare = "compositeWithTrainedAlgorithmicMedia";
        Session s = start("amazon-main");
        workflow.firstPass(TENANT, s.id());
        assertThat(finisher.lastHints).containsEntry(RefinementService.PROVENANCE, "compositeWithTrainedAlgorithmicMedia");
    }

    @Test
    void photosWithoutAiStepsDeclareNothing() {
        Session s = start("amazon-main");
        workflow.firstPass(TENANT, s.id());
        assertThat(finisher.lastHints).doesNotContainKey(RefinementService.PROVENANCE);
    }

    @Test
    void aHandlerThatOverrunsItsFunctionsTimeoutTwiceFailsAsATimedOutLambda() {
        Session s = start("amazon-main");
        AtomicInteger interrupted = new AtomicInteger();
        Execution ex = runWithLighting(s, attempt -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                Thread.currentThread().interrupt();
            }
        });

        assertThat(ex.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(ex.error()).isEqualTo(StateMachineFunctions.LAMBDA_TIMEOUT);
        assertThat(ex.cause()).contains("Task timed out after 0.60 seconds");
        assertThat(ex.statesEntered()).endsWith("Lighting", "RecordFailure", "Failed");
        assertThat(session(s).status()).isEqualTo(SessionStatus.FAILED);
        assertThat(interrupted.get()).as("each overrunning invocation is interrupted; the stage was tried twice").isEqualTo(2);
    }

    @Test
    void aStageThatTimedOutOnceIsRetriedAndTheSessionCompletes() {
        // issue 13: a slow model call used to fail the session (Sandbox.Timedout had no retrier), losing the paid call
        Session s = start("amazon-main");
        var real = StateMachineFunctions.handlers(workflow.wiring()).get(LambdaFunction.LIGHTING);
        AtomicInteger attempts = new AtomicInteger();
        Execution ex = runWithLighting(s, attempt -> {
            if (attempts.incrementAndGet() == 1) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, real);

        assertThat(attempts.get()).isEqualTo(2);
        assertThat(ex.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(session(s).status()).isIn(SessionStatus.COMPLETED, SessionStatus.NEEDS_REVIEW);
    }

    /** The state machine with Lighting's handler replaced (its timeout shortened 1000-fold, the others' kept long). */
    private Execution runWithLighting(Session s, java.util.function.IntConsumer before) {
        return runWithLighting(s, before, null);
    }

    private Execution runWithLighting(Session s, java.util.function.IntConsumer before,
                                      RequestHandler<Map<String, Object>, Map<String, Object>> then) {
        Map<LambdaFunction, RequestHandler<Map<String, Object>, Map<String, Object>>> handlers =
                new EnumMap<>(StateMachineFunctions.handlers(workflow.wiring()));
        AtomicInteger calls = new AtomicInteger();
        handlers.put(LambdaFunction.LIGHTING, (in, ctx) -> {
            before.accept(calls.incrementAndGet());
            // an invocation the runner timed out (interrupted) stops here, as Lambda would have stopped it
            return then == null || Thread.currentThread().isInterrupted() ? Map.of() : then.handleRequest(in, ctx);
        });
        // Lighting's timeout from the list of functions, shortened 1000-fold so the test takes a fraction of a second.
        var runner = StateMachineFunctions.runner(handlers,
                f -> f == LambdaFunction.LIGHTING ? f.timeoutSeconds() : f.timeoutSeconds() * 1000L).clock(time).sleeper(time).build();
        long t0 = System.nanoTime();
        Execution ex = runner.run(Map.of("tenant", TENANT, "sessionId", s.id(), "mode", "first-pass"));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
        return ex;
    }

    static BufferedImage photo() {
        // 1600 px on the long side: the check judges the photo's resolution (walmart needs >= 1500 px)
        BufferedImage img = new BufferedImage(1600, 1200, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 1600, 1200);
        for (int y = 240; y < 960; y += 24) {
            for (int x = 560; x < 1040; x += 24) {
                g.setColor(((x + y) / 24) % 2 == 0 ? new Color(190, 30, 30) : new Color(30, 30, 150));
                g.fillRect(x, y, 24, 24);
            }
        }
        g.dispose();
        return img;
    }

    /** Cuts out everything that is not near-white; lighting and detail change nothing; can fail transiently first. */
    /** The picture with its levels scaled by 2^ev and, when asked, a 3×3 unsharp mask: the change a feedback step asked for. */
    static BufferedImage adjusted(BufferedImage in, double ev, boolean sharpen) {
        int w = in.getWidth(), h = in.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        double gain = Math.pow(2, ev);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = in.getRGB(x, y);
                int v = p;
                for (int shift = 0; shift <= 16; shift += 8) {
                    double c = ((p >> shift) & 0xFF) * gain;
                    if (sharpen && x > 0 && y > 0 && x < w - 1 && y < h - 1) {
                        double around = ((in.getRGB(x - 1, y) >> shift) & 0xFF) + ((in.getRGB(x + 1, y) >> shift) & 0xFF)
                                + ((in.getRGB(x, y - 1) >> shift) & 0xFF) + ((in.getRGB(x, y + 1) >> shift) & 0xFF);
                        c += (c - around * gain / 4);
                    }
                    int c8 = (int) Math.max(0, Math.min(255, Math.round(c)));
                    v = (v & ~(0xFF << shift)) | (c8 << shift);
                }
                out.setRGB(x, y, v);
            }
        }
        return out;
    }

    static final class ThresholdEngine implements RefinementEngine {
        boolean findNothing;
        String declare;
        final AtomicInteger transientFailures = new AtomicInteger();
        List<String> lastKeep = new ArrayList<>();

        @Override
        public String id() {
            return "classic";
        }

        @Override
        public EditResult edit(Stage stage, EditRequest req) {
            if (transientFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new TransientRefineryException("the engine is busy", null);
            }
            lastKeep = req.keep();
            BufferedImage in = req.current();
            Map<String, String> params = declare == null ? Map.of() : Map.of(RefinementService.PROVENANCE, declare);
            if (stage != Stage.BACKGROUND) {
                // a feedback step's change is measured afterwards: the stand-in makes it, the plainest way
                double ev = Double.parseDouble(req.hints().getOrDefault("exposure", "0"));
                boolean sharpen = "strong".equals(req.hints().get("sharpen"));
                return new EditResult(ev == 0 && !sharpen ? in : adjusted(in, ev, sharpen), params, Map.of(), List.of(), 0, "unchanged");
            }
            BufferedImage out = new BufferedImage(in.getWidth(), in.getHeight(), BufferedImage.TYPE_INT_ARGB);
            int found = 0;
            for (int y = 0; y < in.getHeight(); y++) {
                for (int x = 0; x < in.getWidth(); x++) {
                    int p = in.getRGB(x, y) & 0xFFFFFF;
                    boolean product = !findNothing && p != 0xFFFFFF;
                    found += product ? 1 : 0;
                    out.setRGB(x, y, (product ? 0xFF000000 : 0) | p);
                }
            }
            List<String> problems = found == 0 ? List.of("no product found") : List.of();
            return new EditResult(out, Map.of(), Map.of(), problems, 0, "cut out");
        }
    }

    /** Frames the product at a configurable fill; obeys the fill hint unless told not to; can leave a stray block on one render. */
    static final class ScriptedFinisher implements Finisher {
        double initialFill = 0.87;
        boolean ignoreHints;
        int strayBlockOnRender = -1;
        int renders;
        Map<String, String> lastHints = Map.of();

        @Override
        public synchronized Rendition render(BufferedImage master, dev.refinery.domain.Preset preset, Map<String, String> hints) {
            lastHints = Map.copyOf(hints);
            double fill = !ignoreHints && hints.containsKey("fill") ? Double.parseDouble(hints.get("fill")) : initialFill;
            float[] alpha = Masks.alphaOf(master);
            Rectangle box = Masks.boundingBox(alpha, master.getWidth(), master.getHeight(), 0.5);
            double scale = fill * preset.width() / Math.max(box.width, box.height);
            int w = (int) Math.round(box.width * scale), h = (int) Math.round(box.height * scale);
            int x = (preset.width() - w) / 2, y = (preset.height() - h) / 2;
            BufferedImage canvas = new BufferedImage(preset.width(), preset.height(), BufferedImage.TYPE_INT_RGB);
            BufferedImage mask = new BufferedImage(preset.width(), preset.height(), BufferedImage.TYPE_BYTE_GRAY);
            Graphics2D g = canvas.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, preset.width(), preset.height());
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            g.drawImage(master.getSubimage(box.x, box.y, box.width, box.height), x, y, w, h, null);
            if (renders == strayBlockOnRender) {
                g.setColor(Color.GRAY);
                g.fillRect(0, 0, preset.width() / 5, preset.height() / 5);
            }
            renders++;
            g.dispose();
            Graphics2D m = mask.createGraphics();
            m.setColor(Color.WHITE);
            m.fillRect(x, y, w, h);
            m.dispose();
            byte[] bytes;
            try {
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                javax.imageio.ImageIO.write(canvas, "jpeg", out);
                bytes = out.toByteArray();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return new Rendition(bytes, ImageFormat.JPEG, mask, Map.of("fill", String.valueOf(fill)));
        }
    }
}
