package dev.refinery.samples;

import dev.refinery.color.GaussianBlur;
import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.LinearGradientPaint;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Makes synthetic seller photos whose truth is known: a product (several shapes, one or two
 * colours, holes that must stay background) standing on a textured floor in front of a wall,
 * photographed by a mediocre camera (colour cast, under-exposure, vignetting, lens softness,
 * sensor noise). The scene before the camera is the truth: the product's true colours and its
 * exact coverage mask.
 *
 * <p>Scenes follow what a seller's setup looks like when it is properly exposed: light, near-neutral
 * walls or paper backdrops at about 232–242 of 255, floors of wood, fabric, velvet or a seamless
 * sweep, products in colours that differ from their backdrop. Everything is deterministic per seed.
 */
public final class SyntheticPhotos {

    /** The standard evaluation set: ten photos covering every shape, backdrop and camera fault. */
    public List<SamplePhoto> standardSet(long seed) {
        return standardSpecs(seed).stream().map(this::generate).toList();
    }

    /** The specs of {@link #standardSet(long)}; the seed jitters placement, exposure and textures. */
    public List<SampleSpec> standardSpecs(long seed) {
        Random r = new Random(seed);
        List<SampleSpec> specs = new ArrayList<>();
        specs.add(spec("bottle-warm-wood", 1200, 900, ProductShape.BOTTLE, 0xB22228, 0xE8BC3C, Surface.WHITE_PLASTER, Surface.WOOD,
                0.62, 0.56, ColorCast.WARM, -0.3, 0.20, 3.0, r));
        specs.add(spec("box-cool-fabric", 1600, 1200, ProductShape.BOX, 0x2850A0, 0xF0C428, Surface.GREY_PAPER, Surface.GREY_FABRIC,
                0.50, 0.58, ColorCast.COOL, -0.5, 0.15, 4.0, r));
        specs.add(spec("mug-handle-green", 1400, 1050, ProductShape.MUG, 0x1E8282, 0xF0A030, Surface.WHITE_PLASTER, Surface.WOOD,
                0.48, 0.60, ColorCast.GREEN, -0.2, 0.25, 3.0, r));
        specs.add(spec("shoe-dark-wood", 1600, 1200, ProductShape.SHOE, 0xC82832, 0x232326, Surface.GREY_PAPER, Surface.WOOD,
                0.32, 0.55, ColorCast.NONE, -1.0, 0.35, 5.0, r));
        specs.add(spec("ring-portrait-velvet", 900, 1200, ProductShape.RING, 0xD4AA3C, 0xC8143C, Surface.WHITE_PLASTER, Surface.BLUE_VELVET,
                0.45, 0.58, ColorCast.COOL, -0.4, 0.20, 3.0, r));
        specs.add(spec("bottle-portrait-sweep", 900, 1200, ProductShape.BOTTLE, 0x6E3C14, 0xDC5A28, Surface.GREY_PAPER, Surface.SEAMLESS,
                0.62, 0.50, ColorCast.NONE, -0.6, 0.35, 5.0, r));
        specs.add(spec("box-warm-wood", 1600, 1200, ProductShape.BOX, 0x6E328C, 0xF08C28, Surface.WHITE_PLASTER, Surface.WOOD,
                0.55, 0.55, ColorCast.WARM, -0.8, 0.25, 4.0, r));
        specs.add(spec("mug-red-sweep", 1200, 900, ProductShape.MUG, 0xBE1E23, 0x1E1E20, Surface.WHITE_PLASTER, Surface.SEAMLESS,
                0.52, 0.50, ColorCast.WARM, -0.5, 0.10, 2.0, r));
        specs.add(spec("shoe-navy-fabric", 1400, 1050, ProductShape.SHOE, 0x233778, 0xE6C832, Surface.WHITE_PLASTER, Surface.GREY_FABRIC,
                0.34, 0.57, ColorCast.GREEN, -0.4, 0.20, 4.0, r));
        specs.add(spec("ring-rose-velvet", 1200, 900, ProductShape.RING, 0xC87864, 0x1E9650, Surface.GREY_PAPER, Surface.BLUE_VELVET,
                0.55, 0.60, ColorCast.GREEN, -1.2, 0.15, 3.0, r));
        return specs;
    }

    /**
     * A batch of {@code count} photos of one size for benchmarks: the standard set's products,
     * backdrops and faults cycled, each with its own seed.
     */
    public List<SampleSpec> batchSpecs(int count, int width, int height, long seed) {
        List<SampleSpec> base = standardSpecs(seed);
        List<SampleSpec> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SampleSpec s = base.get(i % base.size());
            double productHeight = s.shape() == ProductShape.SHOE
                    ? Math.min(s.productHeight(), 0.8 * width / (height * s.shape().aspect()))
                    : s.productHeight();
            out.add(new SampleSpec(s.name() + "-" + (i + 1), width, height, s.shape(), s.primary(), s.secondary(), s.wall(),
                    s.floor(), productHeight, s.offsetX(), s.horizon(), s.cast(), s.exposureEv(), s.vignetting(),
                    s.noiseSigma(), s.blurSigma(), seed * 1000 + i));
        }
        return out;
    }

    private static SampleSpec spec(String name, int w, int h, ProductShape shape, int primary, int secondary, Surface wall,
                                   Surface floor, double productHeight, double horizon, ColorCast cast, double ev,
                                   double vignetting, double noise, Random r) {
        double offset = (r.nextDouble() - 0.5) * 0.12;
        double evJitter = (r.nextDouble() - 0.5) * 0.2;
        return new SampleSpec(name, w, h, shape, primary, secondary, wall, floor, productHeight, offset, horizon, cast,
                Math.min(0, ev + evJitter), vignetting, noise, 0.7, r.nextLong());
    }

    // ------------------------------------------------------------------------------------ rendering

    public SamplePhoto generate(SampleSpec spec) {
        int w = spec.width(), h = spec.height();
        Textures tex = new Textures(spec.seed());
        Placement p = place(spec);

        float[][] scene = new float[3][w * h];
        paintBackdrop(spec, p, tex, scene);

        BufferedImage layer = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = layer.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_COLOR_RENDERING, RenderingHints.VALUE_COLOR_RENDER_QUALITY);
        Painter painter = new Painter(g, p.x0, p.y0, p.pw, p.ph, new Color(spec.primary()), new Color(spec.secondary()));
        switch (spec.shape()) {
            case BOTTLE -> painter.bottle();
            case BOX -> painter.box();
            case MUG -> painter.mug();
            case SHOE -> painter.shoe();
            case RING -> painter.ring();
        }
        g.dispose();

        // Compose the truth: product layer over the backdrop.
        int[] lp = ((DataBufferInt) layer.getRaster().getDataBuffer()).getData();
        float[] alpha = new float[w * h];
        BufferedImage truth = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] tp = ((DataBufferInt) truth.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < w * h; i++) {
            int px = lp[i];
            float a = (px >>> 24) / 255f;
            alpha[i] = a;
            float r = a * ((px >> 16) & 0xFF) + (1 - a) * scene[0][i];
            float gg = a * ((px >> 8) & 0xFF) + (1 - a) * scene[1][i];
            float b = a * (px & 0xFF) + (1 - a) * scene[2][i];
            scene[0][i] = r;
            scene[1][i] = gg;
            scene[2][i] = b;
            tp[i] = (clamp8(r) << 16) | (clamp8(gg) << 8) | clamp8(b);
        }

        BufferedImage photo = camera(spec, scene, w, h);
        return new SamplePhoto(spec.name(), spec, photo, truth, alpha);
    }

    private record Placement(double x0, double y0, double pw, double ph, double base, double horizonY) {
    }

    private static Placement place(SampleSpec s) {
        int w = s.width(), h = s.height();
        double ph = s.productHeight() * h;
        double pw = ph * s.shape().aspect();
        if (pw > 0.86 * w) {
            throw new IllegalArgumentException(s.name() + ": the product (" + Math.round(pw) + " px wide) does not fit a " + w + " px wide photo");
        }
        double base = h * (1 - (1 - s.productHeight()) * 0.38);
        double cx = w * (0.5 + s.offsetX());
        cx = Math.max(pw / 2 + 0.06 * w, Math.min(w - pw / 2 - 0.06 * w, cx));
        double horizonY = Math.min(s.horizon() * h, base - 0.08 * h);
        return new Placement(cx - pw / 2, base - ph, pw, ph, base, horizonY);
    }

    // ------------------------------------------------------------------------------------ backdrop

    private static void paintBackdrop(SampleSpec s, Placement p, Textures tex, float[][] out) {
        int w = s.width(), h = s.height();
        boolean seamless = s.floor() == Surface.SEAMLESS;
        double seam = p.horizonY;
        double cx = p.x0 + p.pw / 2;
        double shadowW = p.pw * (s.shape() == ProductShape.RING ? 0.45 : 0.62);
        double shadowH = Math.max(6, p.ph * 0.045);
        float[] c = new float[3];
        for (int y = 0; y < h; y++) {
            boolean floor = y >= seam;
            for (int x = 0; x < w; x++) {
                Surface surface = floor ? (seamless ? s.wall() : s.floor()) : s.wall();
                surface(surface, x, y, floor ? y - seam : y, h, tex, c);
                double f = 1;
                if (!floor && !seamless) {
                    // ambient occlusion where wall meets floor
                    f *= 1 - 0.07 * Math.exp(-(seam - y) / (0.025 * h));
                } else if (floor && !seamless) {
                    f *= 1 - 0.10 * Math.exp(-(y - seam) / 3.0);
                } else if (floor) {
                    // a sweep: slightly darker towards the camera
                    f *= 1 - 0.05 * (y - seam) / (h - seam);
                }
                if (floor) {
                    double dx = (x - cx) / shadowW, dy = (y - p.base) / shadowH;
                    double d2 = dx * dx + dy * dy * (dy < 0 ? 0.6 : 1);
                    f *= 1 - 0.38 * Math.exp(-d2 * 1.6);
                }
                int i = y * w + x;
                out[0][i] = (float) (c[0] * f);
                out[1][i] = (float) (c[1] * f);
                out[2][i] = (float) (c[2] * f);
            }
        }
    }

    /** Colour of a backdrop surface at a pixel, in 8-bit sRGB units. {@code yLocal} counts from the surface's top edge. */
    private static void surface(Surface s, int x, int y, double yLocal, int h, Textures t, float[] c) {
        switch (s) {
            case WHITE_PLASTER, SEAMLESS -> {
                double m = 1 + 0.014 * t.noise(x / 90.0, y / 90.0, 0) + 0.008 * t.noise(x / 14.0, y / 14.0, 1) + 0.004 * t.noise(x / 2.5, y / 2.5, 2);
                set(c, 239 * m, 238 * m, 236 * m);
            }
            case GREY_PAPER -> {
                double m = 1 + 0.010 * t.noise(x / 120.0, y / 120.0, 3) + 0.005 * t.noise(x / 6.0, y / 6.0, 4);
                set(c, 232 * m, 233 * m, 235 * m);
            }
            case WOOD -> {
                // horizontal boards in perspective: widths grow towards the camera
                double depth = yLocal / h;
                double scale = 0.45 + 2.2 * depth;
                double v = Math.log1p(yLocal / (0.02 * h)) * 4.0;
                int board = (int) Math.floor(v);
                double boardShade = 0.86 + 0.22 * t.hash(board, 7);
                double gx = x / scale;
                double grain = Math.sin(gx * 0.035 + 6.0 * t.noise(gx / 260.0, board * 3.1, 5) + board * 1.7);
                grain = Math.pow(0.5 + 0.5 * grain, 6);
                double fine = 0.03 * t.noise(gx / 3.0, y / 1.5, 6);
                double gap = v - board < 0.04 ? 0.55 : 1;
                double m = boardShade * (1 - 0.22 * grain + fine) * gap;
                set(c, 168 * m, 120 * m, 80 * m);
            }
            case GREY_FABRIC -> {
                double weave = 0.045 * Math.sin(x * Math.PI / 2.0) * Math.sin(y * Math.PI / 2.0);
                double m = 1 + weave + 0.03 * t.noise(x / 40.0, y / 40.0, 8) + 0.02 * t.noise(x / 4.0, y / 4.0, 9);
                set(c, 126 * m, 128 * m, 132 * m);
            }
            case BLUE_VELVET -> {
                double sheen = 0.22 * t.noise(x / 150.0, y / 90.0, 10) + 0.05 * t.noise(x / 5.0, y / 5.0, 11);
                double m = 1 + sheen;
                set(c, 40 * m, 48 * m, 96 * m);
            }
        }
    }

    private static void set(float[] c, double r, double g, double b) {
        c[0] = (float) r;
        c[1] = (float) g;
        c[2] = (float) b;
    }

    // ------------------------------------------------------------------------------------ camera

    private static BufferedImage camera(SampleSpec s, float[][] scene, int w, int h) {
        double[] cast = s.cast().gains();
        double exposure = Math.pow(2, s.exposureEv());
        float[][] lin = new float[3][w * h];
        double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0, rMax2 = cx * cx + cy * cy;
        for (int y = 0; y < h; y++) {
            double dy = y - cy;
            for (int x = 0; x < w; x++) {
                double dx = x - cx;
                double vig = 1 - s.vignetting() * (dx * dx + dy * dy) / rMax2;
                int i = y * w + x;
                for (int ch = 0; ch < 3; ch++) {
                    lin[ch][i] = (float) (toLinear(scene[ch][i]) * cast[ch] * exposure * vig);
                }
            }
        }
        if (s.blurSigma() > 0) {
            for (int ch = 0; ch < 3; ch++) {
                lin[ch] = GaussianBlur.blur(lin[ch], w, h, s.blurSigma());
            }
        }
        Random noise = new Random(s.seed() ^ 0x5DEECE66DL);
        BufferedImage photo = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] px = ((DataBufferInt) photo.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < w * h; i++) {
            int rgb = 0;
            for (int ch = 0; ch < 3; ch++) {
                double v = fromLinear(lin[ch][i]);
                // shot noise grows with the signal; read noise stays
                double sigma = s.noiseSigma() * (0.7 + 0.3 * v / 255.0);
                rgb = (rgb << 8) | clamp8(v + noise.nextGaussian() * sigma);
            }
            px[i] = rgb;
        }
        return photo;
    }

    static double toLinear(double v8) {
        double c = Math.max(0, v8) / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    static double fromLinear(double lin) {
        double l = Math.max(0, Math.min(1, lin));
        double c = l <= 0.0031308 ? 12.92 * l : 1.055 * Math.pow(l, 1 / 2.4) - 0.055;
        return c * 255.0;
    }

    static int clamp8(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    // ------------------------------------------------------------------------------------ textures

    /** Deterministic value noise in [-1, 1] from hashed lattices. */
    static final class Textures {
        private final long seed;

        Textures(long seed) {
            this.seed = seed;
        }

        double hash(int i, int layer) {
            long z = seed * 0x9E3779B97F4A7C15L + i * 0xBF58476D1CE4E5B9L + layer * 0x94D049BB133111EBL;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z ^= z >>> 31;
            return (z >>> 11) * 0x1.0p-53;
        }

        private double lattice(int ix, int iy, int layer) {
            return hash(ix * 73856093 ^ iy * 19349663, layer) * 2 - 1;
        }

        double noise(double x, double y, int layer) {
            int ix = (int) Math.floor(x), iy = (int) Math.floor(y);
            double fx = x - ix, fy = y - iy;
            double sx = fx * fx * (3 - 2 * fx), sy = fy * fy * (3 - 2 * fy);
            double a = lattice(ix, iy, layer), b = lattice(ix + 1, iy, layer);
            double c = lattice(ix, iy + 1, layer), d = lattice(ix + 1, iy + 1, layer);
            return (a + (b - a) * sx) * (1 - sy) + (c + (d - c) * sx) * sy;
        }
    }

    // ------------------------------------------------------------------------------------ products

    /** Draws a product into its bounding box with Java2D (anti-aliased: the layer's alpha is the coverage). */
    static final class Painter {
        private final Graphics2D g;
        private final double x0, y0, pw, ph;
        private final Color primary, secondary;

        Painter(Graphics2D g, double x0, double y0, double pw, double ph, Color primary, Color secondary) {
            this.g = g;
            this.x0 = x0;
            this.y0 = y0;
            this.pw = pw;
            this.ph = ph;
            this.primary = primary;
            this.secondary = secondary;
        }

        private double X(double u) {
            return x0 + u * pw;
        }

        private double Y(double v) {
            return y0 + v * ph;
        }

        /** A colour with its linear-light intensity scaled (shading). */
        static Color shade(Color c, double f) {
            return new Color(clamp8(fromLinear(toLinear(c.getRed()) * f)), clamp8(fromLinear(toLinear(c.getGreen()) * f)),
                    clamp8(fromLinear(toLinear(c.getBlue()) * f)));
        }

        /** Horizontal shading of a cylinder between u0 and u1: dark rims, a highlight left of centre. */
        private LinearGradientPaint cylinder(Color c, double u0, double u1) {
            float[] stops = {0f, 0.12f, 0.32f, 0.55f, 0.86f, 1f};
            double[] f = {0.42, 0.78, 1.12, 1.0, 0.72, 0.5};
            Color[] cols = new Color[f.length];
            for (int i = 0; i < f.length; i++) {
                cols[i] = shade(c, f[i]);
            }
            return new LinearGradientPaint((float) X(u0), 0f, (float) X(u1), 0f, stops, cols);
        }

        private void fill(Shape s, java.awt.Paint p) {
            g.setPaint(p);
            g.fill(s);
        }

        void bottle() {
            double r = 0.08 * pw;
            double bodyTop = Y(0.40), neckL = X(0.34), neckR = X(0.66), neckBottom = Y(0.20), capBottom = Y(0.085);
            Path2D s = new Path2D.Double();
            s.moveTo(X(0), Y(1) - r);
            s.lineTo(X(0), bodyTop);
            s.curveTo(X(0), bodyTop - 0.12 * ph, neckL, neckBottom + 0.06 * ph, neckL, neckBottom);
            s.lineTo(neckL, capBottom);
            s.lineTo(neckR, capBottom);
            s.lineTo(neckR, neckBottom);
            s.curveTo(neckR, neckBottom + 0.06 * ph, X(1), bodyTop - 0.12 * ph, X(1), bodyTop);
            s.lineTo(X(1), Y(1) - r);
            s.quadTo(X(1), Y(1), X(1) - r, Y(1));
            s.lineTo(X(0) + r, Y(1));
            s.quadTo(X(0), Y(1), X(0), Y(1) - r);
            s.closePath();
            fill(s, cylinder(primary, 0, 1));
            Shape old = g.getClip();
            g.clip(s);
            fill(new Rectangle2D.Double(X(0), Y(0.52), pw, 0.28 * ph), cylinder(secondary, 0, 1));
            // "text" on the label
            Color ink = shade(primary, 0.55);
            g.setColor(ink);
            g.fill(new Rectangle2D.Double(X(0.22), Y(0.57), 0.56 * pw, 0.045 * ph));
            for (int i = 0; i < 5; i++) {
                g.fill(new Rectangle2D.Double(X(0.2 + i * 0.125), Y(0.66), 0.09 * pw, 0.025 * ph));
            }
            g.fill(new Rectangle2D.Double(X(0.3), Y(0.72), 0.4 * pw, 0.02 * ph));
            g.setClip(old);
            fill(new RoundRectangle2D.Double(X(0.31), Y(0), 0.38 * pw, 0.10 * ph, 0.06 * pw, 0.06 * pw),
                    cylinder(shade(secondary, 0.5), 0.31, 0.69));
        }

        void box() {
            double fw = 0.70, top = 0.24;
            Rectangle2D front = new Rectangle2D.Double(X(0), Y(top), fw * pw, (1 - top) * ph);
            fill(front, new LinearGradientPaint((float) X(0), (float) Y(top), (float) X(0), (float) Y(1),
                    new float[] {0f, 1f}, new Color[] {shade(primary, 1.0), shade(primary, 0.85)}));
            Path2D lid = new Path2D.Double();
            lid.moveTo(X(0), Y(top));
            lid.lineTo(X(1 - fw), Y(0));
            lid.lineTo(X(1), Y(0));
            lid.lineTo(X(fw), Y(top));
            lid.closePath();
            fill(lid, shade(primary, 1.35));
            Path2D side = new Path2D.Double();
            side.moveTo(X(fw), Y(top));
            side.lineTo(X(1), Y(0));
            side.lineTo(X(1), Y(1 - top));
            side.lineTo(X(fw), Y(1));
            side.closePath();
            fill(side, shade(primary, 0.55));
            // stripe around front and side
            double s0 = 0.56, s1 = 0.68;
            fill(new Rectangle2D.Double(X(0), Y(s0), fw * pw, (s1 - s0) * ph), shade(secondary, 0.95));
            Path2D sideStripe = new Path2D.Double();
            sideStripe.moveTo(X(fw), Y(s0));
            sideStripe.lineTo(X(1), Y(s0 - top));
            sideStripe.lineTo(X(1), Y(s1 - top));
            sideStripe.lineTo(X(fw), Y(s1));
            sideStripe.closePath();
            fill(sideStripe, shade(secondary, 0.52));
            // logo disc on the front
            fill(new Ellipse2D.Double(X(0.24), Y(0.32), 0.22 * pw, 0.2 * ph), shade(secondary, 0.9));
            g.setColor(shade(primary, 0.5));
            g.fill(new Rectangle2D.Double(X(0.1), Y(0.80), 0.5 * pw, 0.03 * ph));
            g.fill(new Rectangle2D.Double(X(0.1), Y(0.86), 0.36 * pw, 0.03 * ph));
        }

        void mug() {
            double bw = 0.72;
            Area body = new Area(new RoundRectangle2D.Double(X(0), Y(0.06), bw * pw, 0.94 * ph, 0.12 * pw, 0.12 * pw));
            body.add(new Area(new Rectangle2D.Double(X(0), Y(0.06), bw * pw, 0.2 * ph)));
            body.add(new Area(new Ellipse2D.Double(X(0), Y(0), bw * pw, 0.12 * ph)));
            Area handle = new Area(new Ellipse2D.Double(X(0.50), Y(0.20), 0.50 * pw, 0.56 * ph));
            handle.subtract(new Area(new Ellipse2D.Double(X(0.60), Y(0.31), 0.30 * pw, 0.34 * ph)));
            handle.subtract(body);
            fill(handle, new LinearGradientPaint((float) X(0.7), 0f, (float) X(1), 0f, new float[] {0f, 0.5f, 1f},
                    new Color[] {shade(primary, 0.6), shade(primary, 0.95), shade(primary, 0.5)}));
            fill(body, cylinder(primary, 0, bw));
            fill(new Ellipse2D.Double(X(0.03), Y(0.012), (bw - 0.06) * pw, 0.1 * ph), shade(primary, 0.3));
            // print: a disc with a band
            fill(new Ellipse2D.Double(X(0.2), Y(0.38), 0.32 * pw, 0.3 * ph), shade(secondary, 0.95));
            g.setColor(shade(primary, 0.7));
            g.fill(new Ellipse2D.Double(X(0.29), Y(0.47), 0.14 * pw, 0.12 * ph));
        }

        void shoe() {
            Path2D s = new Path2D.Double();
            s.moveTo(X(0.02), Y(0.93));
            s.curveTo(X(0.0), Y(0.6), X(0.02), Y(0.25), X(0.08), Y(0.05));
            s.lineTo(X(0.14), Y(0.0));
            s.curveTo(X(0.22), Y(0.02), X(0.30), Y(0.12), X(0.36), Y(0.14));
            s.curveTo(X(0.45), Y(0.16), X(0.60), Y(0.30), X(0.72), Y(0.42));
            s.curveTo(X(0.85), Y(0.50), X(0.98), Y(0.55), X(1.0), Y(0.75));
            s.curveTo(X(1.0), Y(0.90), X(0.97), Y(1.0), X(0.9), Y(1.0));
            s.lineTo(X(0.06), Y(1.0));
            s.curveTo(X(0.02), Y(1.0), X(0.01), Y(0.97), X(0.02), Y(0.93));
            s.closePath();
            fill(s, new LinearGradientPaint((float) X(0), (float) Y(0), (float) X(0), (float) Y(1), new float[] {0f, 0.5f, 1f},
                    new Color[] {shade(primary, 1.15), shade(primary, 0.95), shade(primary, 0.7)}));
            Shape old = g.getClip();
            g.clip(s);
            Path2D sole = new Path2D.Double();
            sole.moveTo(X(0), Y(0.80));
            sole.curveTo(X(0.4), Y(0.84), X(0.8), Y(0.82), X(1.0), Y(0.70));
            sole.lineTo(X(1.0), Y(1.0));
            sole.lineTo(X(0), Y(1.0));
            sole.closePath();
            fill(sole, new LinearGradientPaint(0f, (float) Y(0.75), 0f, (float) Y(1), new float[] {0f, 1f},
                    new Color[] {shade(secondary, 1.1), shade(secondary, 0.8)}));
            // side stripe
            Path2D stripe = new Path2D.Double();
            stripe.moveTo(X(0.25), Y(0.66));
            stripe.curveTo(X(0.45), Y(0.5), X(0.6), Y(0.45), X(0.78), Y(0.48));
            stripe.curveTo(X(0.6), Y(0.55), X(0.45), Y(0.66), X(0.3), Y(0.74));
            stripe.closePath();
            fill(stripe, shade(secondary, 0.9));
            g.setClip(old);
            // ankle opening and eyelets
            fill(new Ellipse2D.Double(X(0.08), Y(0.01), 0.27 * pw, 0.12 * ph), shade(primary, 0.22));
            g.setColor(shade(primary, 0.35));
            for (int i = 0; i < 5; i++) {
                double u = 0.40 + i * 0.06, v = 0.20 + i * 0.05;
                g.fill(new Ellipse2D.Double(X(u), Y(v), 0.018 * pw, 0.04 * ph));
            }
        }

        void ring() {
            Area band = new Area(new Ellipse2D.Double(X(0), Y(0.16), pw, 0.84 * ph));
            band.subtract(new Area(new Ellipse2D.Double(X(0.15), Y(0.30), 0.70 * pw, 0.56 * ph)));
            float[] stops = {0f, 0.2f, 0.45f, 0.7f, 1f};
            double[] f = {0.5, 1.2, 0.75, 1.1, 0.55};
            Color[] cols = new Color[f.length];
            for (int i = 0; i < f.length; i++) {
                cols[i] = shade(primary, f[i]);
            }
            fill(band, new LinearGradientPaint((float) X(0), (float) Y(0.16), (float) X(1), (float) Y(1), stops, cols));
            // setting and stone
            fill(new RoundRectangle2D.Double(X(0.38), Y(0.08), 0.24 * pw, 0.16 * ph, 0.05 * pw, 0.05 * pw), shade(primary, 0.9));
            Path2D stone = new Path2D.Double();
            stone.moveTo(X(0.36), Y(0.08));
            stone.lineTo(X(0.42), Y(0.0));
            stone.lineTo(X(0.58), Y(0.0));
            stone.lineTo(X(0.64), Y(0.08));
            stone.lineTo(X(0.5), Y(0.19));
            stone.closePath();
            fill(stone, shade(secondary, 1.0));
            Path2D facet = new Path2D.Double();
            facet.moveTo(X(0.42), Y(0.0));
            facet.lineTo(X(0.5), Y(0.08));
            facet.lineTo(X(0.36), Y(0.08));
            facet.closePath();
            g.setComposite(AlphaComposite.SrcAtop);
            fill(facet, shade(secondary, 1.5));
            g.setComposite(AlphaComposite.SrcOver);
        }
    }
}
