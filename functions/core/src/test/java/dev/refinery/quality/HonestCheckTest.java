package dev.refinery.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refinery.color.ArgbPixels;
import dev.refinery.color.BodyColourShift;
import dev.refinery.color.ColorMath;
import dev.refinery.domain.ImageFormat;
import dev.refinery.domain.Preset;
import dev.refinery.domain.Stage;
import dev.refinery.engine.ImageCodec;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntBinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The checks that judge a final against the seller's photo: an honest final passes them, and each
 * way a stage can break a final without breaking the preset's rules is caught by name.
 */
class HonestCheckTest {
    private static final int W = 1800, H = 1350, CANVAS = 1000;
    private static final int PX = 600, PY = 300, PW = 600, PH = 750;
    // 1:1, within the test preset's enlargement limit (0.75 × 1000 × 0.015 / 9 = 1.25)
    private static final double SCALE = 1.0;
    private static final Placement PLACEMENT = new Placement(SCALE, PX, PY, (CANVAS - PW * SCALE) / 2, (CANVAS - PH * SCALE) / 2);
    private final QualityChecker checker = new QualityChecker();
    private final Preset preset = new Preset("honest", "test", CANVAS, CANVAS, ImageFormat.PNG, 90, 50_000_000, 1000,
            new Preset.Backdrop(Preset.Backdrop.Kind.WHITE, 0xFFFFFF, 0.99), new Preset.FillRule(0.70, 0.80, 0.75),
            0.02, 0, 3.0, false, false, Map.of(), "");

    /** A blue carton with a white label of dark text lines on a beige, slightly noisy wall. */
    private static int[] photo() {
        int[] px = new int[W * H];
        Random noise = new Random(7);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int shade = 200 - y * 30 / H + noise.nextInt(5) - 2;
                int c = rgb(shade, shade - 10, shade - 30);
                if (inProduct(x, y)) {
                    c = rgb(40, 90, 160);
                    boolean label = x >= PX + 80 && x < PX + PW - 80 && y >= PY + 150 && y < PY + 350;
                    if (label) {
                        boolean text = (y - PY - 170) % 24 < 8 && (x - PX - 100) % 14 < 9 && y < PY + 330 && x < PX + PW - 100;
                        c = text ? rgb(30, 30, 30) : rgb(235, 232, 225);
                    }
                }
                px[y * W + x] = 0xFF000000 | c;
            }
        }
        return px;
    }

    private static boolean inProduct(int x, int y) {
        return x >= PX && x < PX + PW && y >= PY && y < PY + PH;
    }

    private static int rgb(int r, int g, int b) {
        return (clamp(r) << 16) | (clamp(g) << 8) | clamp(b);
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    /** The master: the photo's pixels with the cut-out as alpha. */
    private static int[] master(int[] photo, IntBinaryOperator inCutout) {
        int[] m = new int[photo.length];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                m[y * W + x] = inCutout.applyAsInt(x, y) != 0 ? photo[y * W + x] : 0;
            }
        }
        return m;
    }

    /** Finalize's work by hand: the master placed on white through {@link #PLACEMENT} (nearest neighbour), and its mask. */
    private static BufferedImage[] finish(int[] master, java.util.function.IntUnaryOperator edit) {
        BufferedImage canvas = new BufferedImage(CANVAS, CANVAS, BufferedImage.TYPE_INT_RGB);
        BufferedImage mask = new BufferedImage(CANVAS, CANVAS, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < CANVAS; y++) {
            for (int x = 0; x < CANVAS; x++) {
                int sx = (int) Math.floor((x + 0.5 - PLACEMENT.offsetX()) / SCALE + PX), sy = (int) Math.floor((y + 0.5 - PLACEMENT.offsetY()) / SCALE + PY);
                int c = sx >= 0 && sy >= 0 && sx < W && sy < H ? master[sy * W + sx] : 0;
                boolean product = (c >>> 24) > 0;
                canvas.setRGB(x, y, product ? edit.applyAsInt(c) & 0xFFFFFF : 0xFFFFFF);
                mask.getRaster().setSample(x, y, 0, product ? 255 : 0);
            }
        }
        return new BufferedImage[] {canvas, mask};
    }

    /** The check of a final finalize made unedited from {@code master}, with lighting's declaration and the background stage's metrics. */
    private QualityReport judge(int[] photo, int[] master, LightingIntent lighting, Map<String, Double> background) {
        BufferedImage[] f = finish(master, c -> c);
        BufferedImage masterImage = image(master, W, H, true);
        return checker.check(preset, ImageCodec.png(f[0]), f[1], masterImage,
                new BaseEvidence(new ArgbPixels(W, H, photo), ArgbPixels.of(masterImage), PLACEMENT, lighting, background));
    }

    private QualityReport judge(int[] photo, int[] master, java.util.function.IntUnaryOperator edit) {
        BufferedImage[] f = finish(master, edit);
        BufferedImage masterImage = image(master, W, H, true);
        BaseEvidence ev = new BaseEvidence(new ArgbPixels(W, H, photo), ArgbPixels.of(masterImage), PLACEMENT, LightingIntent.NONE, Map.of());
        return checker.check(preset, ImageCodec.png(f[0]), f[1], masterImage, ev);
    }

    private static BufferedImage image(int[] argb, int w, int h, boolean alpha) {
        BufferedImage img = new BufferedImage(w, h, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        img.getRaster().setDataElements(0, 0, w, h, argb);
        return img;
    }

    private static List<String> failed(QualityReport r) {
        return r.failures().stream().map(Finding::check).toList();
    }

    /** Where a failed check says it is: its boxes, in pixels of the photo ({x0, y0, x1, y1}, x1 and y1 exclusive). */
    private static List<int[]> where(QualityReport r, String check) {
        return r.failures().stream().filter(f -> f.check().equals(check)).findFirst().orElseThrow().regions().stream()
                .map(g -> new int[] {(int) Math.round(g.x() * W), (int) Math.round(g.y() * H),
                        (int) Math.round((g.x() + g.width()) * W), (int) Math.round((g.y() + g.height()) * H)})
                .toList();
    }

    /** The box lies within {@code [x0, x1) × [y0, y1)}, give or take {@code slack} pixels. */
    private static void within(int[] box, int x0, int y0, int x1, int y1, int slack) {
        assertThat(box[0]).as("left of %s", java.util.Arrays.toString(box)).isBetween(x0 - slack, x1);
        assertThat(box[1]).as("top of %s", java.util.Arrays.toString(box)).isBetween(y0 - slack, y1);
        assertThat(box[2]).as("right of %s", java.util.Arrays.toString(box)).isBetween(x0, x1 + slack);
        assertThat(box[3]).as("bottom of %s", java.util.Arrays.toString(box)).isBetween(y0, y1 + slack);
    }

    /** The box covers {@code [x0, x1) × [y0, y1)}, give or take {@code slack} pixels. */
    private static void covers(int[] box, int x0, int y0, int x1, int y1, int slack) {
        assertThat(box[0]).as("left of %s", java.util.Arrays.toString(box)).isLessThanOrEqualTo(x0 + slack);
        assertThat(box[1]).as("top of %s", java.util.Arrays.toString(box)).isLessThanOrEqualTo(y0 + slack);
        assertThat(box[2]).as("right of %s", java.util.Arrays.toString(box)).isGreaterThanOrEqualTo(x1 - slack);
        assertThat(box[3]).as("bottom of %s", java.util.Arrays.toString(box)).isGreaterThanOrEqualTo(y1 - slack);
    }

    @Test
    void anHonestFinalPassesEveryCheck() {
        int[] photo = photo();
        QualityReport r = judge(photo, master(photo, (x, y) -> inProduct(x, y) ? 1 : 0), c -> c);
        assertThat(r.failures()).isEmpty();
        assertThat(r.findings()).as("a passed finding points nowhere").allMatch(f -> f.regions().isEmpty());
        assertThat(r.metrics()).containsKeys("resolution", "enlargement", "cutout-edges", "cutout-sides", "cutout-frame",
                "cutout-parts", "cutout-severed", "colour-intent", "clipping", "detail-kept", "photo-grain");
    }

    @Test
    void aPhotoTooGrainyForItsPrintIsSaidEvenWhenTheDetailStageCleanedItUp() {
        int[] clean = photo();
        int[] grainy = clean.clone();
        Random grain = new Random(11);
        for (int i = 0; i < grainy.length; i++) {
            int d = (int) Math.round(grain.nextGaussian() * 10);
            int c = clean[i];
            grainy[i] = 0xFF000000 | rgb(((c >> 16) & 0xFF) + d, ((c >> 8) & 0xFF) + d, (c & 0xFF) + d);
        }
        // the master as a perfect denoiser would leave it: the clean pixels
        QualityReport r = judge(grainy, master(clean, (x, y) -> inProduct(x, y) ? 1 : 0), c -> c);
        assertThat(failed(r)).contains("photo-grain").doesNotContain("noise");
        assertThat(r.summary()).contains("more light");
        // the same scene photographed with little grain passes it
        assertThat(judge(clean, master(clean, (x, y) -> inProduct(x, y) ? 1 : 0), c -> c).findings())
                .filteredOn(f -> f.check().equals("photo-grain")).singleElement().matches(Finding::passed);
    }

    @Test
    void aCutoutThatDroppedTheProductsLowerPartIsCaught() {
        // pl-025 of the photo lab: the lower half of a bottle cut away, its outline on the label's edge
        int[] photo = photo();
        QualityReport r = judge(photo, master(photo, (x, y) -> inProduct(x, y) && y < PY + PH * 55 / 100 ? 1 : 0), c -> c);
        assertThat(failed(r)).contains("cutout-left-out");
        assertThat(r.metrics().get("cutout-left-out")).isGreaterThan(0.5);
        // one box: the carton's lower part just under the cut (as far down as the check looks, a fifth of the product's size and more)
        List<int[]> lost = where(r, "cutout-left-out");
        assertThat(lost).hasSize(1);
        int cut = PY + PH * 55 / 100;
        within(lost.get(0), PX, cut, PX + PW, PY + PH, 4);
        covers(lost.get(0), PX, cut, PX + PW, cut + 150, 6);
    }

    @Test
    void aStripOfTheWallKeptBesideTheProductIsCaught() {
        // pl-001 of the photo lab: a wedge of table kept under a bottle, a small share of the outline and the colours
        int[] photo = photo();
        QualityReport r = judge(photo, master(photo, (x, y) -> inProduct(x, y) || (x >= PX + PW && x < PX + PW + 70 && y >= PY && y < PY + PH) ? 1 : 0), c -> c);
        assertThat(failed(r)).contains("cutout-kept-backdrop");
        assertThat(r.metrics().get("cutout-kept-backdrop")).isBetween(0.08, 0.2);
        // the box is the strip of wall, right of the carton, and not the carton
        List<int[]> kept = where(r, "cutout-kept-backdrop");
        assertThat(kept).hasSize(1);
        within(kept.get(0), PX + PW, PY, PX + PW + 70, PY + PH, 2);
        covers(kept.get(0), PX + PW, PY, PX + PW + 70, PY + PH, 2);
    }

    @Test
    void holesCutThroughTheLabelAreCaughtAndAHandlesHoleIsNot() {
        // pl-043 of the photo lab: the label's paper between its print cut out as background
        int[] photo = photo();
        QualityReport r = judge(photo, master(photo, (x, y) -> inProduct(x, y)
                && !(x >= PX + 100 && x < PX + 300 && y >= PY + 200 && y < PY + 300 && (y - PY - 170) % 24 >= 8) ? 1 : 0), c -> c);
        assertThat(failed(r)).contains("cutout-holes");
        // the boxes are the holes in the label (a stripe of paper between each line of print), the five largest
        List<int[]> holes = where(r, "cutout-holes");
        assertThat(holes).hasSize(Regions.MAX_REGIONS);
        for (int[] hole : holes) {
            within(hole, PX + 100, PY + 200, PX + 300, PY + 300, 2);
            assertThat(hole[2] - hole[0]).as("a stripe the label's width").isGreaterThan(190);
            assertThat(hole[3] - hole[1]).as("and the paper's height between two lines").isLessThanOrEqualTo(18);
        }
        // a window through the carton onto the wall behind it (as through a mug's handle) is the product's shape
        int[] window = photo();
        for (int y = PY + 450; y < PY + 600; y++) {
            for (int x = PX + 200; x < PX + 400; x++) {
                window[y * W + x] = photo[(y - PY - 400) * W + x]; // the wall, rows 50-200 above the carton
            }
        }
        QualityReport open = judge(window, master(window, (x, y) -> inProduct(x, y) && !(x >= PX + 200 && x < PX + 400 && y >= PY + 450 && y < PY + 600) ? 1 : 0), c -> c);
        assertThat(failed(open)).as("holes %s", open.metrics().get("cutout-holes")).doesNotContain("cutout-holes");

    }

    @Test
    void aCutoutThatLostTheProductsRimIsCaught() {
        int[] photo = photo();
        int inset = 40;
        QualityReport r = judge(photo, master(photo, (x, y) -> x >= PX + inset && x < PX + PW - inset && y >= PY + inset && y < PY + PH - inset ? 1 : 0), c -> c);
        assertThat(failed(r)).contains("cutout-edges");
        // the outline that runs through the carton: all of it, one box around the cut-out's outline, on the carton
        List<int[]> even = where(r, "cutout-edges");
        assertThat(even).isNotEmpty();
        within(even.get(0), PX, PY, PX + PW, PY + PH, 0);
        covers(even.get(0), PX + inset, PY + inset, PX + PW - inset, PY + PH - inset, 2 * 12);
    }

    @Test
    void aCutoutThatKeptTheWallAroundTheProductIsCaught() {
        int[] photo = photo();
        int grow = 50;
        QualityReport r = judge(photo, master(photo, (x, y) -> x >= PX - grow && x < PX + PW + grow && y >= PY - grow && y < PY + PH + grow ? 1 : 0), c -> c);
        assertThat(failed(r)).contains("cutout-edges");
    }

    @Test
    void aStripOfTableAcrossThePhotoIsCaught() {
        int[] photo = photo();
        QualityReport r = judge(photo, master(photo, (x, y) -> inProduct(x, y) || (y >= PY + PH - 20 && y < PY + PH + 60) ? 1 : 0), c -> c);
        assertThat(failed(r)).contains("cutout-edges");
    }

    @Test
    void aFloorKeptDownToThePhotosEdgeIsCaught() {
        int[] photo = photo();
        QualityReport r = judge(photo, master(photo, (x, y) -> inProduct(x, y) || (y >= PY + PH - 20 && x >= 100 && x < W - 100) ? 1 : 0), c -> c);
        assertThat(failed(r)).contains("cutout-frame");
        // the stretch along the bottom edge, from the edge up to the line the check reads (2.5% of the photo in)
        List<int[]> along = where(r, "cutout-frame");
        assertThat(along).hasSize(1);
        int depth = (int) Math.round(CutoutPlausibility.FRAME_DEPTH * H);
        within(along.get(0), 100, H - 1 - depth, W - 100, H, 1);
        covers(along.get(0), 100, H - 1 - depth, W - 100, H, 1);
    }

    @Test
    void aPropKeptBesideTheProductRunningOffOneSideIsAWeakSignThatCountsWithAnother() {
        // a red book leaning on the carton and running off the photo's right edge (9% of it), kept with the carton
        int[] photo = photo();
        int top = PY + PH - 150, bottom = PY + PH - 30;
        for (int y = top; y < bottom; y++) {
            for (int x = PX + PW; x < W; x++) {
                photo[y * W + x] = 0xFF000000 | rgb(170, 45, 40);
            }
        }
        int[] master = master(photo, (x, y) -> inProduct(x, y) || (x >= PX + PW && y >= top && y < bottom) ? 1 : 0);
        QualityReport alone = judge(photo, master, LightingIntent.NONE, Map.of("startsIoU", 0.99));
        assertThat(failed(alone)).doesNotContain("cutout-frame", "cutout-doubts");
        QualityReport withAnother = judge(photo, master, LightingIntent.NONE, Map.of("startsIoU", 0.75));
        assertThat(failed(withAnother)).contains("cutout-doubts");
        assertThat(withAnother.failures().stream().filter(x -> x.check().equals("cutout-doubts")).findFirst().orElseThrow().message())
                .contains("runs along 9% of the photo's right edge", "two attempts overlap by only 75%");
    }

    @Test
    void aProductModelUnsureWhereTheProductEndsFailsAndAHalfUnsureOneIsAWeakSign() {
        int[] photo = photo();
        int[] master = master(photo, (x, y) -> inProduct(x, y) ? 1 : 0);
        QualityReport sure = judge(photo, master, LightingIntent.NONE, Map.of("salientUnsure", 0.05));
        assertThat(failed(sure)).doesNotContain("cutout-model-unsure", "cutout-doubts");
        QualityReport unsure = judge(photo, master, LightingIntent.NONE, Map.of("salientUnsure", 0.31));
        assertThat(failed(unsure)).contains("cutout-model-unsure");
        Finding f = unsure.failures().stream().filter(x -> x.check().equals("cutout-model-unsure")).findFirst().orElseThrow();
        assertThat(f.message()).contains("unsure over an area 31% of the cut-out's", "photograph the product alone");
        assertThat(f.repairStage()).as("a second run of the model gives the same map: straight to review").isNull();
        // between the bounds: one weak sign alone passes, with another it fails
        QualityReport half = judge(photo, master, LightingIntent.NONE, Map.of("salientUnsure", 0.20));
        assertThat(failed(half)).doesNotContain("cutout-model-unsure", "cutout-doubts");
        QualityReport halfAndStarts = judge(photo, master, LightingIntent.NONE, Map.of("salientUnsure", 0.20, "startsIoU", 0.75));
        assertThat(halfAndStarts.failures().stream().filter(x -> x.check().equals("cutout-doubts")).findFirst().orElseThrow().message())
                .contains("the product model was unsure over an area 20%");
    }

    @Test
    void aRaggedFringeAlongTheFootIsCaughtAndPlacedWhereASmoothOutlinePasses() {
        int[] photo = photo();
        QualityReport smooth = judge(photo, master(photo, (x, y) -> inProduct(x, y) ? 1 : 0), c -> c);
        assertThat(failed(smooth)).doesNotContain("cutout-ragged");
        // the right half of the foot frays into the floor by 0-7 px from pixel to pixel, as a kept shadow's dark core does
        int foot = PY + PH;
        QualityReport frayed = judge(photo, master(photo, (x, y) -> inProduct(x, y)
                || (x >= PX + PW / 2 && x < PX + PW && y >= foot && y < foot + Math.floorMod(x * 7919 + 13, 8)) ? 1 : 0), c -> c);
        assertThat(failed(frayed)).contains("cutout-ragged");
        Finding f = frayed.failures().stream().filter(x -> x.check().equals("cutout-ragged")).findFirst().orElseThrow();
        assertThat(f.message()).contains("outline is ragged along part of it", "zoom in on the marked stretch");
        assertThat(f.repairStage()).isNull();
        List<int[]> boxes = where(frayed, "cutout-ragged");
        assertThat(boxes).isNotEmpty();
        // the stretch is the frayed half of the foot, not the smooth left half or the sides
        within(boxes.get(0), PX + PW / 2 - 100, foot - 100, PX + PW + 100, foot + 100, 0);
    }

    @Test
    void aCutoutInTwoPiecesIsCaught() {
        int[] photo = photo();
        QualityReport r = judge(photo, master(photo, (x, y) -> inProduct(x, y) && (y < PY + 200 || y >= PY + 260) ? 1 : 0), c -> c);
        assertThat(failed(r)).contains("cutout-parts");
        // a box a piece, the larger first
        List<int[]> pieces = where(r, "cutout-parts");
        assertThat(pieces).hasSize(2);
        within(pieces.get(0), PX, PY + 260, PX + PW, PY + PH, 0);
        covers(pieces.get(0), PX, PY + 260, PX + PW, PY + PH, 0);
        within(pieces.get(1), PX, PY, PX + PW, PY + 200, 0);
        covers(pieces.get(1), PX, PY, PX + PW, PY + 200, 0);
    }

    /** The photo with a dark pole, 24 px wide, from the carton's foot down to the photo's bottom edge (a dress form's stand). */
    private static int[] photoOnAPole(int poleEnd) {
        int[] px = photo();
        for (int y = PY + PH; y < poleEnd; y++) {
            for (int x = PX + PW / 2 - 12; x < PX + PW / 2 + 12; x++) {
                px[y * W + x] = 0xFF000000 | rgb(45 + (x - PX - PW / 2) * 2, 45, 48);
            }
        }
        return px;
    }

    @Test
    void aStubOfTheStandKeptUnderTheProductIsCaught() {
        // pl-053 of the photo lab: the dress form's pole kept for 130 px below the shirt, going on to the frame in the photo
        int[] photo = photoOnAPole(H);
        QualityReport r = judge(photo, master(photo, (x, y) -> inProduct(x, y)
                || (y >= PY + PH && y < PY + PH + 130 && Math.abs(x - PX - PW / 2) < 12) ? 1 : 0), c -> c);
        assertThat(failed(r)).contains("cutout-severed");
        // the stub and the pole going on below it, not the carton
        List<int[]> stub = where(r, "cutout-severed");
        assertThat(stub).hasSize(1);
        within(stub.get(0), PX + PW / 2 - 12, PY + PH - 4, PX + PW / 2 + 12, H, 2);
        covers(stub.get(0), PX + PW / 2 - 12, PY + PH, PX + PW / 2 + 12, PY + PH + 200, 2);
        // the whole pole left out: nothing severed
        QualityReport clean = judge(photo, master(photo, (x, y) -> inProduct(x, y) ? 1 : 0), c -> c);
        assertThat(failed(clean)).doesNotContain("cutout-severed");
    }

    @Test
    void aThinPartThatEndsInThePhotoWhereTheCutoutEndsItIsNotSevered() {
        // a handle-like foot, 130 px long, that the photo ends where the cut-out does: backdrop lies beyond its tip
        int[] photo = photoOnAPole(PY + PH + 130);
        QualityReport r = judge(photo, master(photo, (x, y) -> inProduct(x, y)
                || (y >= PY + PH && y < PY + PH + 130 && Math.abs(x - PX - PW / 2) < 12) ? 1 : 0), c -> c);
        assertThat(failed(r)).as("severed %s", r.metrics().get("cutout-severed")).doesNotContain("cutout-severed");
    }

    @Test
    void anUndeclaredExposureChangeIsCaught() {
        int[] photo = photo();
        double gain = Math.pow(2, 1.5);
        QualityReport r = judge(photo, master(photo, (x, y) -> inProduct(x, y) ? 1 : 0), c -> (ColorMath.fromLinear(ColorMath.toLinear(c >> 16) * gain) << 16)
                | (ColorMath.fromLinear(ColorMath.toLinear(c >> 8) * gain) << 8) | ColorMath.fromLinear(ColorMath.toLinear(c) * gain));
        assertThat(failed(r)).contains("colour-intent");
    }

    /** The product brightened by +1.5 EV in linear light, judged with {@code declared} as lighting's intent. */
    private QualityReport brightenedBy15Ev(LightingIntent declared) {
        int[] photo = photo();
        int[] master = master(photo, (x, y) -> inProduct(x, y) ? 1 : 0);
        double gain = Math.pow(2, 1.5);
        BufferedImage[] f = finish(master, c -> (ColorMath.fromLinear(ColorMath.toLinear(c >> 16) * gain) << 16)
                | (ColorMath.fromLinear(ColorMath.toLinear(c >> 8) * gain) << 8) | ColorMath.fromLinear(ColorMath.toLinear(c) * gain));
        BufferedImage masterImage = image(master, W, H, true);
        BaseEvidence ev = new BaseEvidence(new ArgbPixels(W, H, photo), ArgbPixels.of(masterImage), PLACEMENT, declared, Map.of());
        return checker.check(preset, ImageCodec.png(f[0]), f[1], masterImage, ev);
    }

    @Test
    void aDeclaredCorrectionIsNotAChangeButALargeOneIsAGuess() {
        QualityReport r = brightenedBy15Ev(new LightingIntent(1, 1, 1, 1.5, 0));
        // the final is what lighting declared (no undeclared change) ...
        assertThat(r.findings()).filteredOn(x -> x.check().equals("colour-intent")).allMatch(Finding::passed);
        // ... but +1.5 EV is more than a photo's evidence supports without a person looking
        assertThat(failed(r)).contains("lighting-change");
        assertThat(r.summary()).contains("+1.50 EV");
    }

    @Test
    void aLargeBrighteningIsRightWhereThePhotosMeterAskedForIt() {
        java.util.function.DoubleFunction<QualityReport> withMeter = metered -> brightenedBy15Ev(
                new LightingIntent(1, 1, 1, 1.5, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, metered));
        // the meter read the photo as 1.4 EV dark: +1.5 EV is its correction, not a guess
        QualityReport asked = withMeter.apply(1.4);
        assertThat(asked.findings()).filteredOn(x -> x.check().equals("lighting-change")).singleElement()
                .satisfies(x -> assertThat(x.passed()).isTrue())
                .satisfies(x -> assertThat(x.expected()).contains("as the photo's meter asked (+1.40 EV)"));
        // a model that brightened a photo its meter read as nearly right is still guessing
        assertThat(failed(withMeter.apply(0.3))).contains("lighting-change");
        // no meter reading: the plain bound
        assertThat(failed(withMeter.apply(Double.NaN))).contains("lighting-change");
        // the seller's "brighter" on top of the meter's correction is weighed against the first reading
        LightingIntent composed = new LightingIntent(1, 1, 1, 1.2, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 1.2)
                .then(new LightingIntent(1, 1, 1, 0.5, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0));
        assertThat(composed.exposureMetered()).isEqualTo(1.2);
        assertThat(FidelityToPhoto.meteredBrightening(composed)).isFalse();
        assertThat(FidelityToPhoto.meteredBrightening(new LightingIntent(1, 1, 1, 1.9, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, 2.0))).as("beyond the engine's cap").isFalse();
        assertThat(LightingIntent.fromParams(Map.of("gainR", "1", "gainG", "1", "gainB", "1", "exposureEv", "1.3", "exposureMetered", "1.3"))
                .exposureMetered()).isEqualTo(1.3);
    }

    @Test
    void aLabelWashedOutToWhiteIsCaught() {
        int[] photo = photo();
        QualityReport r = judge(photo, master(photo, (x, y) -> inProduct(x, y) ? 1 : 0), c -> (c & 0xFFFFFF) == rgb(40, 90, 160) ? c : 0xFFFFFF);
        assertThat(failed(r)).contains("clipping", "detail-kept");
        // the label, on the photo (the grid of the check's cells reads the label's inside, its edge cells are part carton)
        List<int[]> white = where(r, "clipping");
        assertThat(white).isNotEmpty();
        within(white.get(0), PX + 80, PY + 150, PX + PW - 80, PY + 350, 2);
        covers(white.get(0), PX + 80, PY + 150, PX + PW - 80, PY + 350, 16);
    }

    @Test
    void aThumbnailIsJudgedOnThePhotosOwnLongSide() {
        BufferedImage[] f = finish(master(photo(), (x, y) -> inProduct(x, y) ? 1 : 0), c -> c);
        QualityReport r = checker.check(preset, ImageCodec.png(f[0]), f[1], null,
                new BaseEvidence(new ArgbPixels(451, 300, new int[451 * 300]), null, null, null, Map.of()));
        assertThat(r.findings().get(0).check()).isEqualTo("resolution");
        assertThat(r.findings().get(0).message()).contains("the photo is 451 px on its long side; honest needs >= 1000 px: upload the original");
    }

    @Test
    void aProductEnlargedBeyondThePresetsLimitIsCaught() {
        int[] photo = photo();
        int[] master = master(photo, (x, y) -> inProduct(x, y) ? 1 : 0);
        BufferedImage[] f = finish(master, c -> c);
        BufferedImage masterImage = image(master, W, H, true);
        Placement enlarged = new Placement(3.5, PLACEMENT.cropX(), PLACEMENT.cropY(), PLACEMENT.offsetX(), PLACEMENT.offsetY());
        QualityReport r = checker.check(preset, ImageCodec.png(f[0]), f[1], masterImage,
                new BaseEvidence(new ArgbPixels(W, H, photo), ArgbPixels.of(masterImage), enlarged, LightingIntent.NONE, Map.of()));
        assertThat(failed(r)).contains("enlargement");
    }

    @Test
    void coloursUnderALightWhoseColourLightingCouldNotTellAreAGuess() {
        int[] photo = photo();
        int[] master = master(photo, (x, y) -> inProduct(x, y) ? 1 : 0);
        QualityReport weak = judge(photo, master, new LightingIntent(1, 1, 1, 0, 0, 0.2), Map.of());
        assertThat(failed(weak)).containsExactly("white-balance");
        QualityReport strong = judge(photo, master, new LightingIntent(1, 1, 1, 0, 0, 0.9), Map.of());
        assertThat(strong.failures()).isEmpty();
    }

    @Test
    void aCastTheLightMeterSeesAndLightingLeftIsSentBackToLighting() {
        int[] photo = photo();
        int[] master = master(photo, (x, y) -> inProduct(x, y) ? 1 : 0);
        QualityReport left = judge(photo, master, new LightingIntent(1, 1, 1, 0, 0, 0.9, 1.3, 1.3), Map.of());
        assertThat(failed(left)).containsExactly("white-balance-left");
        assertThat(left.failures().get(0).repairStage()).isEqualTo(Stage.LIGHTING);
        assertThat(left.failures().get(0).message()).contains("colour cast (1.30× between channels) that lighting did not remove");
        QualityReport removed = judge(photo, master, new LightingIntent(1, 1, 1, 0, 0, 0.9, 1.3, 1.05), Map.of());
        assertThat(removed.failures()).isEmpty();
    }

    @Test
    void overExposureTheMeterReadAndLightingLeftAsksTheSellerToLook() {
        int[] photo = photo();
        int[] master = master(photo, (x, y) -> inProduct(x, y) ? 1 : 0);
        QualityReport left = judge(photo, master, new LightingIntent(1, 1, 1, 0, 0, 0.9, 1.05, Double.NaN, 0.8), Map.of());
        assertThat(failed(left)).containsExactly("exposure-left");
        assertThat(left.failures().get(0).message()).contains("0.8 EV brighter than a camera exposes a scene");
        QualityReport none = judge(photo, master, new LightingIntent(1, 1, 1, 0, 0, 0.9, 1.05, Double.NaN, 0), Map.of());
        assertThat(none.failures()).isEmpty();
        // the seller's own "darker" round answers the doubt
        LightingIntent asked = new LightingIntent(1, 1, 1, 0, 0, 0.9, 1.05, Double.NaN, 0.8).then(new LightingIntent(1, 1, 1, -0.6, 0));
        assertThat(asked.exposureLeft()).isCloseTo(0.2, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void underExposureTheMeterReadAndLightingLeftIsNotCompleted() {
        // a model's lighting step that left an under-exposed photo as it was (the meter asked for +1.4 EV): the final
        // matches what was declared, so only the reading can tell the product shows darker than it is
        int[] photo = photo();
        int[] master = master(photo, (x, y) -> inProduct(x, y) ? 1 : 0);
        QualityReport dark = judge(photo, master, new LightingIntent(1, 1, 1, 0, 0, 0.9, 1.05, Double.NaN, Double.NaN, 1.4), Map.of());
        assertThat(failed(dark)).containsExactly("exposure-short");
        assertThat(dark.failures().get(0).message()).contains("about 1.4 EV darker than a camera exposes a scene", "ask for \"brighter\"");
        QualityReport brightened = judge(photo, master, new LightingIntent(1, 1, 1, 0, 0, 0.9, 1.05, Double.NaN, Double.NaN, 0.3), Map.of());
        assertThat(brightened.failures()).isEmpty();
        // the seller's own "brighter" round counts against what was left
        LightingIntent asked = new LightingIntent(1, 1, 1, 0, 0, 0.9, 1.05, Double.NaN, Double.NaN, 1.4).then(new LightingIntent(1, 1, 1, 1.2, 0));
        assertThat(asked.exposureShort()).isCloseTo(0.2, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(LightingIntent.fromParams(Map.of("gainR", "1", "gainG", "1", "gainB", "1", "exposureEv", "0", "exposureShort", "1.1"))
                .exposureShort()).isEqualTo(1.1);
    }

    @Test
    void aDarkSaturatedProductIsStillMeasuredByItsChannelsAboveTheNoise() {
        // a brown product: its blue channel sits under the noise floor (linear < 0.01) in every cell
        int[] photo = photo();
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                if (inProduct(x, y)) {
                    photo[y * W + x] = 0xFF000000 | rgb(110, 60, 14);
                }
            }
        }
        int[] master = master(photo, (x, y) -> inProduct(x, y) ? 1 : 0);
        BufferedImage masterImage = image(master, W, H, true);
        BufferedImage[] same = finish(master, c -> c);
        QualityReport kept = checker.check(preset, ImageCodec.png(same[0]), same[1], masterImage,
                new BaseEvidence(new ArgbPixels(W, H, photo), ArgbPixels.of(masterImage), PLACEMENT, LightingIntent.NONE, Map.of()));
        assertThat(failed(kept)).doesNotContain("colour-intent");
        // 1.5 EV brighter than anything declared
        BufferedImage[] brighter = finish(master, c -> scaled(c, Math.pow(2, 1.5)));
        QualityReport changed = checker.check(preset, ImageCodec.png(brighter[0]), brighter[1], masterImage,
                new BaseEvidence(new ArgbPixels(W, H, photo), ArgbPixels.of(masterImage), PLACEMENT, LightingIntent.NONE, Map.of()));
        assertThat(failed(changed)).contains("colour-intent");
    }

    /** A colour times a linear-light gain, clipped. */
    private static int scaled(int argb, double gain) {
        int out = 0;
        for (int sh = 16; sh >= 0; sh -= 8) {
            double lin = dev.refinery.color.ColorMath.toLinear((argb >> sh) & 0xFF) * gain;
            out |= dev.refinery.color.ColorMath.fromLinear(Math.min(1, lin)) << sh;
        }
        return 0xFF000000 | out;
    }

    @Test
    void aGrainyMasterIsSentBackToDetail() {
        int[] photo = photo();
        java.util.Random r = new java.util.Random(7);
        int[] master = master(photo, (x, y) -> inProduct(x, y) ? 1 : 0);
        for (int i = 0; i < master.length; i++) {
            int p = master[i], n = (int) Math.round(6 * r.nextGaussian());
            int red = Math.max(0, Math.min(255, ((p >> 16) & 0xFF) + n)), green = Math.max(0, Math.min(255, ((p >> 8) & 0xFF) + n)),
                    blue = Math.max(0, Math.min(255, (p & 0xFF) + n));
            master[i] = (p & 0xFF000000) | red << 16 | green << 8 | blue;
        }
        QualityReport grainy = judge(photo, master, LightingIntent.NONE, Map.of());
        assertThat(grainy.failures()).anySatisfy(x -> {
            assertThat(x.check()).isEqualTo("noise");
            assertThat(x.measured()).isGreaterThan(QualityChecker.MAX_NOISE_SIGMA);
            assertThat(x.repairStage()).isEqualTo(Stage.DETAIL);
            assertThat(x.message()).contains("the product is grainy");
        });
    }

    /** A model's edit declares no correction: the change from photo to master is measured and held to the same bounds. */
    @Test
    void anUndeclaredLargeChangeByAModelIsMeasuredAndBounded() {
        int[] photo = photo();
        double gain = Math.pow(2, 1.5);
        int[] master = master(photo, (x, y) -> inProduct(x, y) ? 1 : 0);
        for (int i = 0; i < master.length; i++) {
            int c = master[i];
            if ((c >>> 24) != 0) {
                master[i] = (c & 0xFF000000) | (ColorMath.fromLinear(ColorMath.toLinear(c >> 16) * gain) << 16)
                        | (ColorMath.fromLinear(ColorMath.toLinear(c >> 8) * gain) << 8) | ColorMath.fromLinear(ColorMath.toLinear(c) * gain);
            }
        }
        QualityReport r = judge(photo, master, null, Map.of());
        // the final is the master (nothing changed after it) ...
        assertThat(r.findings()).filteredOn(x -> x.check().equals("colour-intent")).allMatch(Finding::passed);
        // ... but the master is 1.5 EV brighter than the photo, which nothing justified
        assertThat(failed(r)).contains("lighting-change");
    }

    @Test
    void aProductColourTheSellerAskedForIsPredictedAndTheSameChangeUndeclaredIsCaught() {
        int[] photo = photo();
        int[] cutout = master(photo, (x, y) -> inProduct(x, y) ? 1 : 0);
        BodyColourShift navy = BodyColourShift.toward(cutout, dev.refinery.color.NamedColours.find("navy").orElseThrow(), 1);
        assertThat(navy.moved()).isGreaterThan(5);
        int[] master = navy.apply(cutout, W);
        BufferedImage[] f = finish(master, c -> c);
        BufferedImage masterImage = image(master, W, H, true);
        BaseEvidence declared = new BaseEvidence(new ArgbPixels(W, H, photo), ArgbPixels.of(masterImage), PLACEMENT, LightingIntent.NONE, Map.of(),
                W, List.of(BodyColourShift.fromParams(navy.params())));
        QualityReport asked = checker.check(preset, ImageCodec.png(f[0]), f[1], masterImage, declared);
        assertThat(asked.failures()).isEmpty();
        assertThat(asked.findings()).filteredOn(x -> x.check().equals("colour-intent")).singleElement()
                .satisfies(x -> assertThat(x.expected()).contains("the product colour asked for"));

        BaseEvidence undeclared = new BaseEvidence(new ArgbPixels(W, H, photo), ArgbPixels.of(masterImage), PLACEMENT, LightingIntent.NONE, Map.of());
        assertThat(failed(checker.check(preset, ImageCodec.png(f[0]), f[1], masterImage, undeclared))).contains("colour-intent");
    }
}
