package dev.refinery.imaging.classic;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.refinery.color.Masks;
import dev.refinery.testkit.Checkout;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * A measuring tool, not a test: the background stage's cut-out on the photo-lab corpus with the
 * guide taken as it is and through {@link ClassicSegmenter.Settings#guideSmoothing()}: IoU, boundary
 * F (2 px) against the exact masks, speckles (specks of alpha ≥ 0.5 or holes of ≤ 4 px) and time.
 * Skipped unless {@code -Deval.edges=<max photos>} ({@code -Deval.smoothing=0.25} the variant).
 */
class CutoutEdgeEval {
    @Test
    void measure() throws IOException {
        String max = System.getProperty("eval.edges", "");
        assumeTrue(!max.isBlank(), "-Deval.edges=<max photos> to run the measuring tool");
        Path corpus = Checkout.path("functions/photolab/corpus");
        assumeTrue(Files.isDirectory(corpus), "no photo-lab corpus");
        double smoothing = Double.parseDouble(System.getProperty("eval.smoothing", "0.25"));
        ClassicSegmenter off = new ClassicSegmenter(ClassicSegmenter.Settings.DEFAULT.withGuideSmoothing(0));
        ClassicSegmenter on = new ClassicSegmenter(ClassicSegmenter.Settings.DEFAULT.withGuideSmoothing(smoothing));
        List<double[]> rows = new ArrayList<>();
        long tOff = 0, tOn = 0;
        try (var dirs = Files.list(corpus)) {
            for (Path d : dirs.sorted().limit(Integer.parseInt(max)).toList()) {
                if (!Files.isRegularFile(d.resolve("mask.png"))) {
                    continue;
                }
                BufferedImage photo = ImageIO.read(d.resolve("photo.jpg").toFile());
                BufferedImage maskImg = ImageIO.read(d.resolve("mask.png").toFile());
                if (maskImg.getWidth() != photo.getWidth()) {
                    continue;
                }
                float[] truth = Masks.fromGray(maskImg);
                long t0 = System.nanoTime();
                float[] a = off.cutOut(photo, Map.of()).alpha();
                long t1 = System.nanoTime();
                float[] b = on.cutOut(photo, Map.of()).alpha();
                long t2 = System.nanoTime();
                tOff += t1 - t0;
                tOn += t2 - t1;
                int w = photo.getWidth(), h = photo.getHeight();
                double[] r = {Masks.iou(a, truth), boundaryF(a, truth, w, h), Masks.iou(b, truth), boundaryF(b, truth, w, h), specks(a, w, h), specks(b, w, h)};
                rows.add(r);
                System.out.printf(Locale.ROOT, "%s IoU %.3f -> %.3f  BF %.3f -> %.3f  specks %.0f -> %.0f%n", d.getFileName(), r[0], r[2], r[1], r[3], r[4], r[5]);
            }
        }
        double[] mean = new double[6];
        for (double[] r : rows) {
            for (int i = 0; i < 6; i++) {
                mean[i] += r[i] / rows.size();
            }
        }
        long better = rows.stream().filter(r -> r[3] > r[1] + 0.01).count(), worse = rows.stream().filter(r -> r[3] < r[1] - 0.01).count();
        System.out.printf(Locale.ROOT, "%d photos: IoU %.4f -> %.4f, BF %.4f -> %.4f (better on %d, worse on %d), specks %.0f -> %.0f; time %.0f -> %.0f ms per photo%n",
                rows.size(), mean[0], mean[2], mean[1], mean[3], better, worse, mean[4], mean[5], tOff / 1e6 / rows.size(), tOn / 1e6 / rows.size());
    }

    /** Boundary F-measure with a tolerance of 2 px (chessboard distance), as make quality measures it. */
    static double boundaryF(float[] a, float[] b, int w, int h) {
        boolean[] ea = edges(a, w, h), eb = edges(b, w, h);
        double p = matched(ea, eb, w, h), r = matched(eb, ea, w, h);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** Pixels whose 8 neighbours all fall on the other side of 0.5: the salt and pepper of a speckled outline. */
    static double specks(float[] a, int w, int h) {
        int n = 0;
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                boolean f = a[y * w + x] >= 0.5f;
                boolean alone = true;
                for (int dy = -1; dy <= 1 && alone; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        if ((dx != 0 || dy != 0) && (a[(y + dy) * w + x + dx] >= 0.5f) == f) {
                            alone = false;
                            break;
                        }
                    }
                }
                n += alone ? 1 : 0;
            }
        }
        return n;
    }

    private static boolean[] edges(float[] m, int w, int h) {
        boolean[] e = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                boolean f = m[i] >= 0.5f;
                e[i] = f && ((x > 0 && m[i - 1] < 0.5f) || (x < w - 1 && m[i + 1] < 0.5f) || (y > 0 && m[i - w] < 0.5f) || (y < h - 1 && m[i + w] < 0.5f));
            }
        }
        return e;
    }

    private static double matched(boolean[] from, boolean[] to, int w, int h) {
        long n = 0, hit = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (!from[y * w + x]) {
                    continue;
                }
                n++;
                search:
                for (int yy = Math.max(0, y - 2); yy <= Math.min(h - 1, y + 2); yy++) {
                    for (int xx = Math.max(0, x - 2); xx <= Math.min(w - 1, x + 2); xx++) {
                        if (to[yy * w + xx]) {
                            hit++;
                            break search;
                        }
                    }
                }
            }
        }
        return n == 0 ? 0 : hit / (double) n;
    }
}
