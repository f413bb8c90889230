package dev.refinery.imaging.ingest;

import dev.refinery.domain.InvalidInputException;
import java.util.Locale;

/**
 * Every refusal of an upload, worded once: what is wrong, then what the seller can do. Plain
 * {@link InvalidInputException}s on purpose: the state machine's Catch matches the exact class name.
 */
final class Rejections {
    static final String SUPPORTED = "JPEG, PNG, WebP, GIF (still), BMP or TIFF";
    private static final String DAMAGED_HINT = "Upload the original photo again; if it still fails, open it in an "
            + "image editor and save it again as JPEG or PNG.";

    private Rejections() {
    }

    static InvalidInputException empty() {
        return new InvalidInputException("The file is empty (0 bytes).",
                "Upload the photo again; the upload was probably interrupted.");
    }

    static InvalidInputException fileTooLarge(long bytes, long limit) {
        String size = megabytes(bytes).equals(megabytes(limit))
                ? "The file is just over the " + megabytes(limit) + " limit (" + bytes + " bytes)."
                : "The file is " + megabytes(bytes) + ", over the " + megabytes(limit) + " limit.";
        return new InvalidInputException(size,
                "Save the photo as JPEG (quality 85-90) or at a smaller size, then upload it again.");
    }

    /** {@code what} names the format, e.g. "HEIC/HEIF" or "animated GIF: upload a single still frame". */
    static InvalidInputException unsupported(String what, String hint) {
        return new InvalidInputException("Unsupported format: " + what + ".", hint);
    }

    static InvalidInputException damaged(String detail) {
        return damaged(detail, null);
    }

    static InvalidInputException damaged(String detail, Throwable cause) {
        return new InvalidInputException("The file is damaged or incomplete (" + detail + ").", DAMAGED_HINT, cause);
    }

    static InvalidInputException tooManyPixels(String format, long width, long height, IngestLimits limits) {
        return new InvalidInputException(String.format(Locale.ROOT,
                "The %s image claims %d×%d pixels (%s); the limit is %s and %d px per side.",
                format, width, height, megapixels(width * height), megapixels(limits.maxPixels()), limits.maxSide()),
                "Resize the photo to at most " + limits.maxSide() + " px on its longest side and "
                        + megapixels(limits.maxPixels()) + " (4000-6000 px is plenty for marketplaces), "
                        + "then upload it again.");
    }

    static InvalidInputException tooSmall(long width, long height, int minSide) {
        return new InvalidInputException(String.format(Locale.ROOT,
                "The image is only %d×%d pixels; each side must be at least %d px.", width, height, minSide),
                "Upload the original, full-size photo (marketplaces want 1000 px or more on the longest side).");
    }

    static InvalidInputException tooNarrow(long width, long height, int minSide, int workingLongSide) {
        return new InvalidInputException(String.format(Locale.ROOT,
                "The image is %d×%d pixels: too narrow, its short side would fall below %d px once its long side "
                        + "is brought to %d px.", width, height, minSide, workingLongSide),
                "Crop the photo closer to the product (an aspect ratio near 1:1 to 3:2 works best) and upload it again.");
    }

    static String megabytes(long bytes) {
        double mb = bytes / (1024.0 * 1024.0);
        return mb >= 10 || mb == Math.rint(mb)
                ? String.format(Locale.ROOT, "%.0f MB", mb)
                : String.format(Locale.ROOT, "%.1f MB", mb);
    }

    static String megapixels(long pixels) {
        double mp = pixels / 1_000_000.0;
        return mp >= 10 || mp == Math.rint(mp)
                ? String.format(Locale.ROOT, "%.0f megapixels", mp)
                : String.format(Locale.ROOT, "%.1f megapixels", mp);
    }
}
