package dev.refinery.imaging.classic;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.refinery.color.Masks;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class LemurBandEval {
    @Test
    void measure() throws Exception {
        Path photo = Path.of("/work/shared/realworld/photos/pymatting__lemur.png");
        Path mask = Path.of(System.getProperty("eval.lemurMask", ""));
        assumeTrue(Files.isRegularFile(photo) && Files.isRegularFile(mask) && Boolean.getBoolean("eval.lemur"));
        BufferedImage img = ImageIO.read(photo.toFile());
        float[] truth = Masks.fromGray(ImageIO.read(mask.toFile()));
        int w = img.getWidth(), h = img.getHeight();
        float[] off = new ClassicSegmenter(ClassicSegmenter.Settings.DEFAULT.withBandCut(false)).analyse(img, Map.of()).alpha();
        int[] px = Pixels.argb(img);
        System.out.printf("lemur off IoU %.4f BF %.4f%n", Masks.iou(off, truth), CutoutEdgeEval.boundaryF(off, truth, w, h));
        for (double prior : new double[] {0, 0.5, 1, 2, 4}) {
            float[] on = BandCut.refine(px, w, h, off, new BandCut.Settings(2, 1, prior));
            System.out.printf("lemur prior %.1f IoU %.4f BF %.4f%n", prior, Masks.iou(on, truth), CutoutEdgeEval.boundaryF(on, truth, w, h));
        }
    }
}
