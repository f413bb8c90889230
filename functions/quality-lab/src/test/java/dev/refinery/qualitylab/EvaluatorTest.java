package dev.refinery.qualitylab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.refinery.color.ColorMath;
import dev.refinery.domain.Preset;
import dev.refinery.domain.PresetCatalog;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluatorTest {
    @TempDir
    Path tmp;

    private final Preset amazon = PresetCatalog.bundled().get("amazon-main");

    private PhotoScore score(String status, BufferedImage cutout, java.util.function.Consumer<BufferedImage> edit) throws Exception {
        CorpusPhoto truth = CorpusPhoto.read(HandMade.corpusPhoto(tmp.resolve("corpus"), "box"));
        Refined r = Refined.read(HandMade.refined(tmp.resolve("out-" + System.nanoTime()), "box", status, cutout, edit), "amazon-main");
        return Evaluator.evaluate(truth, r, amazon);
    }

    @Test
    void theExactCutOutFinishedIsGood() throws Exception {
        PhotoScore s = score("COMPLETED", HandMade.exactCutout(), null);
        assertThat(s.iou()).isEqualTo(1.0);
        assertThat(s.boundaryF()).isEqualTo(1.0);
        assertThat(s.deltaEInput()).isCloseTo(0, within(1e-6));
        assertThat(s.deltaEFinal()).isLessThan(1.5); // resampling and JPEG only
        assertThat(s.labelSsim()).isGreaterThan(0.9);
        assertThat(s.labelSsimInput()).isCloseTo(1.0, within(1e-9)); // the photo is the clean render here
        assertThat(s.fringe()).isLessThan(3);
        assertThat(s.borderWhite()).isTrue();
        assertThat(s.fill()).isCloseTo(0.87, within(0.01));
        assertThat(s.extraneous()).isEqualTo(0.0);
        assertThat(s.compliant()).isTrue();
        assertThat(s.good()).isTrue();
        assertThat(s.broken()).isFalse();
        assertThat(s.brokenBy()).isEmpty();
        assertThat(s.falsePass()).isFalse();
        assertThat(s.problems()).isEmpty();
    }

    @Test
    void aGoodFinalSentToReviewIsANeedlessReview() throws Exception {
        PhotoScore s = score("NEEDS_REVIEW", HandMade.exactCutout(), null);
        assertThat(s.good()).isTrue();
        assertThat(s.needlessReview()).isTrue();
    }

    @Test
    void aKeptPropIsNotCompliantAndItsPassIsFalse() throws Exception {
        PhotoScore s = score("COMPLETED", HandMade.exactCutout(), fin -> {
            Graphics2D g = fin.createGraphics();
            g.setColor(new Color(0x6B4A2A));
            g.fillRect(10, 200, 160, 250); // a strip of table left on the white, 1% of the canvas, clear of the product's halo
            g.dispose();
        });
        assertThat(s.extraneous()).isCloseTo(0.01, within(1e-4));
        assertThat(s.compliant()).isFalse();
        assertThat(s.broken()).isTrue();
        assertThat(s.brokenBy()).containsExactly("compliance");
        assertThat(s.falsePass()).isTrue();
    }

    @Test
    void aClippedLabelIsDetailLost() throws Exception {
        // the label's text erased: its dark strokes become the label's paper colour
        PhotoScore s = score("COMPLETED", HandMade.exactCutout(), fin -> {
            for (int y = 0; y < fin.getHeight(); y++) {
                for (int x = 0; x < fin.getWidth(); x++) {
                    int v = fin.getRGB(x, y);
                    int luma = (((v >> 16) & 0xFF) * 299 + ((v >> 8) & 0xFF) * 587 + (v & 0xFF) * 114) / 1000;
                    if (luma < 60) {
                        fin.setRGB(x, y, 0xF0F0E8);
                    }
                }
            }
        });
        assertThat(s.labelSsim()).isLessThan(0.5);
        assertThat(s.brokenBy()).containsExactly("label");
        assertThat(s.compliant()).isTrue();
        assertThat(s.broken()).isTrue();
    }

    @Test
    void aDarkerLabelWithItsPrintIntactIsDetailKept() throws Exception {
        // exposure is ΔE's business: the same label one stop darker (linear gain 0.5) keeps its detail
        PhotoScore s = score("COMPLETED", HandMade.exactCutout(), fin -> {
            for (int y = 0; y < fin.getHeight(); y++) {
                for (int x = 0; x < fin.getWidth(); x++) {
                    int v = fin.getRGB(x, y);
                    int r = (int) Math.round(((v >> 16) & 0xFF) * 0.73), g = (int) Math.round(((v >> 8) & 0xFF) * 0.73),
                            b = (int) Math.round((v & 0xFF) * 0.73);
                    fin.setRGB(x, y, (r << 16) | (g << 8) | b);
                }
            }
        });
        assertThat(s.labelSsim()).isGreaterThan(0.9);
    }

    @Test
    void anErodedCutOutLosesIou() throws Exception {
        BufferedImage cut = HandMade.exactCutout();
        // drop the product's left 20 columns (a third): IoU 40/60
        for (int y = 0; y < HandMade.H; y++) {
            for (int x = HandMade.X0; x < HandMade.X0 + 20; x++) {
                cut.setRGB(x, y, cut.getRGB(x, y) & 0xFFFFFF);
            }
        }
        PhotoScore s = score("COMPLETED", cut, null);
        assertThat(s.iou()).isCloseTo(40 / 60.0, within(1e-9));
        assertThat(s.broken()).isTrue();
        assertThat(s.brokenBy()).contains("IoU");
        assertThat(s.falsePass()).isTrue();
    }

    @Test
    void aColourShiftShowsInDeltaEOut() throws Exception {
        PhotoScore s = score("COMPLETED", HandMade.exactCutout(), fin -> {
            for (int y = 0; y < fin.getHeight(); y++) {
                for (int x = 0; x < fin.getWidth(); x++) {
                    int v = fin.getRGB(x, y) & 0xFFFFFF;
                    if (v != 0xFFFFFF) {
                        int r = (v >> 16) & 0xFF, gg = (v >> 8) & 0xFF, b = v & 0xFF;
                        fin.setRGB(x, y, (Math.min(255, r + 40) << 16) | (gg << 8) | Math.max(0, b - 10));
                    }
                }
            }
        });
        assertThat(s.deltaEFinal()).isGreaterThan(5);
        assertThat(s.broken()).isTrue();
        assertThat(s.brokenBy()).contains("ΔE");
    }

    @Test
    void regionColourUsesCoresCiede2000() {
        // one region, every sample exactly its true colour: 0; a known colour pair: ColorMath's value
        int[] idx = {0, 1, 2, 3};
        CorpusPhoto.Region region = new CorpusPhoto.Region(1, "r", new int[] {10, 200, 30}, ColorMath.rgbToLab(0x0AC81E), 4);
        Double same = Evaluator.regionDeltaE(Map.of(1, idx), Map.of(1, region), (i, out) -> {
            out[0] = 10;
            out[1] = 200;
            out[2] = 30;
        }, 2);
        assertThat(same).isCloseTo(0, within(1e-9));
        Double other = Evaluator.regionDeltaE(Map.of(1, idx), Map.of(1, region), (i, out) -> {
            out[0] = 40;
            out[1] = 180;
            out[2] = 60;
        }, 2);
        assertThat(other).isCloseTo(ColorMath.deltaE2000(0x28B43C, 0x0AC81E), within(1e-9));
    }

    @Test
    void fractionalSrgbAgreesWithCoreOnWholeLevels() {
        for (int v : new int[] {0x000000, 0x0AC81E, 0x808080, 0xF0F0E8, 0xFFFFFF, 0x010203}) {
            double[] a = Evaluator.srgbToLab((v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF), b = ColorMath.rgbToLab(v);
            for (int i = 0; i < 3; i++) {
                assertThat(a[i]).isCloseTo(b[i], within(1e-9));
            }
        }
    }

    @Test
    void castSetsExposureAside() {
        double[] trueLab = ColorMath.rgbToLab(0xC08060);
        // the true colour one stop darker (linear half): a large ΔE, no cast
        int dark = (ColorMath.fromLinear(ColorMath.toLinear(0xC0) / 2) << 16) | (ColorMath.fromLinear(ColorMath.toLinear(0x80) / 2) << 8)
                | ColorMath.fromLinear(ColorMath.toLinear(0x60) / 2);
        double[] darkLab = ColorMath.rgbToLab(dark);
        assertThat(ColorMath.deltaE2000(darkLab, trueLab)).isGreaterThan(10);
        double[] same = Evaluator.sameLightness((dark >> 16) & 0xFF, (dark >> 8) & 0xFF, dark & 0xFF, trueLab);
        assertThat(ColorMath.deltaE2000(same, trueLab)).isLessThan(0.6); // 8-bit rounding only
        // a green cast stays
        double[] green = Evaluator.sameLightness(0xA0, 0x90, 0x50, trueLab);
        assertThat(ColorMath.deltaE2000(green, trueLab)).isGreaterThan(5);
    }

    @Test
    void fringeSeesTheOldBackdropAlongTheEdge() {
        int w = 40, h = 30;
        boolean[] mask = SegmentationTest.rect(w, h, 10, 5, 20, 20);
        int[] px = new int[w * h], reg = new int[w * h];
        for (int i = 0; i < px.length; i++) {
            px[i] = mask[i] ? 0xC03020 : 0xFFFFFF;
            reg[i] = mask[i] ? 1 : 0;
        }
        FinalizeTransform identity = new FinalizeTransform(1, 0, 0, 0, 0, w, h, 1);
        Map<Integer, CorpusPhoto.Region> regions = Map.of(1, new CorpusPhoto.Region(1, "body", new int[] {0xC0, 0x30, 0x20},
                ColorMath.rgbToLab(0xC03020), 400));
        Raster8 regionRaster = new Raster8(w, h, reg);
        assertThat(Evaluator.fringe(new Raster8(w, h, px.clone()), identity, mask, regionRaster, regions, null, w, h))
                .isCloseTo(0, within(1e-9));
        // the outer 3 px of the product keep the old grey backdrop
        float[] inside = Segmentation.insideDistance(mask, w, h);
        for (int i = 0; i < px.length; i++) {
            if (mask[i] && inside[i] <= 3) {
                px[i] = 0x808080;
            }
        }
        assertThat(Evaluator.fringe(new Raster8(w, h, px), identity, mask, regionRaster, regions, null, w, h)).isGreaterThan(20);
    }
}
