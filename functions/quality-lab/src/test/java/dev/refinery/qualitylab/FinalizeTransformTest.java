package dev.refinery.qualitylab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.refinery.domain.PresetCatalog;
import dev.refinery.engine.Rendition;
import dev.refinery.imaging.classic.ClassicFinisher;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FinalizeTransformTest {

    @Test
    void roundTripsAPoint() {
        FinalizeTransform t = FinalizeTransform.of(Map.of("scale", "2.8952", "crop", "591,371,572,601", "offsetX", "171.98",
                "offsetY", "130.0", "canvas", "2000x2000"), 1.5);
        for (double[] p : new double[][] {{0, 0}, {591.25, 371.5}, {1600, 1200}, {-3.5, 2000.75}}) {
            assertThat(t.toSourceX(t.toFinalX(p[0]))).isCloseTo(p[0], within(1e-9));
            assertThat(t.toSourceY(t.toFinalY(p[1]))).isCloseTo(p[1], within(1e-9));
        }
        // the box's corner (master px) lands on the offset; source px are 1.5 master px
        assertThat(t.toFinalX(591 * 1.5)).isCloseTo(171.98, within(1e-9));
        assertThat(t.sourceScale()).isCloseTo(2.8952 / 1.5, within(1e-12));
    }

    /** Numerical check of the recorded parameters' meaning against ClassicFinisher itself: its own canvas mask. */
    @Test
    void mapsTheMastersAlphaOntoTheFinishersProductMask() {
        for (int[] size : new int[][] {{400, 300}, {3000, 2000}}) { // enlarged and shrunk
            int w = size[0], h = size[1];
            BufferedImage master = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
            Graphics2D g = master.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(new Color(0x2060A0));
            g.fill(new Ellipse2D.Double(w * 0.31, h * 0.17, w * 0.23, h * 0.55));
            g.fill(new Ellipse2D.Double(w * 0.50, h * 0.40, w * 0.12, h * 0.12));
            g.dispose();
            Rendition r = new ClassicFinisher().render(master, PresetCatalog.bundled().get("amazon-main"), Map.of());
            FinalizeTransform t = FinalizeTransform.of(r.params(), 1.0);
            int cw = t.canvasWidth(), ch = t.canvasHeight();
            assertThat(r.productMask().getWidth()).isEqualTo(cw);
            // centroid of the finisher's own product mask vs the master's alpha centroid mapped through the transform
            double mx = 0, my = 0, mn = 0;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double a = (master.getRGB(x, y) >>> 24) / 255.0;
                    mx += a * (x + 0.5);
                    my += a * (y + 0.5);
                    mn += a;
                }
            }
            double fx = 0, fy = 0, fn = 0;
            boolean[] fm = new boolean[cw * ch], mapped = new boolean[cw * ch];
            for (int y = 0; y < ch; y++) {
                for (int x = 0; x < cw; x++) {
                    double a = r.productMask().getRaster().getSample(x, y, 0) / 255.0;
                    fx += a * (x + 0.5);
                    fy += a * (y + 0.5);
                    fn += a;
                    fm[y * cw + x] = a >= 0.5;
                    int sx = (int) Math.floor(t.toSourceX(x + 0.5)), sy = (int) Math.floor(t.toSourceY(y + 0.5));
                    mapped[y * cw + x] = sx >= 0 && sy >= 0 && sx < w && sy < h && (master.getRGB(sx, sy) >>> 24) >= 128;
                }
            }
            double s = t.scale();
            assertThat(fx / fn).as("centroid x, %dx%d", w, h).isCloseTo(t.toFinalX(mx / mn), within(0.05 * Math.max(1, s)));
            assertThat(fy / fn).as("centroid y, %dx%d", w, h).isCloseTo(t.toFinalY(my / mn), within(0.05 * Math.max(1, s)));
            assertThat(Segmentation.iou(mapped, fm)).isGreaterThan(0.99);
            // a half-pixel error in the convention would move the mask by scale/2 final px: the centroid test
            // above holds to 5% of a source pixel
        }
    }
}
