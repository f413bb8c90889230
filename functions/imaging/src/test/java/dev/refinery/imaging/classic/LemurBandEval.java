package dev.refinery.imaging.classic;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.refinery.color.Masks;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * A measuring tool, not a test: {@link BandCut} on the CC0 lemur's fur (../shared/realworld, pymatting's alpha as the
 * truth) for several pulls towards the working cut ({@link BandCut.Settings#prior()}): IoU and boundary F. Skipped
 * unless {@code -Deval.lemur=<folder holding pymatting__lemur.png and masks/pymatting__lemur_alpha.png>}.
 */
class LemurBandEval {
    @Test
    void measure() throws Exception {
        String folder = System.getProperty("eval.lemur", "");
        assumeTrue(!folder.isBlank(), "-Deval.lemur=<../shared/realworld/photos> to run the measuring tool");
        Path photo = Path.of(folder, "pymatting__lemur.png"), mask = Path.of(folder, "masks", "pymatting__lemur_alpha.png");
        assumeTrue(Files.isRegularFile(photo) && Files.isRegularFile(mask), "the lemur or its alpha is not in " + folder);
        BufferedImage img = ImageIO.read(photo.toFile());
        float[] truth = Masks.fromGray(ImageIO.read(mask.toFile()));
        int w = img.getWidth(), h = img.getHeight();
        float[] off = new ClassicSegmenter(ClassicSegmenter.Settings.DEFAULT.withBandCut(false)).analyse(img, Map.of()).alpha();
        int[] px = Pixels.argb(img);
        System.out.printf("lemur without the band cut: IoU %.4f BF %.4f%n", Masks.iou(off, truth), CutoutEdgeEval.boundaryF(off, truth, w, h));
        for (double prior : new double[] {0, 0.5, 1, 2, 4}) {
            float[] on = BandCut.refine(px, w, h, off, new BandCut.Settings(2, 1, prior));
            System.out.printf("lemur, prior %.1f: IoU %.4f BF %.4f%n", prior, Masks.iou(on, truth), CutoutEdgeEval.boundaryF(on, truth, w, h));
        }
    }
}
