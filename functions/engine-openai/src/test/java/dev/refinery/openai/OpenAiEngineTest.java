package dev.refinery.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.refinery.color.Masks;
import dev.refinery.domain.Stage;
import dev.refinery.engine.EditRequest;
import dev.refinery.engine.EditResult;
import dev.refinery.engine.LightMeter;
import dev.refinery.engine.GenerateRequest;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine's behaviour against a fake Images API: prompts, product lock, fidelity check, cost and cap. */
class OpenAiEngineTest {
    private MockApi mock;
    private TestPhotos.Photo photo;

    @BeforeEach
    void start() {
        mock = new MockApi();
        photo = TestPhotos.bottle(640, 480);
    }

    @AfterEach
    void stop() {
        mock.close();
    }

    private EditRequest request(BufferedImage current, String feedback, List<String> keep) {
        return new EditRequest(current, photo.image(), List.of("amazon-main"), feedback, Map.of(), keep,
                Map.of("category", "jewelry", "material", "silver", "colours", "red, blue"), "tenant-a");
    }

    @Test
    void thePromptCarriesGoalPresetFactsKeepLinesAndFeedback() {
        EditResult r = mock.engine.edit(Stage.DETAIL, request(photo.image(), "remove the dust on the left",
                List.of("lighting: soft diffused light", "background: clean white backdrop")));
        String prompt = mock.api.received.get(0).form().field("prompt");
        assertThat(prompt)
                .contains("Refine only fine detail on the piece")          // jewellery template's detail goal
                .contains("Amazon main image")                              // the preset's requirements
                .contains("material: silver").contains("colours: red, blue") // product facts
                .contains("The second image is the seller's original photo")
                .contains("The jewellery must stay identical")
                .contains("- lighting: soft diffused light").contains("- background: clean white backdrop")
                .contains("\"remove the dust on the left\"")
                .contains("Make this one change only");
        assertThat(r.params())
                .containsEntry("template", "jewellery")
                .containsEntry("template.version", "jewellery@1")
                .containsEntry("template.source", "bundled")
                .containsEntry("prompt", prompt)
                .containsEntry("model", "gpt-image-2")
                .containsEntry("input_fidelity", "not sent")
                .containsEntry("provenance", "compositeWithTrainedAlgorithmicMedia")
                .containsKey("request_id");
        assertThat(r.summary()).isEqualTo("dust, fingerprints and tarnish spots removed; facets crisp (your photo's colours kept under the model's detail)");
        assertThat(r.params()).containsEntry("chroma_lock", "true");
    }

    @Test
    void aPartRecolouredByTheLightingStepCannotReachTheVersion() {
        // the careless model: a faithful change of light (+0.5 EV) that also moves the hue of one part of the product
        // by ΔE ~5, under the lighting step's ΔE 8 allowance, so the fidelity check passes it
        int[] box = productBox(photo.image());
        mock.api.behave(img -> {
            BufferedImage lit = FidelityStructureTest.gains(img, 1.41, 1.41, 1.41);
            for (int y = box[1]; y < box[1] + box[3] / 3; y++) {
                for (int x = box[0]; x < box[0] + box[2]; x++) {
                    int p = lit.getRGB(x, y);
                    double[] lab = dev.refinery.color.ColorMath.rgbToLab(p & 0xFFFFFF);
                    lit.setRGB(x, y, 0xFF000000 | dev.refinery.color.ColorMath.labToRgb(new double[] {lab[0], lab[1] + 4, lab[2] - 3}));
                }
            }
            return lit;
        });
        EditResult r = mock.engine.edit(Stage.LIGHTING, request(photo.image(), null, List.of()));
        assertThat(r.passed()).as("the fidelity check cannot tell this from a faithful re-render").isTrue();
        assertThat(r.params()).containsEntry("light_lock", "true").doesNotContainKey("provenance");
        // the light declared is the model's change of light (+0.5 EV, neutral), not bent by the recoloured part ...
        assertThat(Double.parseDouble(r.params().get("exposureEv"))).isCloseTo(0.5, within(0.05));
        assertThat(Double.parseDouble(r.params().get("gainR"))).isCloseTo(1, within(0.02));
        assertThat(Double.parseDouble(r.params().get("gainB"))).isCloseTo(1, within(0.02));
        // ... and the version is the seller's pixels under it and nothing else, in the recoloured third too
        LightChange.Measured declared = new LightChange.Measured(Double.parseDouble(r.params().get("gainR")), 1,
                Double.parseDouble(r.params().get("gainB")), Double.parseDouble(r.params().get("exposureEv")));
        BufferedImage expected = LightChange.applyTo(photo.image(), declared);
        double moved = 0;
        int n = 0;
        for (int y = box[1] + 2; y < box[1] + box[3] / 3 - 2; y += 3) {
            for (int x = box[0] + 2; x < box[0] + box[2] - 2; x += 3) {
                moved += dev.refinery.color.ColorMath.deltaE2000(expected.getRGB(x, y) & 0xFFFFFF, r.image().getRGB(x, y) & 0xFFFFFF);
                n++;
            }
        }
        assertThat(moved / n).as("mean ΔE to the seller's pixels under the declared light").isLessThan(0.5);
        assertThat(r.metrics().get("lighting.modelStrayed.deltaE")).as("what the model redrew besides is recorded").isGreaterThan(1.0);
    }

    @Test
    void aPartRecolouredByTheDetailStepCannotReachTheVersion() {
        int[] box = productBox(photo.image());
        mock.api.behave(img -> {
            BufferedImage out = FakeImagesApi.copy(img);
            for (int y = box[1]; y < box[1] + box[3] / 3; y++) {
                for (int x = box[0]; x < box[0] + box[2]; x++) {
                    double[] lab = dev.refinery.color.ColorMath.rgbToLab(out.getRGB(x, y) & 0xFFFFFF);
                    out.setRGB(x, y, 0xFF000000 | dev.refinery.color.ColorMath.labToRgb(new double[] {lab[0], lab[1] + 4, lab[2] - 3}));
                }
            }
            return out;
        });
        EditResult r = mock.engine.edit(Stage.DETAIL, request(photo.image(), null, List.of()));
        assertThat(r.passed()).isTrue();
        double moved = 0;
        int n = 0;
        for (int y = box[1] + 2; y < box[1] + box[3] / 3 - 2; y += 3) {
            for (int x = box[0] + 2; x < box[0] + box[2] - 2; x += 3) {
                moved += dev.refinery.color.ColorMath.deltaE2000(photo.image().getRGB(x, y) & 0xFFFFFF, r.image().getRGB(x, y) & 0xFFFFFF);
                n++;
            }
        }
        assertThat(moved / n).as("the detail step keeps the photo's chroma").isLessThan(0.8);
    }

    /** The product's box {x, y, width, height}: the photo's pixels that are not its backdrop's colour. */
    private static int[] productBox(BufferedImage img) {
        int bg = img.getRGB(0, 0) & 0xFFFFFF, x0 = img.getWidth(), y0 = img.getHeight(), x1 = -1, y1 = -1;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if (dev.refinery.color.ColorMath.deltaE2000(img.getRGB(x, y) & 0xFFFFFF, bg) > 10) {
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x);
                    y1 = Math.max(y1, y);
                }
            }
        }
        return new int[] {x0, y0, x1 - x0 + 1, y1 - y0 + 1};
    }


    @Test
    void theBackgroundStepLocksTheProductAndReturnsTheCutOut() {
        // The model paints the backdrop white but also recolours the product: the lock puts the product back.
        // 1024x768 is a size gpt-image-2 takes as it is, so no resampling blurs the edges this test checks pixel by pixel.
        photo = TestPhotos.bottle(1024, 768);
        mock.api.behave(img -> FakeImagesApi.recolour(FakeImagesApi.whiteBackground(img)));
        EditResult r = mock.engine.edit(Stage.BACKGROUND, request(photo.image(), null, List.of()));
        assertThat(mock.api.received.get(0).form().field("size")).isEqualTo("1024x768");

        assertThat(r.passed()).as("problems: %s", r.problems()).isTrue();
        BufferedImage out = r.image();
        assertThat(out.getWidth()).isEqualTo(1024);
        assertThat(out.getHeight()).isEqualTo(768);
        assertThat(out.getColorModel().hasAlpha()).isTrue();
        assertThat(Masks.iou(Masks.alphaOf(out), photo.mask())).isEqualTo(1.0);
        int w = out.getWidth();
        for (int i = 0; i < photo.mask().length; i += 97) {
            if (photo.mask()[i] == 1f) {
                assertThat(out.getRGB(i % w, i / w) & 0xFFFFFF).as("product pixel %d locked", i)
                        .isEqualTo(photo.image().getRGB(i % w, i / w) & 0xFFFFFF);
            } else {
                assertThat(out.getRGB(i % w, i / w) & 0xFFFFFF).as("backdrop pixel %d from the model", i).isEqualTo(0xFFFFFF);
            }
        }
        assertThat(r.params()).containsEntry("product_lock", "true").containsEntry("mask", "true");
        assertThat(r.metrics().get("fidelity.iou")).isEqualTo(1.0);
    }

    @Test
    void aRecolouredProductIsAskedForAgainOnceAndThenRejectedWithBothReasons() {
        double oneCall = mock.engine.edit(Stage.DETAIL, request(photo.image(), null, List.of())).costUsd();
        mock.api.received.clear();
        mock.api.behave(FakeImagesApi::recolour);
        EditResult r = mock.engine.edit(Stage.DETAIL, request(photo.image(), null, List.of()));
        assertThat(r.passed()).isFalse();
        assertThat(mock.api.received).as("the step was asked again once").hasSize(2);
        assertThat(r.problems()).hasSize(2);
        assertThat(r.problems().get(0)).startsWith("attempt 1: ")
                .contains("colours drifted").containsPattern("CIEDE2000 mean \\d+\\.\\d\\d").contains("allowed 3.0");
        assertThat(r.problems().get(1)).startsWith("attempt 2: ").contains("colours drifted");
        String second = mock.api.received.get(1).form().field("prompt");
        assertThat(second).startsWith(mock.api.received.get(0).form().field("prompt"))
                .contains("A previous answer to this request was rejected because it changed the product")
                .contains("colours drifted");
        assertThat(r.metrics().get("fidelity.deltaE.mean")).isGreaterThan(10);
        assertThat(r.metrics().get("fidelity.iou")).isCloseTo(1.0, within(0.01));
        assertThat(r.params()).containsEntry("fidelity.attempts", "2").containsKey("fidelity.rejectedAttempts");
        assertThat(r.costUsd()).as("both rejected calls cost money").isGreaterThan(1.9 * oneCall).isGreaterThan(0);
        assertThat(Double.parseDouble(r.params().get("cost.usd"))).isCloseTo(r.costUsd(), within(1e-6));
    }

    @Test
    void aStepAskedAgainPassesWhenTheSecondAnswerKeepsTheProduct() {
        int[] calls = {0};
        mock.api.behave(img -> calls[0]++ == 0 ? FakeImagesApi.recolour(img) : img);
        EditResult r = mock.engine.edit(Stage.DETAIL, request(photo.image(), null, List.of()));
        assertThat(r.passed()).as("problems: %s", r.problems()).isTrue();
        assertThat(mock.api.received).hasSize(2);
        assertThat(r.params()).containsEntry("fidelity.attempts", "2")
                .hasEntrySatisfying("fidelity.rejectedAttempts", v -> assertThat(v).startsWith("attempt 1: ").contains("colours drifted"))
                .hasEntrySatisfying("prompt", v -> assertThat(v).contains("A previous answer to this request was rejected"));
        assertThat(r.metrics().get("fidelity.deltaE.mean")).isLessThan(3.0);
    }

    @Test
    void aLightingStepRecordsTheChangeTheModelMadeAndThePhotosLightAsTheClassicEngineDeclaresThem() {
        // the model brightens by a third of a stop and warms the picture: measured as gains and EV, beside the meter's reading
        mock.api.behave(img -> FidelityStructureTest.gains(img, 1.26 * 1.05, 1.26, 1.26 / 1.05));
        LightMeter meter = photo -> new LightMeter.Reading(0.25, 1.4, new double[] {1.05, 1, 0.8});
        EditResult r = mock.engine.withLightMeter(meter).edit(Stage.LIGHTING, request(photo.image(), null, List.of()));
        assertThat(r.params()).containsEntry("lighting.measured", "true")
                .containsEntry("wbEvidence", "0.2500").containsEntry("wbEstimatedCast", "1.4000").containsEntry("gainG", "1.0000");
        assertThat(Double.parseDouble(r.params().get("exposureEv"))).isCloseTo(Math.log(1.26) / Math.log(2), within(0.05));
        assertThat(Double.parseDouble(r.params().get("gainR"))).isCloseTo(1.05, within(0.02));
        assertThat(Double.parseDouble(r.params().get("gainB"))).isCloseTo(1 / 1.05, within(0.02));
        // the quality check reads it as a declared intent
        dev.refinery.quality.LightingIntent intent = dev.refinery.quality.LightingIntent.fromParams(r.params());
        assertThat(intent).isNotNull();
        assertThat(intent.whiteBalanceEvidence()).isEqualTo(0.25);
        // the meter asked for red 1.05, blue 0.8; the model gave red 1.05, blue 0.95: a cast of 0.95/0.8 is left
        assertThat(intent.residualCast()).isCloseTo(0.95 / 0.8, within(0.03));
        assertThat(r.params()).as("the meter asked for no brightening").doesNotContainKey("exposureShort");
        // a dark photo the model left dark: the brightening the meter asks for and did not get is declared
        LightMeter darkMeter = photo -> new LightMeter.Reading(0.25, 1.4, new double[] {1.05, 1, 0.8}, 1.2);
        EditResult dark = mock.engine.withLightMeter(darkMeter).edit(Stage.LIGHTING, request(photo.image(), null, List.of()));
        assertThat(Double.parseDouble(dark.params().get("exposureShort"))).isCloseTo(1.2 - Math.log(1.26) / Math.log(2), within(0.06));
        EditResult without = mock.engine.edit(Stage.LIGHTING, request(photo.image(), null, List.of()));
        assertThat(without.params()).as("no meter: the light the lock applied is declared, no evidence about the photo's light")
                .containsKey("gainR").doesNotContainKey("wbEvidence");
    }

    @Test
    void aRecolouredProductInTheLightingStepIsCaughtDespiteItsWiderAllowance() {
        mock.api.behave(FakeImagesApi::recolour);
        EditResult r = mock.engine.edit(Stage.LIGHTING, request(photo.image(), null, List.of()));
        assertThat(r.passed()).isFalse();
        assertThat(r.problems()).allSatisfy(p -> assertThat(p).contains("allowed 8.0"));
    }

    @Test
    void printErasedInPlaceIsCaughtAgainstTheSellersPhoto() {
        mock.api.behave(FakeImagesApi::erasePrint);
        EditResult r = mock.engine.edit(Stage.DETAIL, request(photo.image(), null, List.of()));
        assertThat(r.passed()).isFalse();
        assertThat(r.problems()).allSatisfy(p -> assertThat(p)
                .contains("printing and edges no longer match the seller's photo").containsPattern("structure 0\\.\\d\\d, needs 0\\.68"));
        assertThat(r.metrics().get("fidelity.photo.structure")).isLessThan(0.68);
    }

    @Test
    void aFaithfulAnswerKeepsTheStructureOfTheSellersPhoto() {
        EditResult r = mock.engine.edit(Stage.DETAIL, request(photo.image(), null, List.of()));
        assertThat(r.passed()).as("problems: %s", r.problems()).isTrue();
        assertThat(r.metrics().get("fidelity.photo.structure")).isGreaterThan(0.95);
        assertThat(r.params()).containsEntry("fidelity.attempts", "1").doesNotContainKey("fidelity.rejectedAttempts");
        assertThat(mock.api.received).hasSize(1);
    }

    @Test
    void aReshapedProductIsCaughtByTheFidelityCheckEvenBehindTheLock() {
        mock.api.behave(FakeImagesApi::reshape);
        EditResult r = mock.engine.edit(Stage.BACKGROUND, request(photo.image(), null, List.of()));
        assertThat(r.passed()).isFalse();
        assertThat(r.problems()).anySatisfy(p -> assertThat(p).contains("shape drifted").contains("drew product beyond its outline")
                .containsPattern("overlap 0\\.\\d{3}").contains("needs at least 0.90"));
        assertThat(r.metrics().get("fidelity.iou")).isLessThan(0.9);
    }

    @Test
    void aReshapedProductInTheDetailStepIsCaught() {
        mock.api.behave(FakeImagesApi::reshape);
        EditResult r = mock.engine.edit(Stage.DETAIL, request(ImageOps.withAlpha(photo.image(), photo.mask()), null, List.of()));
        assertThat(r.passed()).isFalse();
        // the outline is the cut-out's (kept), so the stretched inside shows as structure no longer the photo's
        assertThat(r.problems()).anySatisfy(p -> assertThat(p).contains("no longer match the seller's photo"));
    }

    @Test
    void laterStagesKeepTheCutOutTheyWereGiven() {
        BufferedImage cutout = ImageOps.withAlpha(photo.image(), photo.mask());
        EditResult r = mock.engine.edit(Stage.DETAIL, request(cutout, null, List.of()));
        assertThat(r.passed()).isTrue();
        assertThat(Masks.iou(Masks.alphaOf(r.image()), photo.mask())).isEqualTo(1.0);
        assertThat(mock.api.received.get(0).form().named("mask")).as("detail sends no mask").isEmpty();
    }

    @Test
    void aNonSquarePhotoIsPaddedForTheModelAndMappedBack() {
        TestPhotos.Photo wide = TestPhotos.bottle(1000, 250);
        EditResult r = mock.engine.edit(Stage.LIGHTING, new EditRequest(wide.image(), wide.image(), List.of("amazon-main"),
                null, Map.of(), List.of(), Map.of(), "tenant-a"));
        assertThat(r.passed()).as("%s", r.problems()).isTrue();
        assertThat(r.image().getWidth()).isEqualTo(1000);
        assertThat(r.image().getHeight()).isEqualTo(250);
        String size = mock.api.received.get(0).form().field("size");
        String[] wh = size.split("x");
        int w = Integer.parseInt(wh[0]), h = Integer.parseInt(wh[1]);
        assertThat(w).isLessThanOrEqualTo(3 * h); // aspect padded to 3:1
        assertThat(w % 16 + h % 16).isZero();
    }

    @Test
    void costComesFromTheReportedUsageAndIsRecordedPerTenant() {
        EditResult r = mock.engine.edit(Stage.LIGHTING, request(photo.image(), null, List.of()));
        // gpt-image-2 prices from the bundled table: $5 text in, $8 image in, $30 image out per 1M tokens.
        double expected = (FakeImagesApi.TEXT_IN * 5.0 + FakeImagesApi.IMAGE_IN * 8.0 + FakeImagesApi.IMAGE_OUT * 30.0) / 1e6;
        assertThat(r.costUsd()).isCloseTo(expected, within(1e-12));
        assertThat(r.metrics()).containsEntry("tokens.output.image", (double) FakeImagesApi.IMAGE_OUT)
                .containsEntry("tokens.input.text", (double) FakeImagesApi.TEXT_IN)
                .containsEntry("tokens.input.image", (double) FakeImagesApi.IMAGE_IN);
        assertThat(r.params()).containsEntry("cost.basis", "usage");
        assertThat(mock.ledger.spent("tenant-a")).isCloseTo(expected, within(1e-12));
        assertThat(mock.ledger.spent("tenant-b")).isZero();
    }

    @Test
    void anExhaustedCapRefusesTheStepBeforeAnyCall() {
        try (MockApi capped = new MockApi(c -> c, new InMemorySpendLedger(0.05, Map.of("rich", 100.0)))) {
            EditRequest req = request(photo.image(), null, List.of());
            capped.ledger.record("tenant-a", 0.049);
            assertThatThrownBy(() -> capped.engine.edit(Stage.LIGHTING, req))
                    .isInstanceOf(SpendingCapExceededException.class)
                    .hasMessageContaining("Tenant tenant-a has spent $0.0490 of its $0.05 cap")
                    .satisfies(e -> assertThat(((SpendingCapExceededException) e).retryable()).isFalse())
                    .satisfies(e -> assertThat(((SpendingCapExceededException) e).reason()).contains("REFINERY_OPENAI_TENANT_CAPS"));
            assertThat(capped.api.received).as("no call was made").isEmpty();
            EditRequest rich = new EditRequest(photo.image(), photo.image(), List.of("amazon-main"), null, Map.of(), List.of(), Map.of(), "rich");
            assertThat(capped.engine.edit(Stage.LIGHTING, rich).passed()).isTrue();
        }
    }

    @Test
    void generateMakesATrainedAlgorithmicMediaBase() {
        EditResult r = mock.engine.generate(new GenerateRequest("a ceramic vase with a red and blue checker glaze",
                List.of("amazon-main"), Map.of("category", "furniture"), "tenant-a"));
        assertThat(r.passed()).isTrue();
        assertThat(r.params()).containsEntry("provenance", "trainedAlgorithmicMedia")
                .containsEntry("template.version", "furniture@1").containsEntry("size", "1920x1920");
        assertThat(r.image().getWidth()).isEqualTo(1920);
        String prompt = OpenApiContractFree.prompt(mock.api.received.get(0).body());
        assertThat(prompt).contains("a ceramic vase with a red and blue checker glaze").contains("Amazon main image");
    }

    @Test
    void aSceneIsComposedAtThePresetsFillAndKeepsTheLockedProductUnderItsAlpha() {
        BufferedImage master = ImageOps.withAlpha(photo.image(), photo.mask());
        mock.api.behave(FakeImagesApi::sceneOutsideMask);
        EditResult r = mock.engine.edit(Stage.FINALIZE, new EditRequest(master, photo.image(), List.of("lifestyle"), null,
                Map.of("scene", "lifestyle"), List.of("background: cut out"), Map.of("category", "food"), "tenant-a"));
        assertThat(r.passed()).as("%s %s", r.problems(), r.metrics()).isTrue();
        FakeImagesApi.Received req = mock.api.received.get(0);
        assertThat(req.form().field("size")).isEqualTo("1920x1920"); // lifestyle is square; the largest square in the budget
        assertThat(req.form().field("output_format")).isEqualTo("jpeg");
        assertThat(req.form().field("output_compression")).isEqualTo("95");
        assertThat(req.form().field("prompt")).contains("Place the product in a clean, appetising kitchen or table setting");

        BufferedImage scene = r.image();
        assertThat(scene.getWidth()).isEqualTo(1920);
        assertThat(scene.getHeight()).isEqualTo(1920);
        float[] alpha = Masks.alphaOf(scene);
        java.awt.Rectangle box = Masks.boundingBox(alpha, 1920, 1920, 0.5);
        assertThat(Math.max(box.width, box.height) / 1920.0).isCloseTo(0.60, within(0.01));
        assertThat(box.getCenterX() / 1920).isCloseTo(0.5, within(0.01));
        // Under alpha 0 the RGB is the scene the model painted, not a backdrop colour.
        assertThat(new java.awt.Color(scene.getRGB(10, 1900) & 0xFFFFFF)).isNotEqualTo(java.awt.Color.WHITE);
        assertThat(scene.getRGB(10, 1900) >>> 24).isZero();
        assertThat(r.params()).containsEntry("scene", "lifestyle").containsEntry("product_lock", "true");
    }

    @Test
    void aSceneWhoseProductTheModelRepaintedIsCaught() {
        BufferedImage master = ImageOps.withAlpha(photo.image(), photo.mask());
        mock.api.behave((img, form) -> FakeImagesApi.recolour(FakeImagesApi.sceneOutsideMask(img, form)));
        EditResult r = mock.engine.edit(Stage.FINALIZE, new EditRequest(master, photo.image(), List.of("lifestyle"), null,
                Map.of("scene", "lifestyle"), List.of(), Map.of(), "tenant-a"));
        assertThat(r.passed()).isFalse();
        assertThat(r.problems()).as("asked twice, rejected twice").hasSize(2)
                .allSatisfy(p -> assertThat(p).contains("moved or repainted the product").contains("allowed 6.0"));
    }

    @Test
    void aFinalizeEditWithoutASceneHintIsAProgrammingError() {
        assertThatThrownBy(() -> mock.engine.edit(Stage.FINALIZE, request(photo.image(), null, List.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scene=<preset id>");
        assertThatThrownBy(() -> mock.engine.edit(Stage.BASE, request(photo.image(), null, List.of())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anImageWithoutAProductIsRefusedBeforeAnyCall() {
        BufferedImage blank = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        EditResult r = mock.engine.edit(Stage.LIGHTING, request(blank, null, List.of()));
        assertThat(r.passed()).isFalse();
        assertThat(r.problems()).singleElement().asString().contains("no product could be found");
        assertThat(mock.api.received).isEmpty();
        assertThat(r.costUsd()).isZero();
    }

    @Test
    void theProductsTrueColourIsComputedWithoutAModelCallAndDeclared() {
        // a cut-out (as detail receives it) of a plain blue bottle, shaded from left to right (the test photo's
        // red and yellow checker is all print: islands of a colour, no body to move)
        int w = photo.image().getWidth(), h = photo.image().getHeight();
        BufferedImage cutout = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        for (int i = 0; i < w * h; i++) {
            int shade = 150 - 40 * (i % w) / w;
            cutout.setRGB(i % w, i / w, photo.mask()[i] >= 0.5f ? 0xFF000000 | (shade / 4) << 16 | (shade / 2) << 8 | shade : 0);
        }
        double[] body = dev.refinery.color.BodyColourShift.body(dev.refinery.color.ArgbPixels.of(cutout).argb()).lab();
        String hex = String.format("#%06x", dev.refinery.color.ColorMath.labToRgb(new double[] {body[0] - 2, body[1] + 3, body[2] + 4}));
        EditResult r = mock.engine.edit(Stage.DETAIL, new EditRequest(cutout, photo.image(), List.of("amazon-main"), "the bottle is " + hex,
                Map.of("colour", hex, "expect", "colour"), List.of(), Map.of("category", "jewelry"), "tenant-a"));
        assertThat(mock.api.received).as("no image-model call").isEmpty();
        assertThat(r.passed()).as("problems: %s", r.problems()).isTrue();
        assertThat(r.costUsd()).isZero();
        assertThat(r.params()).containsKeys("colour.body", "colour.delta").doesNotContainKey("prompt");
        double[] after = dev.refinery.color.BodyColourShift.body(dev.refinery.color.ArgbPixels.of(r.image()).argb()).lab();
        double[] target = dev.refinery.color.NamedColours.find(hex).orElseThrow().lab();
        assertThat(dev.refinery.color.ColorMath.deltaE2000(after, target)).isLessThan(1.5);
        assertThat(Masks.alphaOf(r.image())).isEqualTo(Masks.alphaOf(cutout));
        // on a photo with no cut-out there is no product to recolour: rejected with the reason, still no call
        EditResult opaque = mock.engine.edit(Stage.DETAIL, new EditRequest(photo.image(), photo.image(), List.of("amazon-main"), null,
                Map.of("colour", "navy"), List.of(), Map.of(), "tenant-a"));
        assertThat(opaque.passed()).isFalse();
        assertThat(opaque.problems()).singleElement().satisfies(p -> assertThat(p).contains("only on a cut-out"));
        assertThat(mock.api.received).isEmpty();
    }

    @Test
    void workIsPricedBeforeItStartsAsARangeFromThePriceTable() {
        var work = dev.refinery.engine.EstimateRequest.firstPass("tenant-a", List.of("amazon-main", "lifestyle"), true, 1600, 1200, 2);
        dev.refinery.engine.CostEstimate e = mock.engine.estimate(work);
        assertThat(e.parts()).containsOnlyKeys("base", "lighting", "background", "detail", "scene:lifestyle", "fixups");
        double base = e.parts().get("base").lowUsd(), edit = e.parts().get("lighting").lowUsd(), scene = e.parts().get("scene:lifestyle").lowUsd();
        assertThat(e.parts().get("background").lowUsd()).isEqualTo(edit);
        var tight = org.assertj.core.data.Offset.offset(1e-9);
        // low: every call once; high: every stage call and scene twice, and two fix-ups that each run all of them again, twice
        assertThat(e.lowUsd()).isCloseTo(base + 3 * edit + scene, tight);
        assertThat(e.highUsd()).isCloseTo(base + 2 * (3 * edit + scene) + 2 * 2 * (3 * edit + scene), tight);
        assertThat(e.modelCalls()).isEqualTo(5);
        assertThat(e.maxModelCalls()).isEqualTo(1 + 2 * 4 + 2 * 2 * 4);
        // an edit priced as the engine prices a call before making it: what an edit of this photo is charged at most
        assertThat(edit).isBetween(0.01, 1.0);
        assertThat(e.basis()).contains("gpt-image-2").contains("2 fix-ups");
        // what the tenant's cap leaves, and the estimate that crosses it
        assertThat(e.capRemainingUsd()).as("the test tenant is uncapped").isNull();
        try (MockApi capped = new MockApi(c -> c, new InMemorySpendLedger(e.highUsd() / 2, Map.of()))) {
            dev.refinery.engine.CostEstimate c = capped.engine.estimate(work);
            assertThat(c.capRemainingUsd()).isCloseTo(e.highUsd() / 2, tight);
            assertThat(c.crossesCap()).isTrue();
        }
        // a round of one lighting edit on a photo of unknown size (taken as the model's largest request)
        dev.refinery.engine.CostEstimate round = mock.engine.estimate(new dev.refinery.engine.EstimateRequest("tenant-a", List.of("amazon-main"),
                false, 0, 0, Map.of(Stage.LIGHTING, 1), 2, false));
        assertThat(round.parts()).containsOnlyKeys("lighting", "fixups");
        assertThat(round.modelCalls()).isEqualTo(1);
    }
}
