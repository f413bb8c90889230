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
 * A measuring tool, not a test: the colour cut's cut-out (the segmenter without its salient-object model) on the photo-lab corpus without and with the second cut made
 * with the backdrop beside the product ({@link RowBackdrop}), IoU and boundary F (2 px) against the exact masks, and
 * which cut was chosen. Skipped unless {@code -Deval.rows=1} ({@code -Deval.only=<regex>} for some photos,
 * {@code -Deval.corpus=<dir>} for another corpus in the photo lab's layout); writes {@code target/seg-rows.txt}.
 */
class RowBackdropEval {
    @Test
    void measure() throws Exception {
        assumeTrue(System.getProperty("eval.rows") != null, "-Deval.rows=1 to run the measuring tool");
        Path corpus = Path.of(System.getProperty("eval.corpus", Checkout.path("functions/photolab/corpus").toString()));
        String only = System.getProperty("eval.only", "");
        StringBuilder sb = new StringBuilder();
        try (var s = Files.list(corpus)) {
            for (Path d : s.filter(d -> Files.isRegularFile(d.resolve("mask.png"))).sorted().toList()) {
                if (!only.isEmpty() && !d.getFileName().toString().matches(only)) continue;
                Path photoFile = Files.exists(d.resolve("photo.jpg")) ? d.resolve("photo.jpg") : d.resolve("photo.png");
                BufferedImage p = ImageIO.read(photoFile.toFile());
                BufferedImage m = ImageIO.read(d.resolve("mask.png").toFile());
                if (m.getWidth() != p.getWidth() || p.getWidth() > 2000) continue;
                float[] truth = Masks.fromGray(m);
                ClassicSegmenter.Settings colourCut = ClassicSegmenter.Settings.DEFAULT.withSaliencyFirst(false);
                var plain = new ClassicSegmenter(colourCut.withRowBackdrop(false)).cutOut(p, Map.of());
                float[] a = plain.alpha();
                var seg = new ClassicSegmenter(colourCut).cutOut(p, Map.of());
                float[] b = seg.alpha();
                int w = p.getWidth(), h = p.getHeight();
                sb.append(String.format(Locale.ROOT, "%s plain %.3f/%.3f chosen %.3f/%.3f %s%n",
                        d.getFileName(), Masks.iou(a, truth), CutoutEdgeEval.boundaryF(a, truth, w, h), Masks.iou(b, truth), CutoutEdgeEval.boundaryF(b, truth, w, h),
                        seg.params().get("winningStart") + " ms " + plain.evidence().get("segmentMillis") + " -> " + seg.evidence().get("segmentMillis")));
            }
        }
        Files.writeString(Path.of("target/seg-rows.txt"), sb.toString());
        System.out.print(sb);
    }
}
