package dev.refinery.color;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/** Helpers for product masks held as row-major alpha arrays in 0..1. */
public final class Masks {
    private Masks() {
    }

    /** Alpha channel of an ARGB image (1 everywhere for an opaque image). */
    public static float[] alphaOf(BufferedImage img) {
        if (!img.getColorModel().hasAlpha()) {
            float[] a = new float[img.getWidth() * img.getHeight()];
            java.util.Arrays.fill(a, 1f);
            return a;
        }
        return ArgbPixels.of(img).alpha();
    }

    /** A TYPE_BYTE_GRAY mask as alpha in 0..1. */
    public static float[] fromGray(BufferedImage gray) {
        int w = gray.getWidth(), h = gray.getHeight();
        float[] a = new float[w * h];
        if (gray.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            byte[] data = ((DataBufferByte) gray.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < a.length; i++) {
                a[i] = (data[i] & 0xFF) / 255f;
            }
            return a;
        }
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            gray.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                a[y * w + x] = (row[x] & 0xFF) / 255f;
            }
        }
        return a;
    }

    public static BufferedImage toGray(float[] alpha, int w, int h) {
        BufferedImage g = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        byte[] data = ((DataBufferByte) g.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) Math.round(Math.max(0, Math.min(1, alpha[i])) * 255);
        }
        return g;
    }

    /** Smallest rectangle holding every pixel whose alpha is at least {@code threshold}; empty if none. */
    public static Rectangle boundingBox(float[] alpha, int w, int h, double threshold) {
        int minX = w, minY = h, maxX = -1, maxY = -1;
        // Per row: the first hit from the left and from the right; only columns outside the box found so far are
        // looked at again, so a product's rows cost little beyond its edges (a third of the time of testing every pixel).
        for (int y = 0; y < h; y++) {
            int base = y * w;
            int left = -1;
            for (int x = 0; x < minX; x++) {
                if (alpha[base + x] >= threshold) {
                    left = x;
                    break;
                }
            }
            int right = -1;
            for (int x = w - 1; x > maxX; x--) {
                if (alpha[base + x] >= threshold) {
                    right = x;
                    break;
                }
            }
            boolean hit = left >= 0 || right >= 0;
            if (!hit && minX <= maxX) {
                // nothing outside the known columns: the row counts if anything inside them does
                for (int x = minX; x <= maxX; x++) {
                    if (alpha[base + x] >= threshold) {
                        hit = true;
                        break;
                    }
                }
            }
            if (left >= 0) minX = left;
            if (right >= 0) maxX = Math.max(maxX, right);
            if (hit) {
                if (y < minY) minY = y;
                maxY = y;
            }
        }
        return maxX < 0 ? new Rectangle() : new Rectangle(minX, minY, maxX - minX + 1, maxY - minY + 1);
    }

    /** Intersection over union of two binary masks of one size; 1 when both are empty. */
    public static double iou(boolean[] a, boolean[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("masks differ in size");
        }
        long inter = 0, union = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] && b[i]) inter++;
            if (a[i] || b[i]) union++;
        }
        return union == 0 ? 1.0 : (double) inter / union;
    }

    /** Intersection over union of two masks binarised at 0.5. */
    public static double iou(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("masks differ in size");
        }
        long inter = 0, union = 0;
        for (int i = 0; i < a.length; i++) {
            boolean x = a[i] >= 0.5f, y = b[i] >= 0.5f;
            if (x && y) inter++;
            if (x || y) union++;
        }
        return union == 0 ? 1.0 : (double) inter / union;
    }

    /**
     * The square dilation by {@code r} of the pixels whose alpha is at least {@code threshold}. Only the mask's
     * bounding box widened by {@code r} is worked on: nothing else can be near it, and a product often fills
     * a small part of the frame.
     */
    public static boolean[] dilate(float[] alpha, int w, int h, float threshold, int r) {
        boolean[] out = new boolean[w * h];
        Rectangle box = boundingBox(alpha, w, h, threshold);
        if (box.isEmpty()) {
            return out;
        }
        int x0 = Math.max(0, box.x - r), x1 = Math.min(w - 1, box.x + box.width - 1 + r);
        int y0 = Math.max(0, box.y - r), y1 = Math.min(h - 1, box.y + box.height - 1 + r);
        int bw = x1 - x0 + 1, bh = y1 - y0 + 1;
        boolean[] set = new boolean[bw * bh];
        for (int y = 0; y < bh; y++) {
            for (int x = 0; x < bw; x++) {
                set[y * bw + x] = alpha[(y0 + y) * w + x0 + x] >= threshold;
            }
        }
        boolean[] near = dilate(set, bw, bh, r);
        for (int y = 0; y < bh; y++) {
            System.arraycopy(near, y * bw, out, (y0 + y) * w + x0, bw);
        }
        return out;
    }

    /**
     * The square dilation of {@code set} by {@code r}: every pixel within {@code r} (Chebyshev distance) of one in it.
     * Separable, O(w·h) whatever {@code r}: along each row, then each column, the distance to the nearest set pixel.
     */
    public static boolean[] dilate(boolean[] set, int w, int h, int r) {
        boolean[] rows = new boolean[set.length];
        for (int y = 0; y < h; y++) {
            int row = y * w, last = Integer.MIN_VALUE / 2;
            for (int x = 0; x < w; x++) {
                if (set[row + x]) {
                    last = x;
                }
                rows[row + x] = x - last <= r;
            }
            last = Integer.MAX_VALUE / 2;
            for (int x = w - 1; x >= 0; x--) {
                if (set[row + x]) {
                    last = x;
                }
                rows[row + x] |= last - x <= r;
            }
        }
        boolean[] out = new boolean[set.length];
        for (int x = 0; x < w; x++) {
            int last = Integer.MIN_VALUE / 2;
            for (int y = 0; y < h; y++) {
                if (rows[y * w + x]) {
                    last = y;
                }
                out[y * w + x] = y - last <= r;
            }
            last = Integer.MAX_VALUE / 2;
            for (int y = h - 1; y >= 0; y--) {
                if (rows[y * w + x]) {
                    last = y;
                }
                out[y * w + x] |= last - y <= r;
            }
        }
        return out;
    }
}
