package dev.refinery.application;

import dev.refinery.engine.ImageCodec;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * The background colour a JPEG keeps exactly. A flat area is only its blocks' average, stored as YCbCr and rounded:
 * many RGB colours come back one level off in a channel (#f4efe6 decodes as #f3efe6, #336699 as #336799), and a
 * brand-site image whose background is not exactly the kit's colour fails its own purity rule. So a JPEG kit's colour
 * is the nearest one (within two levels per channel, by squared distance) that the writer at the preset's quality keeps
 * exactly, with and without chroma subsampling — found by encoding a small flat tile of each candidate.
 */
final class JpegBackground {
    private static final int REACH = 2, TILE = 16;

    private JpegBackground() {
    }

    static int keptExactly(int rgb, int quality) {
        int r0 = (rgb >> 16) & 0xFF, g0 = (rgb >> 8) & 0xFF, b0 = rgb & 0xFF;
        // nearest first: the colour itself, then one level off in a channel, ... (most colours need one or two tries)
        java.util.List<int[]> offsets = new java.util.ArrayList<>();
        for (int dr = -REACH; dr <= REACH; dr++) {
            for (int dg = -REACH; dg <= REACH; dg++) {
                for (int db = -REACH; db <= REACH; db++) {
                    offsets.add(new int[] {dr, dg, db, dr * dr + dg * dg + db * db});
                }
            }
        }
        offsets.sort(java.util.Comparator.comparingInt(o -> o[3]));
        for (int[] o : offsets) {
            int r = r0 + o[0], g = g0 + o[1], b = b0 + o[2];
            if (r < 0 || r > 255 || g < 0 || g > 255 || b < 0 || b > 255) {
                continue;
            }
            int c = (r << 16) | (g << 8) | b;
            if (kept(c, quality, ImageCodec.Chroma.FULL) && kept(c, quality, ImageCodec.Chroma.SUBSAMPLED)) {
                return c;
            }
        }
        return rgb;
    }

    private static boolean kept(int rgb, int quality, ImageCodec.Chroma chroma) {
        BufferedImage tile = new BufferedImage(TILE, TILE, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < TILE; y++) {
            for (int x = 0; x < TILE; x++) {
                tile.setRGB(x, y, rgb);
            }
        }
        try {
            BufferedImage back = ImageIO.read(new ByteArrayInputStream(ImageCodec.jpeg(tile, quality, chroma)));
            return (back.getRGB(TILE / 2, TILE / 2) & 0xFFFFFF) == rgb;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
