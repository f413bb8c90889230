package dev.refinery.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.refinery.color.Masks;
import dev.refinery.domain.Approval;
import dev.refinery.domain.EngineUnavailableException;
import dev.refinery.domain.ImageFormat;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.PresetCatalog;
import dev.refinery.domain.Session;
import dev.refinery.domain.SessionStatus;
import dev.refinery.domain.Source;
import dev.refinery.domain.Stage;
import dev.refinery.domain.VersionSlot;
import dev.refinery.engine.EditRequest;
import dev.refinery.engine.EditResult;
import dev.refinery.engine.Finisher;
import dev.refinery.engine.ImageCodec;
import dev.refinery.engine.ImageIngestor;
import dev.refinery.engine.RefinementEngine;
import dev.refinery.engine.Rendition;
import dev.refinery.ports.memory.InMemoryImageStore;
import dev.refinery.ports.memory.InMemorySessionStore;
import dev.refinery.quality.QualityChecker;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The service's logic with test doubles for the engine and the finisher (their real ones are tested in imaging).
 * The stages in the state machine's order, the fix-up loop and feedback rounds are tested on the definition itself:
 * functions/cli FixupLoopOnStateMachineTest.
 */
class RefinementServiceTest {
    private static final String TENANT = "tenant-a";

    private InMemorySessionStore sessions;
    private InMemoryImageStore images;
    private ThresholdEngine engine;
    private ScriptedFinisher finisher;
    private RefinementService service;

    @BeforeEach
    void setUp() {
        sessions = new InMemorySessionStore();
        images = new InMemoryImageStore();
        engine = new ThresholdEngine();
        finisher = new ScriptedFinisher();
        ImageIngestor ingestor = (bytes, name) -> new ImageIngestor.Ingested(ImageCodec.decode(bytes), Map.of("format", "png"));
        service = new RefinementService(sessions, images, List.of(engine), ingestor, finisher, new QualityChecker(),
                PresetCatalog.bundled(), Clock.systemUTC());
        images.put("uploads/tenant-a/sku-1/photo.png", ImageCodec.png(photo()), "image/png", Map.of());
    }

    private static BufferedImage photo() {
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

    private Session start(String... presets) {
        return service.start(new StartRequest(TENANT, null, "sku-1",
                Source.upload("bucket", "uploads/tenant-a/sku-1/photo.png", "v1"), List.of(presets), "classic", null, null));
    }

    @Test
    void theBrandSitePresetIsMadeByEitherEngineRecordedWithTheKitsVersion() {
        dev.refinery.ports.memory.InMemoryBrandKits kits = new dev.refinery.ports.memory.InMemoryBrandKits();
        kits.add(new dev.refinery.domain.BrandKit(TENANT, 1, 0xFFFFFF, 0.1, 1000, dev.refinery.domain.ImageFormat.JPEG, false, false,
                java.time.Instant.EPOCH));
        // an engine of another id, never asked to edit here: the session is refused before any work
        RefinementEngine model = new RefinementEngine() {
            @Override
            public String id() {
                return "openai";
            }

            @Override
            public EditResult edit(Stage stage, EditRequest request) {
                throw new AssertionError("no work may start");
            }
        };
        RefinementService both = new RefinementService(sessions, images, List.of(engine, model),
                (bytes, name) -> new ImageIngestor.Ingested(ImageCodec.decode(bytes), Map.of("format", "png")), finisher, new QualityChecker(),
                PresetCatalog.bundled().withBrandKits(kits), Clock.systemUTC());
        Source upload = Source.upload("b", "uploads/tenant-a/sku-1/photo.png", "v1");
        // the openai engine makes it too (its requests read the kit through the service's presets: PipelineWithOpenAiTest)
        assertThat(both.start(new StartRequest(TENANT, null, "sku-1", upload, List.of("brand-site"), "openai", null, null)).presets())
                .containsExactly("brand-site@1");
        // the classic engine makes it, recorded with the kit's version
        assertThat(both.start(new StartRequest(TENANT, null, "sku-1", upload, List.of("brand-site"), "classic", null, null)).presets())
                .containsExactly("brand-site@1");
    }

    @Test
    void rerunningAStageOfTheSameRoundReplacesItsOwnVersion() {
        Session s = start("amazon-main");
        service.base(TENANT, s.id());
        StageOutcome first = service.edit(TENANT, s.id(), Stage.LIGHTING, 0, null, Map.of(), false);
        StageOutcome again = service.edit(TENANT, s.id(), Stage.LIGHTING, 0, null, Map.of(), false);
        assertThat(again.version().number()).isEqualTo(first.version().number());
        assertThat(service.versions(TENANT, s.id())).hasSize(2);
    }

    @Test
    void earlierCorrectionsComeFromTheSameStagePresetAndRoundOnly() {
        ImageVersion framed = version(0, 1, Stage.FINALIZE, "amazon-main", Map.of("hint.fill", "0.87", "hint.quality", "80", "scale", "1.2"));
        ImageVersion otherPreset = version(0, 1, Stage.FINALIZE, "walmart", Map.of("hint.fill", "0.5"));
        ImageVersion earlierRound = version(0, 3, Stage.BACKGROUND, null, Map.of("hint.segmentation", "loose"));
        List<ImageVersion> all = List.of(framed, otherPreset, earlierRound);
        assertThat(Lineage.withEarlierCorrections(all, new VersionSlot(0, 2, Stage.FINALIZE, "amazon-main"), Map.of("quality", "70")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("fill", "0.87", "quality", "70"));
        assertThat(Lineage.withEarlierCorrections(all, new VersionSlot(0, 1, Stage.FINALIZE, "amazon-main"), Map.of()))
                .as("not from its own iteration (a retried attempt)").isEmpty();
        assertThat(Lineage.withEarlierCorrections(all, new VersionSlot(1, 4, Stage.BACKGROUND, null), Map.of()))
                .as("a feedback round starts afresh").isEmpty();
    }

    @Test
    void framingAskedInAnEarlierRoundSurvivesLaterRounds() {
        ImageVersion bigger = version(1, 0, Stage.FINALIZE, "amazon-main", Map.of("hint.fill", "0.900", "hint.shadow", "off", "hint.quality", "80"));
        ImageVersion walmart = version(1, 0, Stage.FINALIZE, "walmart", Map.of("hint.fill", "0.820"));
        ImageVersion older = version(0, 1, Stage.FINALIZE, "amazon-main", Map.of("hint.fill", "0.870"));
        List<ImageVersion> all = List.of(older, bigger, walmart);
        assertThat(Lineage.framingOfEarlierRounds(all, new VersionSlot(2, 0, Stage.FINALIZE, "amazon-main")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("fill", "0.900", "shadow", "off"));
        assertThat(Lineage.framingOfEarlierRounds(all, new VersionSlot(1, 0, Stage.FINALIZE, "amazon-main")))
                .as("within the round, earlier iterations decide").containsExactlyInAnyOrderEntriesOf(Map.of("fill", "0.870"));
    }

    private static ImageVersion version(int round, int iteration, Stage stage, String preset, Map<String, String> params) {
        VersionSlot slot = new VersionSlot(round, iteration, stage, preset);
        return new ImageVersion(TENANT, "s", iteration + 1, 0, slot, "classic", "k", "image/png", null, params, Map.of(), 0, 0,
                Approval.APPROVED, null, java.time.Instant.EPOCH, false);
    }

    @Test
    void checkOutcomeSeparatesTheRepairStagesHintsFromFinalizes() {
        Map<String, String> hints = Map.of("segmentation", "strict", "finalize.fill", "0.87", "finalize.quality", "80");
        assertThat(CheckOutcome.repairHints(hints)).containsExactlyInAnyOrderEntriesOf(Map.of("segmentation", "strict"));
        assertThat(CheckOutcome.finalizeHints(Stage.BACKGROUND, hints))
                .containsExactlyInAnyOrderEntriesOf(Map.of("fill", "0.87", "quality", "80"));
        assertThat(CheckOutcome.finalizeHints(Stage.FINALIZE, Map.of("fill", "0.87"))).containsEntry("fill", "0.87");
        assertThat(CheckOutcome.finalizeHints(null, Map.of())).isEmpty();
    }

    @Test
    void revertAndApproveMoveTheHead() {
        Session s = start("amazon-main");
        service.base(TENANT, s.id());
        for (Stage stage : Stage.EDIT_STAGES) {
            service.edit(TENANT, s.id(), stage, 0, null, Map.of(), false);
        }
        Session reverted = service.revert(TENANT, s.id(), 2);
        assertThat(reverted.head()).isEqualTo(2);
        assertThat(reverted.finals()).as("no final of the old head stands").isEmpty();
        assertThat(service.approve(TENANT, s.id(), 4).head()).isEqualTo(4);
        // the seller approves once; an edit its stage refused cannot be approved (409)
        assertThatThrownBy(() -> service.approve(TENANT, s.id(), 4)).isInstanceOf(dev.refinery.domain.ConflictException.class)
                .hasMessageContaining("already approved by the seller");
        ImageVersion refused = service.version(TENANT, s.id(), 3).withApproval(Approval.REJECTED, "fill 0.95 is above 0.90");
        sessions.saveVersion(refused);
        assertThatThrownBy(() -> service.approve(TENANT, s.id(), 3)).isInstanceOf(dev.refinery.domain.ConflictException.class)
                .hasMessageContaining("failed its checks (fill 0.95 is above 0.90)");
        assertThatThrownBy(() -> service.revert(TENANT, s.id(), 99)).hasMessageContaining("no version 99");
    }

    @Test
    void whatTheSellerMayComeBackToIsKeptAndTheRestStaysIntermediate() {
        Session s = start("amazon-main");
        service.base(TENANT, s.id());
        for (Stage stage : Stage.EDIT_STAGES) {
            service.edit(TENANT, s.id(), stage, 0, null, Map.of(), false);
        }
        List<ImageVersion> first = service.versions(TENANT, s.id());
        assertThat(first).allSatisfy(v -> assertThat(v.imageKey()).startsWith("sessions/" + TENANT + "/" + s.id() + "/"));
        assertThat(kind(first.get(1).imageKey())).as("before the session settles").isEqualTo("intermediate");
        service.complete(TENANT, s.id());
        for (ImageVersion v : first) {
            assertThat(kind(v.imageKey())).as("v%d %s", v.number(), v.stage()).isEqualTo(v.stage() == Stage.BASE ? "base" : "kept");
            if (v.maskKey() != null) {
                assertThat(kind(v.maskKey())).isEqualTo("kept");
            }
        }
        // a later detail edit the seller walks away from (revert to the first detail) is not kept: it expires
        service.beginRound(TENANT, s.id());
        ImageVersion later = service.edit(TENANT, s.id(), Stage.DETAIL, 0, "sharper", Map.of(), true).version();
        service.revert(TENANT, s.id(), first.get(first.size() - 1).number());
        assertThat(kind(later.imageKey())).isEqualTo("intermediate");
    }

    private String kind(String key) {
        return images.tags(key).get("kind");
    }

    @Test
    void aLaterEditKeepsTheProductToTheColourTheSellerAskedForNotToTheBarePhoto() {
        // a plain red product (one body colour) on white
        BufferedImage red = new BufferedImage(1600, 1200, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = red.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 1600, 1200);
        g.setColor(new Color(170, 40, 40));
        g.fillRect(560, 240, 480, 720);
        g.dispose();
        images.put("uploads/tenant-a/sku-2/photo.png", ImageCodec.png(red), "image/png", Map.of());
        Session s = service.start(new StartRequest(TENANT, null, "sku-2", Source.upload("b", "uploads/tenant-a/sku-2/photo.png", "v1"),
                List.of("amazon-main"), "classic", null, Map.of()));
        service.base(TENANT, s.id());
        for (Stage stage : Stage.EDIT_STAGES) {
            service.edit(TENANT, s.id(), stage, 0, null, Map.of(), false);
        }
        assertThat(engine.lastOriginal.getRGB(800, 600) & 0xFFFFFF).as("the bare photo before any colour request").isEqualTo(0xAA2828);
        service.complete(TENANT, s.id());

        service.beginRound(TENANT, s.id());
        service.edit(TENANT, s.id(), Stage.DETAIL, 0, "it is maroon", Map.of("colour", "maroon"), true);
        service.complete(TENANT, s.id());
        service.beginRound(TENANT, s.id());
        service.edit(TENANT, s.id(), Stage.LIGHTING, 0, "brighter", Map.of("exposure", "+0.5"), true);

        // the reference the lighting edit was given is the photo with the maroon correction; the backdrop is the photo's
        int shifted = engine.lastOriginal.getRGB(800, 600) & 0xFFFFFF;
        assertThat(shifted).isNotEqualTo(0xAA2828);
        double before = dev.refinery.color.ColorMath.deltaE2000(dev.refinery.color.ColorMath.rgbToLab(0xAA2828),
                dev.refinery.color.NamedColours.find("maroon").orElseThrow().lab());
        double after = dev.refinery.color.ColorMath.deltaE2000(dev.refinery.color.ColorMath.rgbToLab(shifted),
                dev.refinery.color.NamedColours.find("maroon").orElseThrow().lab());
        assertThat(after).isLessThan(before);
        assertThat(engine.lastOriginal.getRGB(100, 100) & 0xFFFFFF).isEqualTo(0xFFFFFF);
    }

    @Test
    void lifestyleWithoutTheAiEngineIsRefusedUpFront() {
        assertThatThrownBy(() -> start("amazon-main", "lifestyle"))
                .isInstanceOf(EngineUnavailableException.class)
                .hasMessageContaining("lifestyle")
                .satisfies(e -> assertThat(((EngineUnavailableException) e).reason()).contains("OPENAI_API_KEY"));
    }

    @Test
    void otherTenantsCannotSeeTheSession() {
        Session s = start("amazon-main");
        assertThatThrownBy(() -> service.session("tenant-b", s.id())).hasMessageContaining("No session");
    }

    @Test
    void aRoundWhoseEditStepWasRejectedCannotEndCompleted() {
        engine.rejectDetail = true;
        Session s = start("amazon-main");
        service.base(TENANT, s.id());
        for (Stage stage : Stage.EDIT_STAGES) {
            service.edit(TENANT, s.id(), stage, 0, null, Map.of(), false);
        }
        service.finalizeAll(TENANT, s.id(), 0, Map.of());
        CheckOutcome outcome = service.check(TENANT, s.id(), 0);
        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.repairStage()).as("no repair: the step was already asked twice").isNull();
        assertThat(outcome.reports().get(0).failures()).singleElement().satisfies(f -> {
            assertThat(f.check()).isEqualTo("steps-applied");
            assertThat(f.message()).contains("the detail step (version 4) was rejected: the product's colours drifted")
                    .contains("made without that step's change");
        });
    }

    @Test
    void aRepairThatCutsTheProductOutDifferentlyIsLeftToTheSeller() {
        Session s = start("amazon-main");
        service.base(TENANT, s.id());
        for (Stage stage : Stage.EDIT_STAGES) {
            service.edit(TENANT, s.id(), stage, 0, null, Map.of(), false);
        }
        service.finalizeAll(TENANT, s.id(), 0, Map.of());
        assertThat(service.check(TENANT, s.id(), 0).passed()).as("the first cut-out passes on its own").isTrue();
        // a loose repair that also takes a white area beside the product in: each cut-out passes alone, they disagree
        service.edit(TENANT, s.id(), Stage.BACKGROUND, 1, null, Map.of("segmentation", "loose"), false);
        service.edit(TENANT, s.id(), Stage.DETAIL, 1, null, Map.of(), false);
        service.finalizeAll(TENANT, s.id(), 1, Map.of());
        CheckOutcome outcome = service.check(TENANT, s.id(), 1);
        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.repairStage()).isNull();
        assertThat(outcome.reports().get(0).failures()).anySatisfy(f -> {
            assertThat(f.check()).isEqualTo("cutout-recut");
            assertThat(f.measured()).isLessThan(RoundFindings.MIN_RECUT_AGREEMENT);
            assertThat(f.message()).contains("the repair cut the product out differently from the first attempt");
        });
    }

    /** Cuts out everything that is not near-white; lighting and detail change nothing. */
    static final class ThresholdEngine implements RefinementEngine {
        boolean findNothing;
        boolean rejectDetail;
        String declare;
        List<String> lastKeep = new ArrayList<>();
        BufferedImage lastOriginal;

        @Override
        public String id() {
            return "classic";
        }

        @Override
        public EditResult edit(Stage stage, EditRequest req) {
            lastKeep = req.keep();
            lastOriginal = req.original();
            BufferedImage in = req.current();
            if (stage == Stage.DETAIL && req.hints().containsKey("colour")) {
                int[] px = dev.refinery.color.ArgbPixels.of(in).argb();
                var c = dev.refinery.engine.ProductColour.shift(px, in.getWidth(), true, req.hints().get("colour"), 1);
                BufferedImage out = new BufferedImage(in.getWidth(), in.getHeight(), BufferedImage.TYPE_INT_ARGB);
                out.setRGB(0, 0, in.getWidth(), in.getHeight(), c.argb(), 0, in.getWidth());
                return new EditResult(out, c.shift().params(), Map.of(), List.of(), 0, c.summary());
            }
            Map<String, String> params = declare == null ? Map.of() : Map.of(RefinementService.PROVENANCE, declare);
            if (stage == Stage.DETAIL && rejectDetail) {
                return new EditResult(in, params, Map.of(), List.of("the product's colours drifted from the previous version"), 0.1, "unchanged");
            }
            if (stage != Stage.BACKGROUND) {
                return new EditResult(in, params, Map.of(), List.of(), 0, "unchanged");
            }
            boolean loose = "loose".equals(req.hint("segmentation", null));
            BufferedImage out = new BufferedImage(in.getWidth(), in.getHeight(), BufferedImage.TYPE_INT_ARGB);
            int found = 0;
            for (int y = 0; y < in.getHeight(); y++) {
                for (int x = 0; x < in.getWidth(); x++) {
                    int p = in.getRGB(x, y) & 0xFFFFFF;
                    boolean product = !findNothing && (p != 0xFFFFFF || loose && x >= 1040 && x < 1400 && y >= 240 && y < 960);
                    found += product ? 1 : 0;
                    out.setRGB(x, y, (product ? 0xFF000000 : 0) | p);
                }
            }
            List<String> problems = found == 0 ? List.of("no product found") : List.of();
            return new EditResult(out, Map.of(), Map.of(), problems, 0, "cut out");
        }
    }

    /** Frames the product at a configurable fill; obeys the fill hint unless told not to. */
    static final class ScriptedFinisher implements Finisher {
        double initialFill = 0.87;
        boolean ignoreHints;
        boolean strayBlockOnFirstRender;
        int strayBlockOnRender = -1;
        int renders;
        Map<String, String> lastHints = Map.of();

        @Override
        public Rendition render(BufferedImage master, dev.refinery.domain.Preset preset, Map<String, String> hints) {
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
            if ((strayBlockOnFirstRender && renders == 0) || renders == strayBlockOnRender) {
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
