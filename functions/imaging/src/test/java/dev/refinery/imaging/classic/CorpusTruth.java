package dev.refinery.imaging.classic;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads what the measuring tool needs from a photo-lab corpus folder (truth.json, regions.png). */
final class CorpusTruth {
    private CorpusTruth() {
    }

    static String family(Path dir) throws IOException {
        Path t = dir.resolve("truth.json");
        if (!Files.exists(t)) {
            return "corpus";
        }
        Matcher m = Pattern.compile("\"family\"\\s*:\\s*\"([^\"]+)\"").matcher(Files.readString(t));
        return m.find() ? m.group(1) : "corpus";
    }

    /** The product's true colours as an image (null when the truth's format is not understood yet). */
    static BufferedImage trueColourImage(Path dir, int w, int h) throws IOException {
        return null;
    }
}
