package dev.refinery.imaging.classic;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Writes images for a person to look at when the environment variable REFINERY_DEBUG_DIR names a folder; otherwise does nothing. */
final class DebugImages {
    private DebugImages() {
    }

    static void write(String name, BufferedImage img) {
        String dir = System.getenv("REFINERY_DEBUG_DIR");
        if (dir == null || dir.isBlank()) {
            return;
        }
        try {
            File d = new File(dir);
            d.mkdirs();
            ImageIO.write(img, "png", new File(d, name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
