package dev.refinery.openai;

import java.util.Locale;
import java.util.Set;

/**
 * What the model is asked to return: quality, file format and (for jpeg/webp) compression. Values
 * are the API's own words; they are checked here so a typo in configuration fails at start-up, not
 * on the first paid call.
 *
 * @param compression 0..100, or -1 to leave it to the API (always -1 for png)
 */
public record OutputSettings(String quality, String format, int compression) {
    private static final Set<String> QUALITIES = Set.of("low", "medium", "high", "auto");
    private static final Set<String> FORMATS = Set.of("png", "jpeg", "webp");

    public OutputSettings {
        quality = quality == null ? "high" : quality.trim().toLowerCase(Locale.ROOT);
        format = format == null ? "png" : format.trim().toLowerCase(Locale.ROOT);
        if (format.equals("jpg")) {
            format = "jpeg";
        }
        if (!QUALITIES.contains(quality)) {
            throw new IllegalArgumentException("quality '" + quality + "' is not one of " + QUALITIES);
        }
        if (!FORMATS.contains(format)) {
            throw new IllegalArgumentException("output format '" + format + "' is not one of " + FORMATS);
        }
        if (format.equals("png")) {
            compression = -1;
        } else if (compression > 100 || compression < -1) {
            throw new IllegalArgumentException("output compression must be 0..100, got " + compression);
        }
    }

    public OutputSettings withQuality(String q) {
        return new OutputSettings(q, format, compression);
    }

    public boolean hasCompression() {
        return compression >= 0;
    }
}
