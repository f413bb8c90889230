package dev.refinery.color;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SharpnessTest {

    private static BufferedImage texture(int w, int h, long seed) {
        Random rnd = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y += 4) {
            for (int x = 0; x < w; x += 4) {
                int v = rnd.nextBoolean() ? 40 : 210;
                for (int dy = 0; dy < 4 && y + dy < h; dy++) {
                    for (int dx = 0; dx < 4 && x + dx < w; dx++) {
                        img.setRGB(x + dx, y + dy, (v << 16) | (v << 8) | v);
                    }
                }
            }
        }
        return img;
    }

    private static BufferedImage enlarge(BufferedImage src, int factor) {
        BufferedImage out = new BufferedImage(src.getWidth() * factor, src.getHeight() * factor, BufferedImage.TYPE_INT_RGB);
        var g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(src, 0, 0, out.getWidth(), out.getHeight(), null);
        g.dispose();
        return out;
    }

    @Test
    void enlargementIsUndoneBeforeMeasuring() {
        BufferedImage sharp = texture(200, 200, 1);
        BufferedImage big = enlarge(sharp, 3);
        double native_ = Sharpness.laplacianVariance(sharp, new Rectangle(0, 0, 200, 200));
        double onCanvas = Sharpness.laplacianVariance(big, new Rectangle(0, 0, 600, 600));
        double undone = Sharpness.laplacianVariance(big, new Rectangle(0, 0, 600, 600), 3.0);
        // enlarging divides the variance by roughly the scale's fourth power; measuring after shrinking recovers most of it
        assertThat(onCanvas).isLessThan(native_ / 20);
        assertThat(undone).isGreaterThan(native_ / 4);
    }

    @Test
    void aBlurredSourceStillScoresLowAfterEnlargement() {
        BufferedImage sharp = texture(200, 200, 2);
        BufferedImage blurred = enlarge(enlarge(sharp, 1), 1);
        var g = blurred.createGraphics();
        // blur by shrinking to a third and enlarging back
        BufferedImage small = new BufferedImage(67, 67, BufferedImage.TYPE_INT_RGB);
        var gs = small.createGraphics();
        gs.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        gs.drawImage(sharp, 0, 0, 67, 67, null);
        gs.dispose();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(small, 0, 0, 200, 200, null);
        g.dispose();
        double sharpScore = Sharpness.laplacianVariance(enlarge(sharp, 3), new Rectangle(0, 0, 600, 600), 3.0);
        double blurScore = Sharpness.laplacianVariance(enlarge(blurred, 3), new Rectangle(0, 0, 600, 600), 3.0);
        assertThat(blurScore).isLessThan(sharpScore / 3);
    }

    @Test
    void enlargementComparesTheProductBoxes() {
        assertThat(Sharpness.enlargement(new Rectangle(0, 0, 1740, 900), new Rectangle(0, 0, 580, 300))).isEqualTo(3.0);
        assertThat(Sharpness.enlargement(new Rectangle(0, 0, 500, 500), new Rectangle(0, 0, 1000, 800))).isEqualTo(1.0);
        assertThat(Sharpness.enlargement(new Rectangle(), new Rectangle(0, 0, 10, 10))).isEqualTo(1.0);
    }
}
