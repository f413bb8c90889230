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
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                int dx;
                int dy;
                switch (orientation) {
                    case 2 -> {
                        dx = w - 1 - x;
                        dy = y;
                    }
                    case 3 -> {
                        dx = w - 1 - x;
                        dy = h - 1 - y;
                    }
                    case 4 -> {
                        dx = x;
                        dy = h - 1 - y;
                    }
                    case 5 -> {
                        dx = y;
                        dy = x;
                    }
                    case 6 -> {
                        dx = h - 1 - y;
                        dy = x;
                    }
                    case 7 -> {
                        dx = h - 1 - y;
                        dy = w - 1 - x;
                    }
                    default -> { // 8
                        dx = y;
                        dy = w - 1 - x;
                    }
                }
                dst[dy * ow + dx] = src[row + x];
            }
        }
        return out;
    }
}
