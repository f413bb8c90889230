package dev.refinery.imaging.classic;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.refinery.color.Masks;
import dev.refinery.testkit.Checkout;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * A measuring tool, not a test: the segmenter's cut-out (by default from its salient-object model;
 * {@code -Deval.colour=1} for the colour cut) on the photo lab, IoU and boundary F (2 px) against the exact masks, per
 * photo and on average, with the segmentation's time. Skipped unless {@code -Deval.sal=1}; {@code -Deval.corpus=<dir>}
 * for another corpus in the photo lab's layout (the held-out renders); writes {@code target/seg-salient.txt} or
 * {@code target/seg-colour.txt}. docs/decisions.md, round 16.
 */
class SaliencyEval {
    @Test
    void measure() throws Exception {
        assumeTrue(System.getProperty("eval.sal") != null, "-Deval.sal=1 to run the measuring tool");
        Path corpus = Path.of(System.getProperty("eval.corpus", Checkout.path("functions/photolab/corpus").toString()));
        String only = System.getProperty("eval.only", "");
        StringBuilder sb = new StringBuilder();
        boolean colour = System.getProperty("eval.colour") != null;
        ClassicSegmenter segmenter = new ClassicSegmenter(ClassicSegmenter.Settings.DEFAULT.withSaliencyFirst(!colour));
        double si = 0, sb2 = 0, sumExtra = 0, sumMissing = 0;
        int n = 0, under = 0;
        try (var s = Files.list(corpus)) {
            for (Path d : s.filter(d -> Files.isRegularFile(d.resolve("mask.png"))).sorted().toList()) {
                if (!only.isEmpty() && !d.getFileName().toString().matches(only)) {
                    continue;
                }
                Path photoFile = Files.exists(d.resolve("photo.jpg")) ? d.resolve("photo.jpg") : d.resolve("photo.png");
                BufferedImage p = ImageIO.read(photoFile.toFile());
                BufferedImage m = ImageIO.read(d.resolve("mask.png").toFile());
                if (m.getWidth() != p.getWidth()) {
                    continue;
                }
                float[] truth = Masks.fromGray(m);
                var seg = segmenter.cutOut(p, Map.of());
                float[] b = seg.alpha();
                int w = p.getWidth(), h = p.getHeight();
                double iou = Masks.iou(b, truth), bf = CutoutEdgeEval.boundaryF(b, truth, w, h);
                si += iou;
                sb2 += bf;
                n++;
                under += iou < 0.85 ? 1 : 0;
                long extra = 0, missing = 0, product = 0;
                for (int i = 0; i < b.length; i++) {
                    boolean in = b[i] >= 0.5f, truly = truth[i] >= 0.5f;
                    extra += in && !truly ? 1 : 0;
                    missing += truly && !in ? 1 : 0;
                    product += truly ? 1 : 0;
                }
                sumExtra += extra / (double) product;
                sumMissing += missing / (double) product;
                sb.append(String.format(Locale.ROOT, "%s %.3f %.3f extra %.4f missing %.4f ms %s%n", d.getFileName(), iou, bf,
                        extra / (double) product, missing / (double) product, seg.evidence().get("segmentMillis")));
            }
        }
        sb.append(String.format(Locale.ROOT, "MEAN iou %.4f bf %.4f under0.85 %d n %d; beyond the truth %.4f of the product, short of it %.4f%n",
                si / n, sb2 / n, under, n, sumExtra / n, sumMissing / n));
        Files.writeString(Path.of(colour ? "target/seg-colour.txt" : "target/seg-salient.txt"), sb.toString());
        System.out.print(sb);
    }
}
