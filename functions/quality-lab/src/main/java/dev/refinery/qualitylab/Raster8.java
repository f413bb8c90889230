package dev.refinery.qualitylab;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * An image as the harness measures it: packed 0xRRGGBB pixels (colour) or 0..255 levels (grey,
 * alpha), row-major. Readers decode with ImageIO: PNG and baseline JPEG are all the corpus and the
 * pipeline's outputs use.
 */
record Raster8(int width, int height, int[] px) {

    Raster8 {
        if (px.length != width * height) {
            throw new IllegalArgumentException("pixels " + px.length + " != " + width + "x" + height);
        }
    }

    static Raster8 blank(int w, int h) {
        return new Raster8(w, h, new int[w * h]);
    }

    int get(int x, int y) {
        return px[y * width + x];
    }

    boolean inside(int x, int y) {
        return x >= 0 && y >= 0 && x < width && y < height;
    }

    /** Colour pixels (alpha dropped). */
    static Raster8 rgb(Path file) {
        BufferedImage img = read(file);
        int w = img.getWidth(), h = img.getHeight();
        return new Raster8(w, h, img.getRGB(0, 0, w, h, null, 0, w));
    }

    static Raster8 rgb(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        int[] p = img.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < p.length; i++) {
            p[i] &= 0xFFFFFF;
        }
        return new Raster8(w, h, p);
    }

    /**
     * Grey levels 0..255 of an 8-bit grey image; of an image with alpha, its alpha; of a colour
     * image without alpha, its first band.
     */
    static Raster8 gray(Path file) {
        return gray(read(file));
    }

    static Raster8 gray(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        Raster r = img.getRaster();
        int band = img.getColorModel().hasAlpha() ? r.getNumBands() - 1 : 0;
        int[] v = r.getSamples(0, 0, w, h, band, (int[]) null);
        int bits = img.getColorModel().getComponentSize(band);
        if (bits == 16) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (v[i] * 255 + 32767) / 65535;
            }
        }
        return new Raster8(w, h, v);
    }

    /** The alpha of an image (255 everywhere when it has none). */
    static Raster8 alpha(Path file) {
        BufferedImage img = read(file);
        if (!img.getColorModel().hasAlpha()) {
            int[] v = new int[img.getWidth() * img.getHeight()];
            java.util.Arrays.fill(v, 255);
            return new Raster8(img.getWidth(), img.getHeight(), v);
        }
        return gray(img);
    }

    static BufferedImage read(Path file) {
        try {
            BufferedImage img = ImageIO.read(file.toFile());
            if (img == null) {
                throw new IllegalArgumentException("not an image ImageIO can read: " + file);
            }
            return img;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** A binary mask: level at least 128. */
    boolean[] mask() {
        boolean[] m = new boolean[px.length];
        for (int i = 0; i < px.length; i++) {
            m[i] = px[i] >= 128;
        }
        return m;
    }

    BufferedImage toRgbImage() {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, width, height, px, 0, width);
        return img;
    }

    /** Bilinear sample of a colour raster at continuous coordinates (pixel centres at i + 0.5): r, g, b 0..255. */
    void sampleRgb(double x, double y, double[] out) {
        double fx = x - 0.5, fy = y - 0.5;
        int x0 = (int) Math.floor(fx), y0 = (int) Math.floor(fy);
        double tx = fx - x0, ty = fy - y0;
        out[0] = out[1] = out[2] = 0;
        for (int j = 0; j < 2; j++) {
            int yy = Math.max(0, Math.min(height - 1, y0 + j));
            double wy = j == 0 ? 1 - ty : ty;
            for (int i = 0; i < 2; i++) {
                int xx = Math.max(0, Math.min(width - 1, x0 + i));
                double w = wy * (i == 0 ? 1 - tx : tx);
                int v = px[yy * width + xx];
                out[0] += w * ((v >> 16) & 0xFF);
                out[1] += w * ((v >> 8) & 0xFF);
                out[2] += w * (v & 0xFF);
            }
        }
    }
}
