package dev.refinery.imaging.ingest;

/**
 * What an upload may be, checked before and while decoding.
 *
 * @param maxFileBytes     uploads larger than this are refused before any parsing
 * @param maxPixels        width × height the file may claim; checked from the header, before pixels are decoded
 * @param maxSide          longest side the file may claim, in pixels
 * @param workingLongSide  the working image's longest side: larger images are area-averaged down to it
 * @param minSide          shortest side an upload must have (and keep after the working-size cap)
 * @param maxDecodedPixels pixels decoded at full resolution; above this, the decoder subsamples
 *                         (never below twice the working size) so that memory stays bounded
 */
public record IngestLimits(long maxFileBytes, long maxPixels, int maxSide, int workingLongSide, int minSide,
                           long maxDecodedPixels) {

    public static final long DEFAULT_MAX_FILE_BYTES = 50L * 1024 * 1024;
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;
    public static final int DEFAULT_MAX_SIDE = 20_000;
    public static final int DEFAULT_WORKING_LONG_SIDE = 2048;
    public static final int DEFAULT_MIN_SIDE = 100;
    /** 64 MP: a 16-bit RGBA raster of this size is 512 MB, the most a Lambda should hold for one photo. */
    public static final long DEFAULT_MAX_DECODED_PIXELS = 64_000_000L;

    public IngestLimits {
        if (maxFileBytes <= 0 || maxPixels <= 0 || maxSide <= 0 || workingLongSide <= 0 || minSide <= 0
                || maxDecodedPixels <= 0) {
            throw new IllegalArgumentException("ingest limits must be positive: " + describe(maxFileBytes,
                    maxPixels, maxSide, workingLongSide, minSide, maxDecodedPixels));
        }
        if (minSide > workingLongSide || minSide > maxSide) {
            throw new IllegalArgumentException("minSide " + minSide + " exceeds workingLongSide "
                    + workingLongSide + " or maxSide " + maxSide);
        }
    }

    /** 50 MB, 100 MP, 20000 px per side, working size 2048 px, at least 100 px per side, 64 MP decoded. */
    public static IngestLimits defaults() {
        return new IngestLimits(DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_PIXELS, DEFAULT_MAX_SIDE,
                DEFAULT_WORKING_LONG_SIDE, DEFAULT_MIN_SIDE, DEFAULT_MAX_DECODED_PIXELS);
    }

    public IngestLimits withMaxFileBytes(long v) {
        return new IngestLimits(v, maxPixels, maxSide, workingLongSide, minSide, maxDecodedPixels);
    }

    public IngestLimits withMaxPixels(long v) {
        return new IngestLimits(maxFileBytes, v, maxSide, workingLongSide, minSide, maxDecodedPixels);
    }

    public IngestLimits withMaxSide(int v) {
        return new IngestLimits(maxFileBytes, maxPixels, v, workingLongSide, minSide, maxDecodedPixels);
    }

    public IngestLimits withWorkingLongSide(int v) {
        return new IngestLimits(maxFileBytes, maxPixels, maxSide, v, minSide, maxDecodedPixels);
    }

    public IngestLimits withMinSide(int v) {
        return new IngestLimits(maxFileBytes, maxPixels, maxSide, workingLongSide, v, maxDecodedPixels);
    }

    public IngestLimits withMaxDecodedPixels(long v) {
        return new IngestLimits(maxFileBytes, maxPixels, maxSide, workingLongSide, minSide, v);
    }

    private static String describe(long a, long b, int c, int d, int e, long f) {
        return "maxFileBytes=" + a + ", maxPixels=" + b + ", maxSide=" + c + ", workingLongSide=" + d
                + ", minSide=" + e + ", maxDecodedPixels=" + f;
    }
}
