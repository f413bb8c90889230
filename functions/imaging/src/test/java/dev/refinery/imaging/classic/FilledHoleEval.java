package dev.refinery.imaging.classic;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.refinery.color.Masks;
import dev.refinery.quality.Finding;
import dev.refinery.quality.QualityChecker;
import dev.refinery.samples.SamplePhoto;
import dev.refinery.samples.SyntheticPhotos;
import dev.refinery.testkit.Checkout;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * A measuring tool, not a test: the check's {@code cutout-filled-hole} on each photo's exact mask (every failure a
 * false alarm) and on the segmenter's cut-out, with the cut-out's IoU, over the photo lab (or {@code -Deval.corpus})
 * and the synthetic set. Skipped unless {@code -Deval.holes=1}.
 */
class FilledHoleEval {
    @Test
    void measure() throws Exception {
        assumeTrue(System.getProperty("eval.holes") != null, "-Deval.holes=1 to run the measuring tool");
        Path corpus = Path.of(System.getProperty("eval.corpus", Checkout.path("functions/photolab/corpus").toString()));
        StringBuilder sb = new StringBuilder();
        int exactFired = 0, cutFired = 0, n = 0;
        ClassicSegmenter segmenter = new ClassicSegmenter();
        try (var s = Files.list(corpus)) {
            for (Path d : s.filter(d -> Files.isRegularFile(d.resolve("mask.png"))).sorted().toList()) {
                Path photoFile = Files.exists(d.resolve("photo.jpg")) ? d.resolve("photo.jpg") : d.resolve("photo.png");
                BufferedImage p = ImageIO.read(photoFile.toFile());
                BufferedImage m = ImageIO.read(d.resolve("mask.png").toFile());
                if (m.getWidth() != p.getWidth()) continue;
                String line = row(d.getFileName().toString(), p, Masks.fromGray(m), segmenter);
                exactFired += line.contains("exact FAIL") ? 1 : 0;
                cutFired += line.contains("cut FAIL") ? 1 : 0;
                n++;
                sb.append(line);
            }
        }
        for (SamplePhoto p : new SyntheticPhotos().standardSet(5)) {
            sb.append(row(p.name(), p.photo(), p.truthAlpha(), segmenter));
        }
        sb.append(String.format(Locale.ROOT, "photos %d: exact masks failed %d, cut-outs failed %d%n", n, exactFired, cutFired));
        Files.writeString(Path.of("target/filled-holes.txt"), sb.toString());
        System.out.print(sb);
    }

    private static String row(String name, BufferedImage p, float[] truth, ClassicSegmenter segmenter) {
        int w = p.getWidth();
        int[] px = p.getRGB(0, 0, w, p.getHeight(), null, 0, w);
        float[] cut = segmenter.cutOut(p, Map.of()).alpha();
        Finding onExact = filled(QualityChecker.cutoutFindings(px, w, truth));
        Finding onCut = filled(QualityChecker.cutoutFindings(px, w, cut));
        return String.format(Locale.ROOT, "%s exact %s %.3f cut %s %.3f iou %.3f%n", name, onExact.passed() ? "pass" : "FAIL", onExact.measured(),
                onCut.passed() ? "pass" : "FAIL", onCut.measured(), Masks.iou(cut, truth));
    }

    private static Finding filled(List<Finding> findings) {
        return findings.stream().filter(f -> f.check().equals("cutout-filled-hole")).findFirst().orElseThrow();
    }
}
