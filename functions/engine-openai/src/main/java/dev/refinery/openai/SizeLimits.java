package dev.refinery.openai;

/**
 * Size limits for models with flexible sizes (gpt-image-2): both sides multiples of 16, long side
 * at most three times the short one, total pixels between {@link #MIN_PIXELS} and
 * {@code maxPixels}. Above 2560x1440 the API calls sizes experimental, so the default budget stops
 * there; {@link #large()} allows the documented maximum of 3840x2160.
 */
public record SizeLimits(int maxEdge, long maxPixels) {
    public static final long MIN_PIXELS = 655_360;
    public static final double MAX_ASPECT = 3.0;

    public SizeLimits {
        if (maxEdge < 1024 || maxEdge > 3840 || maxEdge % 16 != 0) {
            throw new IllegalArgumentException("maxEdge must be a multiple of 16 in 1024..3840, got " + maxEdge);
        }
        if (maxPixels < MIN_PIXELS || maxPixels > 3840L * 2160) {
            throw new IllegalArgumentException("maxPixels must be in " + MIN_PIXELS + ".." + (3840L * 2160) + ", got " + maxPixels);
        }
    }

    public static SizeLimits standard() {
        return new SizeLimits(2560, 2560L * 1440);
    }

    public static SizeLimits large() {
        return new SizeLimits(3840, 3840L * 2160);
    }
}
