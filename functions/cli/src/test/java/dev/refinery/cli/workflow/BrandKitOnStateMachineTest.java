package dev.refinery.cli.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.refinery.aws.Engines;
import dev.refinery.domain.BrandKit;
import dev.refinery.domain.ImageFormat;
import dev.refinery.domain.Preset;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.InvalidInputException;
import dev.refinery.domain.Session;
import dev.refinery.domain.SessionStatus;
import dev.refinery.domain.Source;
import dev.refinery.domain.Stage;
import dev.refinery.engine.EngineContext;
import dev.refinery.engine.ImageCodec;
import dev.refinery.pipeline.RefinementService;
import dev.refinery.pipeline.StartRequest;
import dev.refinery.samples.SyntheticPhotos;
import dev.refinery.workflow.runner.ExecutionStatus;
import dev.refinery.workflow.runner.ManualClock;
import java.awt.image.BufferedImage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A tenant's brand kit through the state machine with the classic engine: the brand-site final is the kit's canvas,
 * background and margin, the session keeps the kit version it started with, and its check holds it to the kit.
 */
class BrandKitOnStateMachineTest {
    private static final String TENANT = "tenant-brand";
    private static final String UPLOAD = "uploads/tenant-brand/mug-1/photo.jpg";

    private InProcessWorkflow workflow;
    private RefinementService service;

    @BeforeEach
    void setUp() {
        ManualClock time = new ManualClock();
        workflow = new InProcessWorkflow(Engines.load(List.of("classic"), new EngineContext(Map.of(), null, null, null)), time, time);
        service = workflow.wiring().service();
        // a well-lit photo without a cast: what a brand's own studio shoots
        SyntheticPhotos generator = new SyntheticPhotos();
        dev.refinery.samples.SampleSpec base = generator.batchSpecs(1, 1600, 1200, 7).get(0);
        BufferedImage photo = generator.generate(new dev.refinery.samples.SampleSpec("studio", 1600, 1200, base.shape(), base.primary(),
                base.secondary(), dev.refinery.samples.Surface.GREY_PAPER, dev.refinery.samples.Surface.SEAMLESS, base.productHeight(), 0, base.horizon(), dev.refinery.samples.ColorCast.NONE, 0, 0,
                1.0, base.blurSigma(), 7)).photo();
        workflow.images().put(UPLOAD, ImageCodec.jpeg(photo, 92, ImageCodec.Chroma.SUBSAMPLED), "image/jpeg", Map.of());
    }

    private Session start(String engine, String... presets) {
        return service.start(new StartRequest(TENANT, null, "mug-1", Source.upload("bucket", UPLOAD, "v1"), List.of(presets), engine, null, null));
    }

    @Test
    void theBrandSiteFinalIsTheKitsCanvasBackgroundAndMarginAndKeepsItsVersion() throws Exception {
        // #f3efe6: a colour a JPEG keeps exactly (the API snaps a kit's colour to one, JpegBackgroundTest)
        workflow.wiring().brandKits().add(new BrandKit(TENANT, 1, 0xF3EFE6, 0.15, 1200, ImageFormat.JPEG, false, false, Instant.EPOCH));
        Session s = start("classic", "brand-site", "amazon-main");
        assertThat(s.presets()).as("the kit's version is recorded").containsExactly("brand-site@1", "amazon-main");
        // the seller changes the kit while the session runs: the session keeps version 1
        workflow.wiring().brandKits().add(new BrandKit(TENANT, 2, 0x102030, 0.05, 800, ImageFormat.PNG, true, false, Instant.EPOCH));

        assertThat(workflow.firstPass(TENANT, s.id()).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        Session done = service.session(TENANT, s.id());
        ImageVersion brand = service.versions(TENANT, s.id()).stream()
                .filter(v -> v.stage() == Stage.FINALIZE && "brand-site@1".equals(v.preset())).findFirst().orElseThrow();
        assertThat(brand.contentType()).isEqualTo("image/jpeg");
        BufferedImage fin = ImageCodec.decode(workflow.images().get(brand.imageKey()));
        // kept for a person to look at (target/brand-site-final.jpg)
        java.nio.file.Files.write(java.nio.file.Path.of("target", "brand-site-final.jpg"), workflow.images().get(brand.imageKey()));
        assertThat(fin.getWidth()).isEqualTo(1200);
        assertThat(fin.getHeight()).isEqualTo(1200);
        assertThat(fin.getRGB(3, 3) & 0xFFFFFF).as("the kit's background, exactly").isEqualTo(0xF3EFE6);
        assertThat(fin.getRGB(1196, 1196) & 0xFFFFFF).isEqualTo(0xF3EFE6);
        // the product's longer side fills 1 - 2 x 0.15 of the canvas
        assertThat(Double.parseDouble(brand.params().get("fill"))).isCloseTo(0.70, org.assertj.core.data.Offset.offset(0.031));
        // its check held it to the kit: background purity against the kit's colour passed
        assertThat(done.status()).isIn(SessionStatus.COMPLETED, SessionStatus.NEEDS_REVIEW);
        assertThat(dev.refinery.quality.StoredFindings.read(brand).orElseThrow().findings()).filteredOn(f -> f.check().equals("purity"))
                .singleElement().satisfies(f -> assertThat(f.passed()).as(f.toString()).isTrue());
    }

    @Test
    void aKitThatAsksForItExportsACompletedSessionsFinals() {
        workflow.wiring().brandKits().add(new BrandKit(TENANT, 1, 0xFFFFFF, 0.1, 1000, ImageFormat.PNG, false, true, Instant.EPOCH));
        Session s = start("classic", "brand-site");
        assertThat(workflow.firstPass(TENANT, s.id()).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        Session done = service.session(TENANT, s.id());
        assertThat(done.status()).as("the studio photo refines cleanly: " + done.reason()).isEqualTo(SessionStatus.COMPLETED);
        String key = "exports/" + TENANT + "/brand-site/mug-1-brand-site.png";
        assertThat(workflow.images().exists(key)).as("exported when it completed").isTrue();
        assertThat(workflow.images().get(key)).isEqualTo(workflow.images().get(service.versions(TENANT, s.id()).stream()
                .filter(v -> v.number() == done.finals().get("brand-site@1")).findFirst().orElseThrow().imageKey()));
        assertThat(workflow.wiring().events().events(TENANT, s.id())).extracting(e -> e.type()).contains("exported");
    }

    @Test
    void anAutomaticExportThatCannotBeMadeIsRecordedAndLeavesTheSessionAsItIs() {
        workflow.wiring().brandKits().add(new BrandKit(TENANT, 1, 0xFFFFFF, 0.1, 1000, ImageFormat.PNG, false, true, Instant.EPOCH));
        // "mug-1" has a dash, which Amazon's file names refuse: the export needs the seller's amazonId
        Session s = start("classic", "brand-site", "google-merchant");
        Session amazon = start("classic", "amazon-main");
        assertThat(workflow.firstPass(TENANT, amazon.id()).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        Session done = service.session(TENANT, amazon.id());
        assertThat(done.status()).as(done.reason()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(workflow.wiring().events().events(TENANT, amazon.id())).filteredOn(e -> e.type().equals("export-refused")).singleElement()
                .satisfies(e -> assertThat(e.detail().get("reason")).contains("SKU 'mug-1'", "amazonId"));
        assertThat(workflow.images().exists("exports/" + TENANT + "/amazon/mug-1.MAIN.jpg")).isFalse();
        // a session whose presets all name their files freely is exported
        assertThat(workflow.firstPass(TENANT, s.id()).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        if (service.session(TENANT, s.id()).status() == SessionStatus.COMPLETED) {
            assertThat(workflow.images().exists("exports/" + TENANT + "/google-merchant/mug-1-google-merchant.jpg")).isTrue();
        }
    }

    /** The box of the final's product: the pixels unlike the background by more than a few levels. */
    private static java.awt.Rectangle productBox(BufferedImage img, int background) {
        int x0 = img.getWidth(), y0 = img.getHeight(), x1 = -1, y1 = -1;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y);
                int d = Math.max(Math.abs(((p >> 16) & 0xFF) - ((background >> 16) & 0xFF)), Math.max(Math.abs(((p >> 8) & 0xFF) - ((background >> 8) & 0xFF)),
                        Math.abs((p & 0xFF) - (background & 0xFF))));
                if (d > 8) {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                }
            }
        }
        return new java.awt.Rectangle(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
    }

    private static int productLongSide(BufferedImage img, int background) {
        java.awt.Rectangle b = productBox(img, background);
        return Math.max(b.width, b.height);
    }

    @Test
    void atTrueScaleProductsOfGivenSizesKeepTheirSizesAgainstEachOther() throws Exception {
        workflow.wiring().brandKits().add(new BrandKit(TENANT, 1, 0xFFFFFF, 0.08, 1200, ImageFormat.PNG, false, false, 20, Instant.EPOCH));
        for (double cm : new double[] {30, 15}) {
            Session s = service.start(new StartRequest(TENANT, null, "mug-1", Source.upload("bucket", UPLOAD, "v1"), List.of("brand-site"), "classic",
                    null, Map.of(BrandKit.SIZE_FACT, Double.toString(cm))));
            assertThat(workflow.firstPass(TENANT, s.id()).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            ImageVersion fin = service.versions(TENANT, s.id()).stream().filter(v -> v.stage() == Stage.FINALIZE).findFirst().orElseThrow();
            int side = productLongSide(ImageCodec.decode(workflow.images().get(fin.imageKey())), 0xFFFFFF);
            // 20 px per cm: 600 px for 30 cm, 300 px for 15 cm, within the 2 % spread
            assertThat(side / cm).as(cm + " cm drawn " + side + " px").isCloseTo(20, org.assertj.core.data.Percentage.withPercentage(2));
            assertThat(StoredFindingsView.fill(fin)).as("the check held it to its scale").isTrue();
        }
        // a product the canvas cannot hold at that scale is refused before any work, with what to do
        assertThatThrownBy(() -> service.start(new StartRequest(TENANT, null, "mug-1", Source.upload("bucket", UPLOAD, "v1"), List.of("brand-site"),
                "classic", null, Map.of(BrandKit.SIZE_FACT, "80")))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("a product 80.0 cm long needs 1600 px");
    }

    @Test
    void byItsHeightAProductIsDrawnAtItsHeightsScale() throws Exception {
        // by height_cm, the product's height is 12 × 20 = 240 px whatever its width (a fill measured on the height:
        // a product wider than tall, as the photo lab's mug with its handle, keeps its height's scale)
        workflow.wiring().brandKits().add(new BrandKit(TENANT, 1, 0xFFFFFF, 0.08, 1200, ImageFormat.PNG, false, false, 20, Instant.EPOCH));
        Session s = service.start(new StartRequest(TENANT, null, "mug-1", Source.upload("bucket", UPLOAD, "v1"), List.of("brand-site"), "classic",
                null, Map.of(BrandKit.HEIGHT_FACT, "12")));
        assertThat(workflow.firstPass(TENANT, s.id()).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        ImageVersion fin = service.versions(TENANT, s.id()).stream().filter(v -> v.stage() == Stage.FINALIZE).findFirst().orElseThrow();
        BufferedImage img = ImageCodec.decode(workflow.images().get(fin.imageKey()));
        int height = productBox(img, 0xFFFFFF).height;
        assertThat(height / 12.0).as("12 cm tall drawn " + height + " px").isCloseTo(20, org.assertj.core.data.Percentage.withPercentage(2));
        Preset.FillRule byHeight = new Preset.FillRule(0.19, 0.21, 0.2, true, 0.92);
        assertThat(byHeight.of(300, 200, 1000, 1000)).as("a box 300 wide, 200 tall, by height").isEqualTo(0.2);
        assertThat(new Preset.FillRule(0.19, 0.31, 0.3).of(300, 200, 1000, 1000)).as("by the longer side").isEqualTo(0.3);
        assertThat(StoredFindingsView.fill(fin)).as("the check measured the height").isTrue();
        // it stands on the kit's ground line: its foot 8 % (the margin) above the canvas's, centred across
        java.awt.Rectangle box = productBox(img, 0xFFFFFF);
        int foot = box.y + box.height;
        assertThat(foot / 1200.0).as("foot at row " + foot).isCloseTo(0.92, org.assertj.core.data.Offset.offset(0.005));
        assertThat(StoredFindingsView.passed(fin, "centring")).as("the check knows where it stands").isTrue();
    }

    /** The rendition's stored fill finding. */
    private static final class StoredFindingsView {
        static boolean passed(ImageVersion rendition, String check) {
            return dev.refinery.quality.StoredFindings.read(rendition).orElseThrow().findings().stream()
                    .filter(f -> f.check().equals(check)).findFirst().orElseThrow().passed();
        }

        static boolean fill(ImageVersion rendition) {
            return dev.refinery.quality.StoredFindings.read(rendition).orElseThrow().findings().stream()
                    .filter(f -> f.check().equals("fill")).findFirst().orElseThrow().passed();
        }
    }

    @Test
    void withoutAKitOrWithAnUnknownVersionTheBrandSitePresetIsRefusedWithWhatToDo() {
        assertThatThrownBy(() -> start("classic", "brand-site")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("has no brand kit").extracting(e -> ((InvalidInputException) e).hint()).asString().contains("PUT /brand-kit");
        workflow.wiring().brandKits().add(new BrandKit(TENANT, 1, 0xFFFFFF, 0.1, 1000, ImageFormat.JPEG, false, false, Instant.EPOCH));
        assertThatThrownBy(() -> start("classic", "brand-site@7")).isInstanceOf(InvalidInputException.class).hasMessageContaining("no brand kit version 7");
    }
}
