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
 * A measuring tool, not a test: the segmenter's cut on the photo-lab corpus (or -Deval.corpus=) with and without
 * {@link BandCut}: IoU and boundary F (2 px) against the exact masks. The segmenter's cuts are cached in
 * -Deval.cache= (default target/bandcut-cache) so settings can be compared quickly. Skipped unless
 * {@code -Deval.band=half,grain,prior[;half,grain,prior...]}.
 */
class BandCutEval {
    @Test
    void measure() throws IOException {
        String specs = System.getProperty("eval.band", "");
        assumeTrue(!specs.isBlank(), "-Deval.band=half,grain,prior[;...] to run the measuring tool");
        for (String spec : specs.split(";")) {
            measure(spec);
        }
    }

    private void measure(String spec) throws IOException {
        String[] v = spec.split(",");
        BandCut.Settings s = new BandCut.Settings(Integer.parseInt(v[0]), Integer.parseInt(v[1]), v.length > 2 ? Double.parseDouble(v[2]) : 0);
        Path corpus = Path.of(System.getProperty("eval.corpus", Checkout.path("functions/photolab/corpus").toString()));
        assumeTrue(Files.isDirectory(corpus), "no corpus at " + corpus);
        Path cache = Path.of(System.getProperty("eval.cache", "target/bandcut-cache"));
        Files.createDirectories(cache);
        ClassicSegmenter segmenter = new ClassicSegmenter(ClassicSegmenter.Settings.DEFAULT.withBandCut(false));
        List<double[]> rows = new ArrayList<>();
        long time = 0;
        try (var dirs = Files.list(corpus)) {
            for (Path d : dirs.sorted().toList()) {
                if (!Files.isRegularFile(d.resolve("mask.png"))) {
                    continue;
                }
                BufferedImage photo = ImageIO.read(d.resolve("photo.jpg").toFile());
                BufferedImage maskImg = ImageIO.read(d.resolve("mask.png").toFile());
                if (maskImg.getWidth() != photo.getWidth()) {
                    continue;
                }
                int w = photo.getWidth(), h = photo.getHeight();
                float[] truth = Masks.fromGray(maskImg);
                Path cached = cache.resolve(d.getFileName() + ".png");
                float[] a;
                if (Files.isRegularFile(cached)) {
                    a = Masks.fromGray(ImageIO.read(cached.toFile()));
                } else {
                    a = segmenter.analyse(photo, Map.of()).alpha();
                    ImageIO.write(Masks.toGray(a, w, h), "png", cached.toFile());
                }
                int[] px = Pixels.argb(photo);
                long t0 = System.nanoTime();
                float[] bf = BandCut.refine(px, w, h, a, s);
                time += System.nanoTime() - t0;
                double[] r = {Masks.iou(a, truth), CutoutEdgeEval.boundaryF(a, truth, w, h), Masks.iou(bf, truth), CutoutEdgeEval.boundaryF(bf, truth, w, h)};
                rows.add(r);
                if (Boolean.getBoolean("eval.verbose")) {
                    System.out.printf(Locale.ROOT, "%s IoU %.3f -> %.3f  BF %.3f -> %.3f%n", d.getFileName(), r[0], r[2], r[1], r[3]);
                }
            }
        }
        double[] mean = new double[4];
        for (double[] r : rows) {
            for (int i = 0; i < 4; i++) {
                mean[i] += r[i] / rows.size();
            }
        }
        long better = rows.stream().filter(r -> r[3] > r[1] + 0.01).count(), worse = rows.stream().filter(r -> r[3] < r[1] - 0.01).count();
        long iouWorse = rows.stream().filter(r -> r[2] < r[0] - 0.01).count();
        System.out.printf(Locale.ROOT, "%s on %d photos: IoU %.4f -> %.4f (worse by > 0.01 on %d), BF %.4f -> %.4f (better on %d, worse on %d); %.0f ms per photo%n",
                spec, rows.size(), mean[0], mean[2], iouWorse, mean[1], mean[3], better, worse, time / 1e6 / rows.size());
    }
}
