package dev.refinery.imaging.ingest;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * The eight EXIF orientations, each as the transform that brings the stored pixels upright.
 * In EXIF's words, orientation 6 means "the 0th row is the visual right-hand side, the 0th
 * column the visual top": the stored image must be turned 90° clockwise.
 */
final class ExifOrientation {
    private ExifOrientation() {
    }

    static String describe(int orientation) {
        return orientation + switch (orientation) {
            case 1 -> " (upright)";
            case 2 -> " (mirrored left-right)";
            case 3 -> " (upside down: turned 180°)";
            case 4 -> " (mirrored top-bottom)";
            case 5 -> " (transposed: mirrored, then turned 90° counter-clockwise)";
            case 6 -> " (turned 90° clockwise)";
            case 7 -> " (transversed: mirrored, then turned 90° clockwise)";
            case 8 -> " (turned 90° counter-clockwise)";
            default -> " (invalid, ignored)";
        };
    }

    static boolean swapsSides(int orientation) {
        return orientation >= 5 && orientation <= 8;
    }

    /**
     * The upright image for an image stored with the given orientation. {@code img} must be
     * TYPE_INT_RGB or TYPE_INT_ARGB; orientation 1 returns it unchanged.
     */
    static BufferedImage apply(BufferedImage img, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return img;
        }
        int w = img.getWidth();
        int h = img.getHeight();
        boolean swap = swapsSides(orientation);
        int ow = swap ? h : w;
        int oh = swap ? w : h;
        BufferedImage out = new BufferedImage(ow, oh, img.getType());
        int[] src = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        int[] dst = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        // Destination index = base + x * stepX + y * stepY for stored pixel (x, y): the mapping of
        // each orientation (see describe) written as a linear walk, so the loop has no branches.
        int base;
        int stepX;
        int stepY;
        switch (orientation) {
            case 2 -> { // (w-1-x, y)
                base = w - 1;
                stepX = -1;
                stepY = ow;
            }
            case 3 -> { // (w-1-x, h-1-y)
                base = (h - 1) * ow + w - 1;
                stepX = -1;
                stepY = -ow;
            }
            case 4 -> { // (x, h-1-y)
                base = (h - 1) * ow;
                stepX = 1;
                stepY = -ow;
            }
            case 5 -> { // (y, x)
                base = 0;
                stepX = ow;
                stepY = 1;
            }
            case 6 -> { // (h-1-y, x)
                base = h - 1;
                stepX = ow;
                stepY = -1;
            }
            case 7 -> { // (h-1-y, w-1-x)
                base = (w - 1) * ow + h - 1;
                stepX = -ow;
                stepY = -1;
            }
            default -> { // 8: (y, w-1-x)
                base = (w - 1) * ow;
                stepX = -ow;
                stepY = 1;
            }
        }
        for (int y = 0; y < h; y++) {
            int row = y * w;
            int d = base + y * stepY;
            for (int x = 0; x < w; x++) {
                dst[d] = src[row + x];
                d += stepX;
            }
        }
        return out;
    }
}
