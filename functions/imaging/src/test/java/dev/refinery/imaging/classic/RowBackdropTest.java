package dev.refinery.imaging.classic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refinery.color.Masks;
import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A grey bottle in front of a blue-grey wall, standing on a light floor whose shade has the bottle's grey: the
 * border's colour mixture explains the bottle as the floor in shadow, the wall beside it in the same rows does not.
 */
class RowBackdropTest {
    static final int W = 360, H = 300;
    static final int[] WALL = {110, 120, 150}, FLOOR = {214, 214, 206}, BODY = {176, 176, 171}, CAP = {40, 44, 96};

    static boolean body(int x, int y) {
        return x >= 150 && x < 210 && y >= 70 && y < 240;
    }

    static boolean cap(int x, int y) {
        return x >= 165 && x < 195 && y >= 45 && y < 70;
    }

    static BufferedImage scene(long seed) {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int[] c = cap(x, y) ? CAP : body(x, y) ? BODY : y < 180 ? WALL : FLOOR;
                // a little light falloff towards the corners, as a lens gives
                double dx = (x - W / 2.0) / (W / 2.0), dy = (y - H / 2.0) / (H / 2.0);
                double v = c == WALL || c == FLOOR ? 1 - 0.1 * (dx * dx + dy * dy) / 2 : 1;
                int rgb = 0;
                for (int k = 0; k < 3; k++) {
                    rgb = (rgb << 8) | Math.max(0, Math.min(255, (int) Math.round(c[k] * v + r.nextGaussian() * 3)));
                }
                img.setRGB(x, y, rgb);
            }
        }
        return img;
    }

    static float[][] planes(BufferedImage img) {
        float[][] z = new float[3][W * H];
        for (int i = 0; i < W * H; i++) {
            int p = img.getRGB(i % W, i / W);
            z[0][i] = (p >> 16) & 0xFF;
            z[1][i] = (p >> 8) & 0xFF;
            z[2][i] = p & 0xFF;
        }
        return z;
    }

    @Test
    void theWallBesideTheBottleDoesNotExplainItWhereTheFloorsShadeWould() {
        float[][] z = planes(scene(1));
        RowBackdrop rows = RowBackdrop.of(z, W, H, ClassicSegmenter.ring(W, H), ClassicSegmenter.band(W, H), 0.55);
        float[] penalty = rows.penalty(1, 2);
        int bodyInWallRows = 0, penalisedBody = 0, backdrop = 0, penalisedBackdrop = 0;
        for (int i = 0; i < W * H; i++) {
            int x = i % W, y = i / W;
            if (body(x, y) && y < 175) {
                bodyInWallRows++;
                penalisedBody += penalty[i] > 0 ? 1 : 0;
            } else if (!body(x, y) && !cap(x, y) && Math.abs(y - 180) > 3) {
                backdrop++;
                penalisedBackdrop += penalty[i] > 0 ? 1 : 0;
            }
        }
        assertThat(penalisedBody / (double) bodyInWallRows).as("the bottle's body in front of the wall").isGreaterThan(0.99);
        assertThat(penalisedBackdrop / (double) backdrop).as("the wall and floor themselves").isLessThan(0.02);
        float max = 0;
        for (float p : penalty) {
            assertThat(p).isGreaterThanOrEqualTo(0f);
            max = Math.max(max, p);
        }
        assertThat(max).as("the penalty's cap").isEqualTo(2f);

        // the bottle's foot stands in the floor's rows and has the floor's colour in shade: explained there
        boolean[] bottle = new boolean[W * H];
        for (int i = 0; i < W * H; i++) {
            bottle[i] = body(i % W, i / W);
        }
        double footShare = (240 - 180) / (double) (240 - 70);
        assertThat(rows.explainedShare(bottle, new boolean[W * H])).isCloseTo(footShare, org.assertj.core.data.Offset.offset(0.05));
    }

    /**
     * The photo lab's pl-010 (a grey bottle before a blue-grey wall on a light floor): the plain cut keeps the dark cap
     * and the shoulder only, the rows' cut the whole bottle, and the segmenter takes the rows' cut.
     */
    @Test
    void theSegmenterKeepsTheWholeBottleOnThePhotoLabsGreyOnGreyPhoto() throws java.io.IOException {
        java.nio.file.Path dir = dev.refinery.testkit.Checkout.path("functions/photolab/corpus/pl-010");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isRegularFile(dir.resolve("mask.png")), "the photo lab's corpus is not here");
        BufferedImage photo = javax.imageio.ImageIO.read(dir.resolve("photo.jpg").toFile());
        float[] truth = Masks.fromGray(javax.imageio.ImageIO.read(dir.resolve("mask.png").toFile()));
        ClassicSegmenter.Settings colourCut = ClassicSegmenter.Settings.DEFAULT.withSaliencyFirst(false);
        var plain = new ClassicSegmenter(colourCut.withRowBackdrop(false)).cutOut(photo, Map.of());
        var chosen = new ClassicSegmenter(colourCut).cutOut(photo, Map.of());
        assertThat(Masks.iou(plain.alpha(), truth)).as("the plain cut").isLessThan(0.6);
        assertThat(Masks.iou(chosen.alpha(), truth)).as("the cut chosen").isGreaterThan(0.9);
        assertThat(chosen.params().get("winningStart")).startsWith("rows-");
    }
}
