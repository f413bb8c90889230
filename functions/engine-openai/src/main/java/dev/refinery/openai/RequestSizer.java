package dev.refinery.openai;

import java.util.List;

/**
 * Picks the request size for an image: for gpt-image-2, the image's own size padded up to
 * multiples of 16 when that is within the limits (no resampling at all), otherwise scaled into
 * them; for the gpt-image-1 family, the fixed size whose aspect ratio is closest. Aspect ratios
 * beyond 3:1 are padded to 3:1. The deterministic finisher scales to the preset's canvas later.
 */
public final class RequestSizer {
    /** The sizes every GPT Image model accepts. */
    public static final List<int[]> FIXED_SIZES = List.of(new int[] {1024, 1024}, new int[] {1536, 1024}, new int[] {1024, 1536});

    private final SizeLimits limits;

    public RequestSizer(SizeLimits limits) {
        this.limits = limits;
    }

    public RequestFrame frameFor(int w, int h, ModelProfile model) {
        if (w <= 0 || h <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + w + "x" + h);
        }
        int[] size = model.flexibleSizes() ? flexible(w, h) : closestFixed(w, h);
        return RequestFrame.fit(w, h, size[0], size[1]);
    }

    /** A request size for an image that does not exist yet (generation), with the given aspect ratio. */
    public int[] sizeForAspect(double aspect, ModelProfile model) {
        int w = aspect >= 1 ? 4096 : (int) Math.round(4096 * aspect);
        int h = aspect >= 1 ? (int) Math.round(4096 / aspect) : 4096;
        return model.flexibleSizes() ? flexible(Math.max(1, w), Math.max(1, h)) : closestFixed(w, h);
    }

    static int[] closestFixed(int w, int h) {
        double ar = Math.log(w / (double) h);
        int[] best = FIXED_SIZES.get(0);
        for (int[] s : FIXED_SIZES) {
            if (Math.abs(Math.log(s[0] / (double) s[1]) - ar) < Math.abs(Math.log(best[0] / (double) best[1]) - ar)) {
                best = s;
            }
        }
        return best.clone();
    }

    int[] flexible(int w, int h) {
        // The frame's aspect: the image's, padded to at most 3:1.
        double fw = w, fh = h;
        if (fw / fh > SizeLimits.MAX_ASPECT) {
            fh = fw / SizeLimits.MAX_ASPECT;
        } else if (fh / fw > SizeLimits.MAX_ASPECT) {
            fw = fh / SizeLimits.MAX_ASPECT;
        }
        int W = ceil16(fw), H = ceil16(fh);
        if (fits(W, H)) {
            return new int[] {W, H};
        }
        double pixels = fw * fh;
        double target = Math.max(SizeLimits.MIN_PIXELS, Math.min(limits.maxPixels(), pixels));
        double scale = Math.sqrt(target / pixels);
        scale = Math.min(scale, limits.maxEdge() / Math.max(fw, fh));
        W = Math.max(16, floor16(fw * scale));
        H = Math.max(16, floor16(fh * scale));
        // Rounding may leave the pixel count just outside the limits: step by 16 on the side that keeps the aspect best.
        while ((long) W * H < SizeLimits.MIN_PIXELS) {
            if (W <= H && W + 16 <= limits.maxEdge() || H + 16 > limits.maxEdge()) {
                W += 16;
            } else {
                H += 16;
            }
        }
        while ((long) W * H > limits.maxPixels()) {
            if (W >= H) {
                W -= 16;
            } else {
                H -= 16;
            }
        }
        while (W > SizeLimits.MAX_ASPECT * H) {
            H += 16;
        }
        while (H > SizeLimits.MAX_ASPECT * W) {
            W += 16;
        }
        if (!fits(W, H)) {
            throw new IllegalStateException("no valid request size for " + w + "x" + h + " within " + limits);
        }
        return new int[] {W, H};
    }

    /** Whether gpt-image-2 accepts {@code W x H} within the configured limits. */
    public boolean fits(int W, int H) {
        long p = (long) W * H;
        return W % 16 == 0 && H % 16 == 0 && W <= limits.maxEdge() && H <= limits.maxEdge()
                && p >= SizeLimits.MIN_PIXELS && p <= limits.maxPixels()
                && Math.max(W, H) <= SizeLimits.MAX_ASPECT * Math.min(W, H);
    }

    private static int ceil16(double v) {
        return (int) Math.ceil(v / 16.0 - 1e-9) * 16;
    }

    private static int floor16(double v) {
        return (int) Math.floor(v / 16.0 + 1e-9) * 16;
    }
}
