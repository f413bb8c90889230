package dev.refinery.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refinery.aws.Engines;
import dev.refinery.cli.workflow.InProcessWorkflow;
import dev.refinery.domain.Approval;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.PresetCatalog;
import dev.refinery.domain.Session;
import dev.refinery.domain.SessionStatus;
import dev.refinery.domain.Source;
import dev.refinery.domain.Stage;
import dev.refinery.engine.ImageCodec;
import dev.refinery.imaging.classic.ClassicFinisher;
import dev.refinery.imaging.classic.ClassicSegmenter;
import dev.refinery.imaging.ingest.SafeImageIngestor;
import dev.refinery.pipeline.RefinementService;
import dev.refinery.pipeline.StartRequest;
import dev.refinery.ports.memory.InMemoryImageStore;
import dev.refinery.workflow.runner.Execution;
import dev.refinery.workflow.runner.ManualClock;
import dev.refinery.quality.QualityChecker;
import dev.refinery.quality.QualityReport;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The openai engine through the repo's state machine run in-process (the stage handlers over in-memory stores,
 * the real ingestor, production's segmenter and finisher (classic, wrapped for scenes), core's
 * quality check): a model that ignores every instruction and returns its input unchanged still
 * ends in a compliant amazon-main final, because the deterministic finisher makes what must be exact.
 */
class PipelineWithOpenAiTest {
    private static final String TENANT = "tenant-a";
    private static final String UPLOAD = "uploads/tenant-a/sku-9/photo.png";

    private MockApi mock;
    private InMemoryImageStore images;
    private RefinementService service;
    private InProcessWorkflow workflow;

    /** The session at the end and the states the execution entered. */
    private record Run(Session session, List<String> states) {
    }

    @BeforeEach
    void setUp() {
        mock = new MockApi();
        OpenAiEngine engine = new OpenAiEngine(
                OpenAiEngine.client(mock.config, new EnvApiKeyProvider(Map.of("OPENAI_API_KEY", MockApi.TEST_KEY)), b -> { }),
                mock.config, new ClassicSegmenter(), new ClasspathTemplateRepository(), mock.ledger, PresetCatalog.bundled(), Clock.systemUTC());
        ManualClock time = new ManualClock();
        InProcessWorkflow workflow = new InProcessWorkflow(new Engines(List.of(engine), new SafeImageIngestor(),
                new SceneAwareFinisher(new ClassicFinisher())), time, time);
        images = workflow.images();
        service = workflow.wiring().service();
        this.workflow = workflow;
        // 1280 px: a 1024 px photo's bottle would be enlarged 3.1x for amazon-main, more than the check lets pass unseen
        images.put(UPLOAD, ImageCodec.png(TestPhotos.bottle(1280, 960).image()), "image/png", Map.of());
    }

    @AfterEach
    void tearDown() {
        mock.close();
    }

    private Run refine(UnaryOperator<java.awt.image.BufferedImage> model, String... presets) {
        mock.api.behave(model);
        return refine(presets);
    }

    private Run refine(String... presets) {
        Session s = service.start(new StartRequest(TENANT, null, "sku-9", Source.upload("bucket", UPLOAD, "v1"),
                List.of(presets), "openai", "cosmetics", Map.of("material", "glass")));
        Execution ex = workflow.firstPass(TENANT, s.id());
        return new Run(service.session(TENANT, s.id()), ex.statesEntered());
    }

    @Test
    void aModelThatReturnsItsInputUnchangedStillYieldsACompliantAmazonMainFinal() {
        Run run = refine(FakeImagesApi::identity, "amazon-main");

        assertThat(run.session().status()).as("reason: %s", run.session().reason()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(run.states()).containsExactly("Mode", "StartFirstPass", "Base", "Lighting", "Background", "Detail",
                "Finalize", "QualityCheck", "CheckVerdict", "MarkCompleted", "Publish");
        List<ImageVersion> versions = service.versions(TENANT, run.session().id());
        assertThat(versions).extracting(ImageVersion::fileName).containsExactly(
                "v1-base.png", "v2-lighting.png", "v3-background.png", "v4-detail.png", "v5-finalize-amazon-main.jpg");
        assertThat(versions).allSatisfy(v -> assertThat(v.approval()).isEqualTo(Approval.APPROVED));
        assertThat(mock.api.received).as("one model call per editing stage").hasSize(3);

        for (ImageVersion v : versions.subList(1, 4)) {
            assertThat(v.engine()).isEqualTo("openai");
            assertThat(v.params()).containsEntry("template.version", "cosmetics@1").containsKey("prompt");
            if (v.stage() == Stage.LIGHTING) {
                // the light lock: the seller's pixels under the model's light, no model pixels in the version
                assertThat(v.params()).containsEntry("light_lock", "true").doesNotContainKey("provenance");
            } else {
                assertThat(v.params()).containsEntry("provenance", "compositeWithTrainedAlgorithmicMedia");
            }
            assertThat(v.costUsd()).isGreaterThan(0);
            assertThat(v.metrics()).containsKeys("fidelity.photo.deltaE.mean", "fidelity.photo.structure", "tokens.output.image");
        }
        // Every later step's prompt carried the earlier approved changes.
        String detailPrompt = mock.api.received.get(2).form().field("prompt");
        assertThat(detailPrompt).contains("- lighting: soft even light; true shade; no glare over the label")
                .contains("- background: background replaced by a clean seamless backdrop; product untouched");

        ImageVersion fin = versions.get(4);
        assertThat(fin.metrics()).containsKeys("check.purity", "check.fill", "check.colour");
        byte[] bytes = images.get(fin.imageKey());
        QualityReport report = new QualityChecker().check(PresetCatalog.bundled().get("amazon-main"), bytes,
                ImageCodec.decode(images.get(fin.maskKey())), service.load(versions.get(3)));
        assertThat(report.passed()).as(report.summary()).isTrue();

        // The final declares it was AI-edited (IPTC digital source type from its lineage), and stays compliant.
        List<Map<String, String>> lineage = new ArrayList<>();
        versions.subList(0, 4).forEach(v -> lineage.add(v.params()));
        assertThat(DigitalSourceType.forLineage(lineage)).contains(DigitalSourceType.COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA);
        assertThat(Provenance.read(bytes)).contains(DigitalSourceType.COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA);
        assertThat(fin.params()).containsEntry("provenance", "compositeWithTrainedAlgorithmicMedia");
    }

    @Test
    void aTenantsBrandSiteIsMadeByTheOpenAiEngineFromItsKit() {
        // a cream kit: the background stage's prompt asks for the kit's colour, the final is the kit's canvas in it
        workflow.wiring().brandKits().add(new dev.refinery.domain.BrandKit(TENANT, 1, 0xF3EFE6, 0.1, 1200, dev.refinery.domain.ImageFormat.PNG,
                false, false, java.time.Instant.EPOCH));
        Run run = refine(FakeImagesApi::identity, "brand-site");
        assertThat(run.session().presets()).containsExactly("brand-site@1");
        assertThat(run.session().finals()).containsKey("brand-site@1");
        String backgroundPrompt = mock.api.received.get(1).form().field("prompt");
        assertThat(backgroundPrompt).contains("exactly RGB 243,239,230");
        ImageVersion fin = service.versions(TENANT, run.session().id()).stream().filter(v -> v.stage() == Stage.FINALIZE).findFirst().orElseThrow();
        java.awt.image.BufferedImage img = ImageCodec.decode(images.get(fin.imageKey()));
        assertThat(img.getWidth()).isEqualTo(1200);
        assertThat(img.getRGB(5, 5) & 0xFFFFFF).as("the kit's background").isEqualTo(0xF3EFE6);
        assertThat(fin.engine()).isEqualTo("classic"); // finalize is the deterministic finisher's, as for every preset
        assertThat(service.versions(TENANT, run.session().id()).stream().filter(v -> v.stage() == Stage.BACKGROUND).findFirst().orElseThrow().engine())
                .isEqualTo("openai");
    }

    @Test
    void aLifestyleSceneAndAnAmazonMainFinalFromOneSession() {
        // The model ignores instructions for the master stages and paints a scene where the scene's mask lets it.
        mock.api.behave((img, form) -> form.field("prompt").contains("Lifestyle scene")
                ? FakeImagesApi.sceneOutsideMask(img, form) : img);
        Run run = refine("amazon-main", "lifestyle");
        assertThat(run.session().status()).as("reason: %s", run.session().reason()).isEqualTo(SessionStatus.COMPLETED);
        List<ImageVersion> versions = service.versions(TENANT, run.session().id());
        ImageVersion lifestyle = versions.stream().filter(v -> "lifestyle".equals(v.preset())).findFirst().orElseThrow();
        assertThat(lifestyle.approval()).isEqualTo(Approval.APPROVED);
        assertThat(lifestyle.engine()).isEqualTo("openai");
        assertThat(lifestyle.costUsd()).isGreaterThan(0);
        assertThat(lifestyle.params()).containsEntry("scene", "lifestyle").containsEntry("product_lock", "true");
        assertThat(lifestyle.metrics().get("check.fill")).isBetween(0.55, 0.65);
        ImageVersion amazon = versions.stream().filter(v -> "amazon-main".equals(v.preset())).findFirst().orElseThrow();
        assertThat(amazon.approval()).isEqualTo(Approval.APPROVED);
        assertThat(mock.api.received).as("three master edits and one scene").hasSize(4);
        dump(lifestyle, amazon);
    }

    /** -Drefinery.openai.dump=<folder> (or REFINERY_OPENAI_DUMP) writes the finals there, to look at them. */
    private void dump(ImageVersion... finals) {
        String dir = System.getProperty("refinery.openai.dump", System.getenv("REFINERY_OPENAI_DUMP"));
        if (dir == null) {
            return;
        }
        try {
            java.nio.file.Files.createDirectories(java.nio.file.Path.of(dir));
            for (ImageVersion v : finals) {
                java.nio.file.Files.write(java.nio.file.Path.of(dir, v.fileName()), images.get(v.imageKey()));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aModelThatRecoloursTheProductHasItsStepsRejectedAndTheSessionEndsNeedsReviewNotCompleted() {
        Run run = refine(FakeImagesApi::recolour, "amazon-main");
        List<ImageVersion> versions = service.versions(TENANT, run.session().id());
        ImageVersion lighting = versions.stream().filter(v -> v.stage() == Stage.LIGHTING).findFirst().orElseThrow();
        assertThat(lighting.approval()).isEqualTo(Approval.REJECTED);
        assertThat(lighting.note()).contains("attempt 1: ").contains("attempt 2: ").contains("colours drifted").contains("CIEDE2000");
        assertThat(lighting.params()).containsEntry("fidelity.attempts", "2");
        ImageVersion detail = versions.stream().filter(v -> v.stage() == Stage.DETAIL).findFirst().orElseThrow();
        assertThat(detail.approval()).isEqualTo(Approval.REJECTED);
        // The background step's product lock restored the product, so it was approved and the final is compliant...
        ImageVersion background = versions.stream().filter(v -> v.stage() == Stage.BACKGROUND).findFirst().orElseThrow();
        assertThat(background.approval()).isEqualTo(Approval.APPROVED);
        assertThat(background.parent()).as("built on the base, not on the rejected lighting").isEqualTo(1);
        // ... but it lacks two changes the round was to make: never COMPLETED as if it had them
        assertThat(run.session().status()).isEqualTo(SessionStatus.NEEDS_REVIEW);
        assertThat(run.session().reason()).contains("the lighting step (version 2) was rejected")
                .contains("the detail step").contains("this final is made without that step's change");
        assertThat(run.states()).contains("MarkNeedsReview").doesNotContain("MarkCompleted");
    }

    @Test
    void aFeedbackRoundIsPlannedByTheLanguageModelAndEachStepGetsItsOwnInstruction() {
        Run first = refine(FakeImagesApi::identity, "amazon-main");
        assertThat(first.session().status()).isEqualTo(SessionStatus.COMPLETED);
        mock.api.received.clear();
        mock.api.behave(FakeImagesApi::followInstruction);

        Execution ex = workflow.feedbackRound(TENANT, first.session().id(), "warmer, and make the label text red");
        Session s = service.session(TENANT, first.session().id());

        // one planning call, then one lighting edit with the planner's instruction (the declined request is not sent)
        assertThat(mock.api.received).extracting(FakeImagesApi.Received::path)
                .containsExactly("/v1/chat/completions", "/v1/images/edits");
        String prompt = mock.api.received.get(1).form().field("prompt");
        assertThat(prompt).contains("Feedback for this step").contains("warmer").doesNotContain("label text red")
                .doesNotContain("expect=").doesNotContain("instruction=");
        ImageVersion lighting = service.versions(TENANT, s.id()).stream()
                .filter(v -> v.stage() == Stage.LIGHTING && v.slot().round() == 1).findFirst().orElseThrow();
        assertThat(lighting.params()).containsEntry("hint.expect", "warmer").doesNotContainKey("effect.missed");
        assertThat(lighting.params().get("effect.warmer")).matches("\"warmer\": red-to-blue ×1\\.\\d{3}");
        assertThat(s.status()).as("reason: %s", s.reason()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(ex.statesEntered()).contains("FeedbackLighting").doesNotContain("FeedbackDetail");
    }

    @Test
    void aFeedbackStepTheImageModelIgnoredEndsNeedsReviewWithWhatWasMeasured() {
        Run first = refine(FakeImagesApi::identity, "amazon-main");
        assertThat(first.session().status()).isEqualTo(SessionStatus.COMPLETED);

        workflow.feedbackRound(TENANT, first.session().id(), "brighter and sharper");
        Session s = service.session(TENANT, first.session().id());

        assertThat(s.status()).isEqualTo(SessionStatus.NEEDS_REVIEW);
        assertThat(s.reason()).contains("\"brighter\" was not carried out: the step measured +0.00 EV (it needs at least +0.15 EV)")
                .contains("\"sharper\" was not carried out").contains("ask for it again");
    }
}
