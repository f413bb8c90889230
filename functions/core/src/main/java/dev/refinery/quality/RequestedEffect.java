package dev.refinery.quality;

import dev.refinery.color.ArgbPixels;
import dev.refinery.color.BodyColourShift;
import dev.refinery.color.ColorMath;
import dev.refinery.color.NamedColours;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A change a seller asked for that can be measured on the step's own input and output, so a step that did not
 * make it (an image model that ignored the instruction and answered with the picture unchanged) is caught
 * instead of ending the round COMPLETED. Measured over the product: the pixels opaque in both images (the whole
 * picture before the cut-out). A feedback step carries its kind in the hint {@code expect}.
 *
 * <p>The bars sit below the smallest change the classic engine makes for the request (its grammar's "a little":
 * ±0.25 EV, red and blue ±2 %, sharpening one strength up) so its steps always meet them, and above what a
 * re-encoded, unchanged picture measures (0.00 EV, ratio 1.000).
 */
public enum RequestedEffect {
    BRIGHTER("brighter", "EV"),
    DARKER("darker", "EV"),
    WARMER("warmer", "red/blue"),
    COOLER("cooler", "red/blue"),
    SHARPER("sharper", "detail"),
    SMOOTHER("smoother", "detail"),
    /** The product's body colour toward the colour the seller named (hint {@code colour}; {@code colourStrength} 0–1). */
    COLOUR("colour", "CIEDE2000");

    /** Exposure change a brighter or darker step must make at least (EV). */
    static final double MIN_EV = 0.15;
    /** Change of the product's red-to-blue ratio a warmer or cooler step must make at least (×). */
    static final double MIN_WARMTH_RATIO = 1.015;
    /** Change of the product's detail energy (Laplacian variance of luma) a sharper or smoother step must make at least (×). */
    static final double MIN_DETAIL_RATIO = 1.05;
    /**
     * CIEDE2000 from the named colour within which the product's body colour counts as that colour: about what tells
     * two dyes of one colour name apart at a glance (a listing's "navy" and its neighbour "dark blue" are 6–8 apart).
     */
    static final double REACHED_DELTA_E = 3.0;
    /** How far short of its own planned move a colour step may fall (CIEDE2000): the re-encoding and sharpening after it. */
    static final double COLOUR_SLACK = 1.5;

    private final String id;
    private final String unit;

    RequestedEffect(String id, String unit) {
        this.id = id;
        this.unit = unit;
    }

    public String id() {
        return id;
    }

    public static Optional<RequestedEffect> of(String id) {
        for (RequestedEffect e : values()) {
            if (e.id.equals(id)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /**
     * What a step changed.
     *
     * @param value the change in {@link #unit}: EV for exposure, a ratio (after / before) otherwise
     * @param met   whether the step made the change asked for, in the direction asked, at least as far as the bar
     * @param words the measurement in words for the version's note and the check's finding
     */
    public record Measured(RequestedEffect effect, double value, boolean met, String words) {
    }

    /** The change from {@code before} to {@code after} (the same size; otherwise not measurable, and not met). */
    public Measured measure(ArgbPixels before, ArgbPixels after) {
        return measure(before, after, Map.of());
    }

    /** The change from {@code before} to {@code after}, given the step's own hints (the colour a colour step was asked for). */
    public Measured measure(ArgbPixels before, ArgbPixels after, Map<String, String> hints) {
        if (this == COLOUR && before.width() == after.width() && before.height() == after.height()) {
            return colour(before, after, hints);
        }
        if (before.width() != after.width() || before.height() != after.height()) {
            return new Measured(this, Double.NaN, false, String.format(Locale.ROOT,
                    "\"%s\" could not be measured: the step's output is %dx%d, its input %dx%d", id, after.width(), after.height(),
                    before.width(), before.height()));
        }
        double value = switch (this) {
            case COLOUR -> Double.NaN;
            case BRIGHTER, DARKER -> log2(mean(after, Channel.LUMINANCE) / mean(before, Channel.LUMINANCE));
            case WARMER, COOLER -> (mean(after, Channel.RED) / mean(after, Channel.BLUE)) / (mean(before, Channel.RED) / mean(before, Channel.BLUE));
            case SHARPER, SMOOTHER -> detail(after, before) / detail(before, after);
        };
        boolean met = switch (this) {
            case COLOUR -> false;
            case BRIGHTER -> value >= MIN_EV;
            case DARKER -> value <= -MIN_EV;
            case WARMER -> value >= MIN_WARMTH_RATIO;
            case COOLER -> value <= 1 / MIN_WARMTH_RATIO;
            case SHARPER -> value >= MIN_DETAIL_RATIO;
            case SMOOTHER -> value <= 1 / MIN_DETAIL_RATIO;
        };
        String measured = switch (this) {
            case COLOUR -> "nothing";
            case BRIGHTER, DARKER -> String.format(Locale.ROOT, "%+.2f EV", value);
            case WARMER, COOLER -> String.format(Locale.ROOT, "red-to-blue ×%.3f", value);
            case SHARPER, SMOOTHER -> String.format(Locale.ROOT, "fine detail ×%.2f", value);
        };
        String bar = switch (this) {
            case COLOUR -> "a cut-out of the same size";
            case BRIGHTER -> String.format(Locale.ROOT, "at least %+.2f EV", MIN_EV);
            case DARKER -> String.format(Locale.ROOT, "at most %+.2f EV", -MIN_EV);
            case WARMER -> String.format(Locale.ROOT, "red-to-blue at least ×%.3f", MIN_WARMTH_RATIO);
            case COOLER -> String.format(Locale.ROOT, "red-to-blue at most ×%.3f", 1 / MIN_WARMTH_RATIO);
            case SHARPER -> String.format(Locale.ROOT, "fine detail at least ×%.2f", MIN_DETAIL_RATIO);
            case SMOOTHER -> String.format(Locale.ROOT, "fine detail at most ×%.2f", 1 / MIN_DETAIL_RATIO);
        };
        return new Measured(this, value, met, met ? "\"" + id + "\": " + measured
                : String.format(Locale.ROOT, "\"%s\" was not carried out: the step measured %s (it needs %s)", id, measured, bar));
    }

    /**
     * Whether the body colour moved as far toward the named colour as the step planned (the same {@link BodyColourShift}
     * worked out on the step's input), and whether it got there. A move the bound stopped short is not met: the
     * product is still not the colour the seller named, and the final must not end COMPLETED as if it were.
     */
    private Measured colour(ArgbPixels before, ArgbPixels after, Map<String, String> hints) {
        Optional<NamedColours.Named> target = NamedColours.find(hints.getOrDefault("colour", ""));
        if (target.isEmpty()) {
            return new Measured(this, Double.NaN, false, "\"colour\" was not carried out: the step names no colour the engine knows ("
                    + hints.get("colour") + "; it needs a named colour or #rrggbb)");
        }
        double strength = strength(hints);
        BodyColourShift planned = BodyColourShift.toward(before.argb(), target.get(), strength);
        if (!planned.applicable()) {
            return new Measured(this, Double.NaN, false, String.format(Locale.ROOT,
                    "\"%s\" was not carried out: the product has no main colour to move (its commonest colour covers %.0f%% of it)",
                    target.get().words(), planned.share() * 100));
        }
        // the mean colour of the input's body pixels, before and after
        float[] body = planned.weights(before.argb(), before.width());
        double[][] means = BodyColourShift.meanLab(before.argb(), after.argb(), i -> body[i] >= 0.5f, 1);
        if (means == null) {
            return new Measured(this, Double.NaN, false, "\"" + target.get().words() + "\" could not be measured: no body colour is left opaque");
        }
        double[] sb = means[0], sa = means[1];
        double from = ColorMath.deltaE2000(sb, target.get().lab()), to = ColorMath.deltaE2000(sa, target.get().lab());
        double plannedTo = ColorMath.deltaE2000(planned.apply(sb), target.get().lab());
        boolean moved = to <= Math.max(REACHED_DELTA_E, plannedTo + COLOUR_SLACK);
        boolean reached = strength < 1 || to <= REACHED_DELTA_E;
        String words = String.format(Locale.ROOT, "the product's main colour %.1f → %.1f CIEDE2000 from %s", from, to, target.get().words());
        if (!moved) {
            return new Measured(this, to, false, String.format(Locale.ROOT, "\"%s\" was not carried out: %s (it should have come within %.1f)",
                    target.get().words(), words, Math.max(REACHED_DELTA_E, plannedTo)));
        }
        if (!reached) {
            return new Measured(this, to, false, String.format(Locale.ROOT,
                    "\"%s\" was carried out only in part: %s, moved by the most a correction may (CIEDE2000 %.0f); a colour further off is a "
                            + "different product, which a photo edit must not show: photograph that variant, or approve this one as it is",
                    target.get().words(), words, BodyColourShift.MAX_DELTA_E));
        }
        return new Measured(this, to, true, "\"" + target.get().words() + "\": " + words);
    }

    /** The share of the way to the named colour a colour step goes (hint {@code colourStrength}, 1 unless given). */
    public static double strength(Map<String, String> hints) {
        try {
            return Math.max(0.05, Math.min(1, Double.parseDouble(hints.getOrDefault("colourStrength", "1"))));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    public String unit() {
        return unit;
    }

    private enum Channel { RED, BLUE, LUMINANCE }

    /** Mean linear value over the pixels opaque in this image (all of them when it has no transparency). */
    private static double mean(ArgbPixels img, Channel c) {
        int[] px = img.argb();
        double sum = 0;
        long n = 0;
        for (int p : px) {
            if ((p >>> 24) < 255) {
                continue;
            }
            double r = ColorMath.toLinear((p >> 16) & 0xFF), g = ColorMath.toLinear((p >> 8) & 0xFF), b = ColorMath.toLinear(p & 0xFF);
            sum += switch (c) {
                case RED -> r;
                case BLUE -> b;
                case LUMINANCE -> 0.2126 * r + 0.7152 * g + 0.0722 * b;
            };
            n++;
        }
        // a product with no light at all in a channel: the smallest 8-bit step stands in for zero (no division by it)
        return Math.max(n == 0 ? 0 : sum / n, ColorMath.toLinear(1));
    }

    /**
     * Variance of the luma Laplacian over pixels whose 3×3 neighbourhood is opaque in both images: the product's own
     * detail, not its outline against the transparent canvas (whose stored colour is arbitrary).
     */
    private static double detail(ArgbPixels img, ArgbPixels other) {
        int w = img.width(), h = img.height();
        int[] px = img.argb(), o = other.argb();
        double sum = 0, sumSq = 0;
        long n = 0;
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                int i = y * w + x;
                if (!opaque(px, o, i, w)) {
                    continue;
                }
                double lap = ColorMath.luma(px[i - w]) + ColorMath.luma(px[i + w]) + ColorMath.luma(px[i - 1]) + ColorMath.luma(px[i + 1])
                        - 4 * ColorMath.luma(px[i]);
                sum += lap;
                sumSq += lap * lap;
                n++;
            }
        }
        if (n == 0) {
            return 1e-9;
        }
        double mean = sum / n;
        return Math.max(1e-9, sumSq / n - mean * mean);
    }

    private static boolean opaque(int[] a, int[] b, int i, int w) {
        for (int k : new int[] {i, i - 1, i + 1, i - w, i + w}) {
            if ((a[k] >>> 24) < 255 || (b[k] >>> 24) < 255) {
                return false;
            }
        }
        return true;
    }

    private static double log2(double v) {
        return Math.log(v) / Math.log(2);
    }
}
