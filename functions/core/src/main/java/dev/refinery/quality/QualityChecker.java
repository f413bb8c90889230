package dev.refinery.quality;

import dev.refinery.color.ArgbPixels;
import dev.refinery.color.EdgeWidth;
import dev.refinery.color.Masks;
import dev.refinery.color.Noise;
import dev.refinery.color.ProductColorComparison;
import dev.refinery.color.Sharpness;
import dev.refinery.domain.ImageFormat;
import dev.refinery.domain.Preset;
import dev.refinery.domain.Stage;
import dev.refinery.engine.ImageCodec;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Judges a rendition against its preset by measurement: what ships is decoded from the encoded
 * bytes, so encoder artefacts (JPEG ringing on a white background) count.
 */
public final class QualityChecker {

    /**
     * @param bytes       the encoded rendition
     * @param productMask TYPE_BYTE_GRAY at canvas size, 255 inside the product
     * @param reference   the image whose product colours the rendition must keep (ARGB; its alpha is the product)
     */
    public QualityReport check(Preset preset, byte[] bytes, BufferedImage productMask, BufferedImage reference) {
        return check(preset, bytes, productMask, reference, null);
    }

    /**
     * The preset's rules, and — given the seller's photo — whether the final is honest to it: the
     * photo's resolution and the enlargement, the cut-out's plausibility, and the product's colours,
     * highlights and detail against the photo (see {@link CutoutPlausibility}, {@link FidelityToPhoto}).
     * These need no truth; where they cannot tell, they fail with a reason and no automatic repair,
     * so the session ends NEEDS_REVIEW rather than COMPLETED.
     *
     * @param evidence the seller's photo and what the stages declared, or null to judge by the rules alone
     */
    public QualityReport check(Preset preset, byte[] bytes, BufferedImage productMask, BufferedImage reference, BaseEvidence evidence) {
        List<Finding> findings = new ArrayList<>();
        if (evidence != null && evidence.photoLongSide() > 0) {
            findings.add(resolution(preset, evidence.photoLongSide()));
        }
        ImageFormat actual = sniff(bytes);
        findings.add(actual == preset.format()
                ? Finding.pass("format", Double.NaN, preset.format().name())
                : fail("format", Double.NaN, preset.format().name(),
                        "the file is " + (actual == null ? "not a known image format" : actual.name()) + ", the preset needs " + preset.format().name(),
                        Stage.FINALIZE, Map.of()));
        findings.add(bytes.length <= preset.maxBytes()
                ? Finding.pass("file-size", bytes.length, "<= " + preset.maxBytes())
                : fail("file-size", bytes.length, "<= " + preset.maxBytes(),
                        dev.refinery.domain.FileSize.overLimit(bytes.length, preset.maxBytes()),
                        Stage.FINALIZE, Map.of("quality", String.valueOf(Math.max(60, preset.quality() - 10)))));

        BufferedImage decoded = ImageCodec.decode(bytes);
        int w = decoded.getWidth(), h = decoded.getHeight();
        boolean sizeOk = w == preset.width() && h == preset.height();
        findings.add(sizeOk
                ? Finding.pass("dimensions", w * (double) h, preset.width() + "x" + preset.height())
                : fail("dimensions", w * (double) h, preset.width() + "x" + preset.height(),
                        "the image is " + w + "x" + h + ", the preset needs " + preset.width() + "x" + preset.height(), Stage.FINALIZE, Map.of()));
        if (!sizeOk || productMask.getWidth() != w || productMask.getHeight() != h) {
            return new QualityReport(preset.id(), findings);
        }

        ArgbPixels img = ArgbPixels.of(decoded);
        float[] mask = Masks.fromGray(productMask);
        Rectangle box = Masks.boundingBox(mask, w, h, 0.5);
        if (box.isEmpty()) {
            findings.add(fail("product", 0, "a visible product", "no product is left on the image", Stage.BACKGROUND, Map.of("segmentation", "loose")));
            return new QualityReport(preset.id(), findings);
        }

        if (preset.background().isSolid()) {
            findings.addAll(purity(preset, img, mask, box));
        }
        findings.add(fill(preset, box, w, h));
        findings.add(centring(preset, box, w, h));

        Rectangle sharpRegion = new Rectangle(box.x - 2, box.y - 2, box.width + 4, box.height + 4);
        // Judged at the master's own resolution: enlarging a product to fill the canvas divides the
        // Laplacian's variance by about the fourth power of the scale, so a sharp photo that had to be
        // enlarged would fail, and no fixed threshold would tell it from a blurry one.
        ArgbPixels ref = reference == null ? null : ArgbPixels.of(reference);
        float[] refAlpha = ref == null ? null : ref.alpha();
        double enlargement = reference == null ? 1 : Sharpness.enlargement(box, Masks.boundingBox(refAlpha, ref.width(), ref.height(), 0.5));
        double sharp = Sharpness.laplacianVariance(img, sharpRegion, enlargement);
        findings.add(sharp >= preset.minSharpness()
                ? Finding.pass("sharpness", sharp, ">= " + preset.minSharpness())
                : fail("sharpness", sharp, ">= " + preset.minSharpness(),
                        String.format(Locale.ROOT, "the product looks blurry (Laplacian variance %.0f, needs %.0f): upload a sharper or larger photo", sharp, preset.minSharpness()),
                        Stage.DETAIL, Map.of("sharpen", "strong")));

        if (reference != null) {
            findings.add(noise(ArgbPixels.of(reference), refAlpha));
            ProductColorComparison.Result c = ProductColorComparison.compare(img, mask, ref, refAlpha);
            boolean ok = c.cells() > 0 && c.meanDeltaE() <= preset.maxDeltaE();
            findings.add(ok
                    ? Finding.pass("colour", c.meanDeltaE(), "CIEDE2000 <= " + preset.maxDeltaE())
                    : fail("colour", c.meanDeltaE(), "CIEDE2000 <= " + preset.maxDeltaE(),
                            String.format(Locale.ROOT, "the product's colours changed by CIEDE2000 %.1f (worst area %.1f), more than %.1f: review the photo", c.meanDeltaE(), c.maxDeltaE(), preset.maxDeltaE()),
                            null, Map.of()));
        }
        if (evidence != null && evidence.aligned()) {
            float[] cutout = evidence.master().alpha();
            findings.add(focus(evidence.base(), cutout));
            findings.add(photoGrain(evidence.base(), cutout));
            findings.addAll(CutoutPlausibility.judge(evidence, cutout));
            if (evidence.placement() != null) {
                findings.add(enlargement(preset, evidence.placement().enlargement()));
                findings.addAll(FidelityToPhoto.judge(evidence, cutout, img, evidence.placement()));
            }
        }
        return new QualityReport(preset.id(), findings);
    }

    /**
     * The cut-out's plausibility alone, judged as {@link #check} judges a background stage's cut-out: the findings
     * the check makes of a product mask on the seller's photo. {@code make quality} runs it on the photo lab's exact
     * masks, where every failure is a review no better cut-out could avoid (docs/decisions.md, round 11).
     *
     * @param photo the seller's photo, packed ARGB, {@code width} wide
     * @param alpha the product's alpha (0..1), one value per photo pixel
     */
    public static List<Finding> cutoutFindings(int[] photo, int width, float[] alpha) {
        if (alpha.length != photo.length || width <= 0 || photo.length % width != 0) {
            throw new IllegalArgumentException("the mask has " + alpha.length + " values for a photo of " + photo.length + " pixels, " + width + " wide");
        }
        ArgbPixels base = new ArgbPixels(width, photo.length / width, photo);
        return CutoutPlausibility.judge(new BaseEvidence(base, base, null, null, Map.of()), alpha);
    }

    /**
     * Sensor noise left on the product, measured on the master (before finalize enlarges it): grain that
     * survives to the final blurs small print into speckle. On the photo lab the classic engine's masters keep
     * sigma 0.2–2.1 luma levels; masters nothing denoised (the openai engine against a model that changed
     * nothing) ran to 10.7, and of the 17 above 3 with a label, 16 lost its detail against the truth (label
     * SSIM under 0.8). 2.5 sits between.
     */
    private static Finding noise(ArgbPixels master, float[] alpha) {
        return grain("noise", Noise.sigma(master, alpha), MAX_NOISE_SIGMA, "",
                "the product is grainy (noise sigma %.1f luma levels, at most %.1f): small print turns to speckle; "
                        + "the detail stage could smooth it, or photograph the product in more light",
                Stage.DETAIL, Map.of("denoise", "strong"));
    }

    /**
     * Grain in the seller's photo itself, on the product: past a point no smoothing gives small print back, only a
     * photo taken in more light does. The detail stage smooths grain away (the master's {@link #noise} then passes),
     * and the detail-kept finding, which compares the final with this very photo, cannot see print that the grain had
     * already half-erased. On the photo lab, after the detail stage's smoothing (label SSIM of the final against the
     * clean render): the eight photos with grain over 6 (6.3–11) ended at 0.51–0.92, six of them under the 0.80 that
     * counts as print kept (pl-001, sigma 11: 0.798, where its photo read 0.54); the seven at 3.5–5.5 at 0.64–0.91,
     * three under 0.80, each with another finding of its own. 6 sits in the gap. Small print on a photo this grainy is
     * a guess either way; it names no repair: the engine has done what smoothing can.
     */
    private static Finding photoGrain(ArgbPixels base, float[] region) {
        return grain("photo-grain", Noise.sigma(base, region), MAX_PHOTO_GRAIN, " in the photo",
                "the photo is very grainy on the product (noise sigma %.1f luma levels, at most %.1f): the grain was smoothed away, "
                        + "but small print and fine texture may have gone with it — check the label against the product, or photograph it "
                        + "in more light (a lamp, daylight, a lower ISO)", null, Map.of());
    }

    /**
     * Grain on the product against a bound: passes where there is too little product to measure (NaN) or the grain is
     * at most {@code max}; otherwise fails with {@code problem} (formatted with the grain and the bound) and the repair.
     */
    private static Finding grain(String check, double sigma, double max, String where, String problem, Stage repairStage,
                                 Map<String, String> repair) {
        String expected = "<= " + max + " luma levels of noise on the product" + where;
        if (Double.isNaN(sigma) || sigma <= max) {
            return Finding.pass(check, Double.isNaN(sigma) ? 0 : sigma, expected);
        }
        return fail(check, sigma, expected, String.format(Locale.ROOT, problem, sigma, max), repairStage, repair);
    }

    /**
     * Focus, measured on the seller's photo over the cut-out and its outline ({@link EdgeWidth}, the cut-out grown by
     * {@value #FOCUS_OUTLINE_PX} px): how wide its sharpest edges are. The Laplacian's variance (the sharpness finding)
     * counts a fabric's weave and grain as detail and passed a flat-lay blurred by 1.5 px (pl-018, its label
     * unreadable). On the photo lab, over the true masks so grown: the 60 photos without blur 0.81–0.97 px; blurred by
     * 0.8–1.0 px 0.98–1.23; by 1.24–1.54 px 1.22–1.75, every one with its label's print lost (SSIM 0.55–0.73 against
     * the clean render); the synthetic set (rendered with a 0.7 px blur) 0.97–1.07. Without the outline a smooth gold
     * ring measured only its shading (1.15, 1.3 over its cut-out) and a glossy flask its soft reflections (1.17).
     * Nothing the pipeline does restores focus, so it names no repair.
     */
    private static Finding focus(ArgbPixels base, float[] region) {
        double sigma = EdgeWidth.sigmaWithOutline(base, region, FOCUS_OUTLINE_PX);
        String expected = "<= " + MAX_EDGE_WIDTH + " px wide sharpest edges in the photo";
        if (Double.isNaN(sigma) || sigma <= MAX_EDGE_WIDTH) {
            return Finding.pass("focus", Double.isNaN(sigma) ? 0 : sigma, expected);
        }
        return fail("focus", sigma, expected, String.format(Locale.ROOT,
                "the product looks out of focus: even its sharpest edges in the photo are %.1f px wide (an in-focus photo's are under "
                        + "1.0), so print and texture look soft and sharpening would only add halos; retake it in focus (more light, a steadier "
                        + "hand or a tripod) — or, if the product is sharp in the photo, the cut-out took in something that is not", sigma),
                null, Map.of());
    }

    /** Width (Gaussian deviation, px) of a photo's sharpest edges beyond which it is out of focus (see {@link #focus}). */
    static final double MAX_EDGE_WIDTH = 1.2;
    /** How far around the cut-out the focus is read: its outline in the photo, which every product has. */
    static final int FOCUS_OUTLINE_PX = 4;

    /** Noise on the master's product beyond which small print turns to speckle (luma levels, Immerkær's estimate). */
    static final double MAX_NOISE_SIGMA = 2.5;
    /** Noise in the photo's product beyond which its small print is not recoverable (see {@link #photoGrain}). */
    static final double MAX_PHOTO_GRAIN = 6.0;

    /** The marketplaces state their minimum on the photo's long side, so it is judged there, not on the canvas. */
    private static Finding resolution(Preset preset, int longSide) {
        String expected = ">= " + preset.minLongSide() + " px on the photo's long side";
        return longSide >= preset.minLongSide()
                ? Finding.pass("resolution", longSide, expected)
                : fail("resolution", longSide, expected, String.format(Locale.ROOT,
                        "the photo is %d px on its long side; %s needs >= %d px: upload the original photo, not a thumbnail or a screenshot",
                        longSide, preset.id(), preset.minLongSide()), null, Map.of());
    }

    /** Enlarged beyond the preset's limit, the product looks soft however it is sharpened. */
    private static Finding enlargement(Preset preset, double scale) {
        String expected = String.format(Locale.ROOT, "<= %.1fx", preset.maxEnlargement());
        return scale <= preset.maxEnlargement()
                ? Finding.pass("enlargement", scale, expected)
                : fail("enlargement", scale, expected, String.format(Locale.ROOT,
                        "the product had to be enlarged %.1fx to fill the canvas; beyond %.1fx the small print on it turns visibly soft on %s: "
                                + "photograph it closer or upload the full-resolution original", scale, preset.maxEnlargement(), preset.id()), null, Map.of());
    }

    private static List<Finding> purity(Preset preset, ArgbPixels img, float[] mask, Rectangle box) {
        int w = img.width(), h = img.height();
        int[] px = img.argb();
        int target = preset.background().rgb() & 0xFFFFFF;
        // Pixels right next to the product are its soft edge (and JPEG ringing): judge the background beyond a guard band.
        int guard = Math.max(8, Math.min(w, h) / 125);
        // near: within the guard of a product pixel, alpha above 0.02 (the smallest float above it is the inclusive threshold)
        boolean[] nearProduct = Masks.dilate(mask, w, h, Math.nextUp(0.02f), guard);
        long bg = 0, pure = 0, border = 0, borderPure = 0;
        int frame = Math.max(2, Math.min(w, h) / 100);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean isPure = (px[y * w + x] & 0xFFFFFF) == target;
                if (!nearProduct[y * w + x]) {
                    bg++;
                    if (isPure) pure++;
                }
                if (x < frame || y < frame || x >= w - frame || y >= h - frame) {
                    border++;
                    if (isPure) borderPure++;
                }
            }
        }
        List<Finding> out = new ArrayList<>();
        double share = bg == 0 ? 1 : (double) pure / bg;
        String rgb = String.format(Locale.ROOT, "%d,%d,%d", target >> 16, (target >> 8) & 0xFF, target & 0xFF);
        out.add(share >= preset.background().minPureShare()
                ? Finding.pass("purity", share, ">= " + preset.background().minPureShare() + " of background pixels exactly " + rgb)
                : fail("purity", share, ">= " + preset.background().minPureShare(),
                        String.format(Locale.ROOT, "only %.1f%% of the background is exactly %s (needs %.1f%%): leftovers of the old backdrop or a shadow remain", share * 100, rgb, preset.background().minPureShare() * 100),
                        Stage.BACKGROUND, Map.of("segmentation", "strict", "shadow", "off")));
        // The outer frame must be untouched whenever the product does not reach it.
        boolean productTouchesFrame = box.x < frame || box.y < frame || box.x + box.width > w - frame || box.y + box.height > h - frame;
        double borderShare = border == 0 ? 1 : (double) borderPure / border;
        out.add(productTouchesFrame || borderShare >= 0.999
                ? Finding.pass("border", borderShare, "outer frame exactly " + rgb)
                : fail("border", borderShare, "outer frame exactly " + rgb,
                        String.format(Locale.ROOT, "the image's edge is not clean white (%.2f%% pure): stray backdrop near the border", borderShare * 100),
                        Stage.BACKGROUND, Map.of("segmentation", "strict")));
        return out;
    }

    /** How far outside the fill rules a rendition is "just outside" them (see {@link #repairedFill}). */
    static final double FILL_NEAR = 0.01;

    private static Finding fill(Preset preset, Rectangle box, int w, int h) {
        Preset.FillRule rule = preset.fill();
        double fill = rule.of(box.width, box.height, w, h);
        String expected = String.format(Locale.ROOT, "%.2f–%.2f", rule.min(), rule.max());
        boolean ok = fill >= rule.min() - 1e-9 && fill <= rule.max() + 1e-9;
        return ok ? Finding.pass("fill", fill, expected)
                : fail("fill", fill, expected,
                        String.format(Locale.ROOT, "the product fills %.2f of the frame, the preset needs %s", fill, expected),
                        Stage.FINALIZE, Map.of("fill", String.format(Locale.ROOT, "%.3f", repairedFill(fill, rule))));
    }

    /**
     * The fill a repair asks for. Just outside the rules (within {@link #FILL_NEAR}: an enlarged edge a pixel or two
     * past a seller's "bigger" at the limit), the nearest fill a margin inside them, so the seller's choice stays;
     * further off, something else went wrong and the preset's target is the repair.
     */
    static double repairedFill(double measured, Preset.FillRule rule) {
        if (measured < rule.min() - FILL_NEAR || measured > rule.max() + FILL_NEAR) {
            return rule.target();
        }
        double margin = Math.min(dev.refinery.feedback.Framing.FILL_MARGIN, (rule.max() - rule.min()) / 4);
        return Math.max(rule.min() + margin, Math.min(rule.max() - margin, measured));
    }

    private static Finding centring(Preset preset, Rectangle box, int w, int h) {
        double ground = preset.fill().ground();
        // a product on a ground line is centred across and stands on the line (its foot there), not centred down
        double dx = (box.getCenterX() - w / 2.0) / w, dy = ground > 0 ? (box.y + box.height) / (double) h - ground : (box.getCenterY() - h / 2.0) / h;
        double off = Math.max(Math.abs(dx), Math.abs(dy));
        String expected = "<= " + preset.centreTolerance();
        return off <= preset.centreTolerance() ? Finding.pass("centring", off, expected)
                : fail("centring", off, expected,
                        String.format(Locale.ROOT, "the product sits %.1f%% off centre (allowed %.1f%%)", off * 100, preset.centreTolerance() * 100),
                        Stage.FINALIZE, Map.of("centre", "true"));
    }

    private static Finding fail(String check, double measured, String expected, String message, Stage repair, Map<String, String> hints) {
        return new Finding(check, false, measured, expected, message, repair, hints);
    }

    static ImageFormat sniff(byte[] b) {
        if (b.length > 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
            return ImageFormat.JPEG;
        }
        if (b.length > 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return ImageFormat.PNG;
        }
        if (b.length > 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
            return ImageFormat.WEBP;
        }
        return null;
    }
}
