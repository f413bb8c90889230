package dev.refinery.domain;

import java.util.Map;
import java.util.Objects;

/**
 * A marketplace target: canvas, format and the rules the quality check enforces. Loaded from
 * {@code presets.json} (see {@link PresetCatalog}); never hard-coded.
 */
public record Preset(
        String id,
        String name,
        int width,
        int height,
        ImageFormat format,
        int quality,
        long maxBytes,
        int minLongSide,
        Backdrop background,
        FillRule fill,
        double centreTolerance,
        double minSharpness,
        double maxDeltaE,
        boolean shadow,
        boolean requiresAi,
        Map<Stage, String> engines,
        String rules,
        Cutout cutout,
        String mockup,
        String studio) {

    /**
     * Who cuts the product out. {@code CLASSIC}: the classic segmenter alone (free). {@code AI}: the background stage
     * of the openai engine also asks the image model for the product on a transparent background (one more paid call)
     * and reconciles the two cut-outs (docs/ai-studio.md "An AI cut-out"); the classic engine ignores it.
     */
    public enum Cutout { CLASSIC, AI }

    // studio: what the openai engine's background stage makes beyond a cut-out: "ghost-mannequin" (the garment without
    // the mannequin, its neck opening filled with the garment's inside; docs/ai-studio.md); null for a plain cut-out.
    /** The studio effect that makes a ghost-mannequin image of a garment photographed on a mannequin. */
    public static final String GHOST_MANNEQUIN = "ghost-mannequin";

    // mockup: for a scene preset, the id of the mockup template its scene is painted from (the openai engine's
    // mockups.json, docs/ai-studio.md "Mockup scenes"); null for the generic lifestyle scene and every solid backdrop

    /** A preset whose cut-out is the classic segmenter's. */
    public Preset(String id, String name, int width, int height, ImageFormat format, int quality, long maxBytes, int minLongSide,
                  Backdrop background, FillRule fill, double centreTolerance, double minSharpness, double maxDeltaE, boolean shadow,
                  boolean requiresAi, Map<Stage, String> engines, String rules) {
        this(id, name, width, height, format, quality, maxBytes, minLongSide, background, fill, centreTolerance, minSharpness, maxDeltaE,
                shadow, requiresAi, engines, rules, Cutout.CLASSIC, null, null);
    }

    public Preset {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(background, "background");
        Objects.requireNonNull(fill, "fill");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("preset " + id + ": canvas must be positive");
        }
        engines = engines == null ? Map.of() : Map.copyOf(engines);
        cutout = cutout == null ? Cutout.CLASSIC : cutout;
    }

    /** The engine this preset asks for a stage, or {@code fallback} when it does not say. */
    public String engineFor(Stage stage, String fallback) {
        return engines.getOrDefault(stage, fallback);
    }

    /**
     * Smallest label print, as a share of the product's long side, a seller expects to stay legible
     * (the small print on a bottle or a box).
     */
    public static final double SMALLEST_PRINT_SHARE = 0.015;
    /**
     * Photo pixels such print needs to keep SSIM >= 0.80 against a sharp render after the finisher's
     * Catmull-Rom enlargement (EnlargementSoftnessMeasure; docs/decisions.md, "Finalize").
     */
    public static final double PRINT_SOURCE_PX = 9.0;

    /**
     * How far finalize may enlarge the photo's product (canvas pixels per photo pixel) before the
     * smallest print on it turns visibly soft on this canvas at its target fill: amazon-main 2.9×,
     * walmart 3.1×, ebay 2.3×, google-merchant 2.1×.
     */
    public double maxEnlargement() {
        return fill.target() * Math.max(width, height) * SMALLEST_PRINT_SHARE / PRINT_SOURCE_PX;
    }

    public String extension() {
        return format.extension();
    }

    /** What the background must be. */
    public record Backdrop(Kind kind, int rgb, double minPureShare) {
        public enum Kind { WHITE, COLOR, TRANSPARENT, SCENE }

        public boolean isSolid() {
            return kind == Kind.WHITE || kind == Kind.COLOR;
        }
    }

    /** Product fill: longer side of the product's bounding box over the canvas side. */
    /**
     * How much of the canvas the product fills: its longer side's share of the canvas side, or, {@code byHeight}, its
     * height's share of the canvas height (a brand kit's true scale by a product's height: a standing product's
     * height is what a photo shows at full length, whichever of its sides is longest); and where it stands: centred,
     * or ({@code ground} > 0) with its foot on the line {@code ground} of the canvas height down, so a collection's
     * products stand on one line as on a shelf.
     */
    public record FillRule(double min, double max, double target, boolean byHeight, double ground) {
        public FillRule {
            if (!(0 < min && min <= target && target <= max && max <= 1)) {
                throw new IllegalArgumentException("fill rule needs 0 < min <= target <= max <= 1, got " + min + "/" + target + "/" + max);
            }
            if (!(ground == 0 || (ground > target && ground <= 1))) {
                throw new IllegalArgumentException("a ground line is 0 (centred) or below the product's top (target < ground <= 1), got " + ground);
            }
        }

        public FillRule(double min, double max, double target) {
            this(min, max, target, false, 0);
        }

        /** The fill a product of this box has on a canvas of w × h, as this rule measures it. */
        public double of(double boxWidth, double boxHeight, double w, double h) {
            return byHeight ? boxHeight / h : Math.max(boxWidth / w, boxHeight / h);
        }
    }
}
