package dev.refinery.qualitylab.mutants;

import dev.refinery.color.ArgbPixels;
import dev.refinery.color.ColorMath;
import dev.refinery.color.Masks;
import dev.refinery.quality.LightingIntent;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;

/**
 * A deliberate break of a good final, made the way the pipeline's own defects make them: each
 * changes the master (and for an enlargement the photo too), and finalize renders it again. Every
 * one is broken by the issue's own bars — a cut-out below IoU 0.85 against the good one, a colour
 * more than CIEDE2000 5 off, a label gone, ±1.5 EV, a product enlarged three times more.
 */
public enum Mutation {
    ERODED("cut-out eroded until IoU <= 0.84 against the good one", 0.84, 0),
    ERODED_MORE("cut-out eroded until IoU <= 0.70", 0.70, 0),
    DILATED("cut-out dilated into the backdrop until IoU <= 0.84", 0.84, 0),
    DILATED_MORE("cut-out dilated into the backdrop until IoU <= 0.70", 0.70, 0),
    TABLE_STRIP("a strip of the table across the photo kept along the product's base", 0, 0),
    PROP_RIGHT("a piece of the scene beside the product kept, right (a third of its area)", 0, 1),
    PROP_LEFT("a piece of the scene beside the product kept, left (a third of its area)", 0, -1),
    CLIPPED_LABEL("the label (or the product's centre) clipped to white", 0, 0),
    BRIGHTER("+1.5 EV on the product", 1.5, 0),
    DARKER("-1.5 EV on the product", -1.5, 0),
    ENLARGED("the photo three times smaller, so the product is enlarged three times more", 3, 0),
    COLOUR_SHIFT("the product's colour shifted by 14 a*b* units", 14, 0),
    COLOUR_SHIFT_THIRD("the product's colour shifted by 14 a*b* units, a third of the hue circle on", 14, 1),
    COLOUR_SHIFT_TWO_THIRDS("the product's colour shifted by 14 a*b* units, two thirds of the hue circle on", 14, 2);

    final String description;
    /** The mutation's size: target IoU, EV, enlargement or a*b* shift. */
    private final double amount;
    /** Which variant: the prop's side, the hue shift's third. */
    private final int variant;

    Mutation(String description, double amount, int variant) {
        this.description = description;
        this.amount = amount;
        this.variant = variant;
    }

    /** The mutated photo and master. */
    record Mutant(BufferedImage base, BufferedImage master, double size) {
    }

    Mutant apply(RefinedPhoto p) {
        ArgbPixels base = ArgbPixels.of(p.base());
        ArgbPixels master = ArgbPixels.of(p.master());
        int w = master.width(), h = master.height();
        int[] m = master.argb().clone();
        float[] alpha = master.alpha();
        boolean[] product = new boolean[alpha.length];
        for (int i = 0; i < alpha.length; i++) product[i] = alpha[i] >= 0.5f;
        Rectangle box = Masks.boundingBox(alpha, w, h, 0.5);
        switch (this) {
            case ERODED, ERODED_MORE -> {
                boolean[] kept = null;
                for (int r = 1; r < 400; r++) {
                    kept = Shapes.erode(product, w, h, r);
                    if (Masks.iou(kept, product) <= amount) break;
                }
                for (int i = 0; i < m.length; i++) if (!kept[i]) m[i] = 0;
                return new Mutant(p.base(), image(m, w, h), Masks.iou(kept, product));
            }
            case DILATED, DILATED_MORE -> {
                boolean[] grown = null;
                for (int r = 1; r < 400; r++) {
                    grown = Masks.dilate(product, w, h, r);
                    if (Masks.iou(grown, product) <= amount) break;
                }
                keepScene(m, grown, product, base, p.lighting());
                return new Mutant(p.base(), image(m, w, h), Masks.iou(grown, product));
            }
            case TABLE_STRIP -> {
                boolean[] add = new boolean[m.length];
                int bottom = box.y + box.height;
                int y0 = Math.max(0, bottom - Math.max(4, box.height / 20)), y1 = Math.min(h, bottom + Math.max(8, h / 12));
                for (int y = y0; y < y1; y++) for (int x = 0; x < w; x++) add[y * w + x] = true;
                boolean[] union = Shapes.or(product, add);
                keepScene(m, union, product, base, p.lighting());
                return new Mutant(p.base(), image(m, w, h), Masks.iou(union, product));
            }
            case PROP_RIGHT, PROP_LEFT -> {
                long area = 0;
                for (boolean b : product) if (b) area++;
                double rx = Math.sqrt(area / 3.0 / Math.PI) * 1.2, ry = rx / 1.44;
                boolean right = variant > 0 ? box.x + box.width + 2 * rx < w : box.x - 2 * rx < 0;
                double cx = right ? box.x + box.width + rx * 0.8 : box.x - rx * 0.8, cy = box.y + box.height * 0.7;
                boolean[] add = new boolean[m.length];
                for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
                    double dx = (x - cx) / rx, dy = (y - cy) / ry;
                    add[y * w + x] = dx * dx + dy * dy <= 1;
                }
                boolean[] union = Shapes.or(product, add);
                keepScene(m, union, product, base, p.lighting());
                return new Mutant(p.base(), image(m, w, h), Masks.iou(union, product));
            }
            case CLIPPED_LABEL -> {
                Rectangle label = p.labelBox() != null ? p.labelBox()
                        : new Rectangle(box.x + box.width * 3 / 10, box.y + box.height * 3 / 8, box.width * 2 / 5, box.height / 4);
                long n = 0;
                for (int y = Math.max(0, label.y); y < Math.min(h, label.y + label.height); y++) {
                    for (int x = Math.max(0, label.x); x < Math.min(w, label.x + label.width); x++) {
                        int i = y * w + x;
                        if (product[i]) {
                            m[i] = (m[i] & 0xFF000000) | 0xFFFFFF;
                            n++;
                        }
                    }
                }
                return new Mutant(p.base(), image(m, w, h), n);
            }
            case BRIGHTER, DARKER -> {
                double gain = Math.pow(2, amount);
                for (int i = 0; i < m.length; i++) {
                    int c = m[i];
                    m[i] = (c & 0xFF000000) | (ColorMath.fromLinear(ColorMath.toLinear(c >> 16) * gain) << 16)
                            | (ColorMath.fromLinear(ColorMath.toLinear(c >> 8) * gain) << 8) | ColorMath.fromLinear(ColorMath.toLinear(c) * gain);
                }
                return new Mutant(p.base(), image(m, w, h), amount);
            }
            case COLOUR_SHIFT, COLOUR_SHIFT_THIRD, COLOUR_SHIFT_TWO_THIRDS -> {
                double angle = (p.stem().hashCode() & 0xFFFF) / 65536.0 * 2 * Math.PI + variant * 2 * Math.PI / 3;
                double da = amount * Math.cos(angle), db = amount * Math.sin(angle);
                for (int i = 0; i < m.length; i++) {
                    int c = m[i];
                    if ((c >>> 24) == 0) continue;
                    double[] lab = ColorMath.rgbToLab(c & 0xFFFFFF);
                    m[i] = (c & 0xFF000000) | Shapes.labToRgb(lab[0], lab[1] + da, lab[2] + db);
                }
                return new Mutant(p.base(), image(m, w, h), amount);
            }
            case ENLARGED -> {
                return new Mutant(Shapes.shrink(p.base(), (int) amount), Shapes.shrink(p.master(), (int) amount), amount);
            }
            default -> throw new IllegalStateException(name());
        }
    }

    /** Pixels newly in the cut-out take the photo's colours under lighting's declared correction, as a kept piece of the scene would. */
    private static void keepScene(int[] m, boolean[] now, boolean[] was, ArgbPixels base, LightingIntent declared) {
        // an engine that declared no correction: the kept piece shows the photo's own colours
        LightingIntent lighting = declared == null ? LightingIntent.NONE : declared;
        int w = base.width(), h = base.height();
        int[] b = base.argb();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (now[i] && !was[i]) {
                    int c = b[i];
                    m[i] = 0xFF000000 | (ColorMath.fromLinear(ColorMath.toLinear(c >> 16) * lighting.gain(0, x, y, w, h)) << 16)
                            | (ColorMath.fromLinear(ColorMath.toLinear(c >> 8) * lighting.gain(1, x, y, w, h)) << 8)
                            | ColorMath.fromLinear(ColorMath.toLinear(c) * lighting.gain(2, x, y, w, h));
                } else if (!now[i]) {
                    m[i] = 0;
                }
            }
        }
    }

    static BufferedImage image(int[] argb, int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        img.getRaster().setDataElements(0, 0, w, h, argb);
        return img;
    }
}
