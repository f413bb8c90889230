package dev.refinery.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.refinery.color.ArgbPixels;
import dev.refinery.color.Masks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * pl-052 of the photo lab: a garment on a mannequin whose white label the engine cut out as a hole, so the
 * final showed a blank white patch where the label's text was, and the check passed it (the label's colours
 * are neither the garment's nor the grey wall's). The photo and its exact mask are the committed corpus's.
 */
class PaleLabelHoleTest {
    private static final Path PHOTO = Path.of("../photolab/corpus/pl-052");

    @Test
    void aLabelCutOutAsAHoleIsCaughtAndTheWholeGarmentPasses() throws IOException {
        assumeTrue(Files.isRegularFile(PHOTO.resolve("truth.json")), "the photo lab corpus (functions/photolab/corpus) is absent");
        ArgbPixels photo = ArgbPixels.of(ImageIO.read(PHOTO.resolve("photo.jpg").toFile()));
        float[] truth = Masks.fromGray(ImageIO.read(PHOTO.resolve("mask.png").toFile()));
        Matcher m = Pattern.compile("\"labelBox\":\\s*\\[\\s*(\\d+),\\s*(\\d+),\\s*(\\d+),\\s*(\\d+)\\s*]")
                .matcher(Files.readString(PHOTO.resolve("truth.json")));
        assertThat(m.find()).isTrue();
        int lx = Integer.parseInt(m.group(1)), ly = Integer.parseInt(m.group(2)), lw = Integer.parseInt(m.group(3)), lh = Integer.parseInt(m.group(4));
        float[] holed = truth.clone();
        int w = photo.width();
        for (int y = ly; y < ly + lh; y++) {
            for (int x = lx; x < lx + lw; x++) {
                holed[y * w + x] = 0;
            }
        }
        BaseEvidence evidence = new BaseEvidence(photo, photo, null, null, Map.of());
        assertThat(holes(CutoutPlausibility.judge(evidence, holed))).as("the label cut out").isFalse();
        assertThat(holes(CutoutPlausibility.judge(evidence, truth))).as("the whole garment").isTrue();
    }

    /**
     * pl-025: a pump bottle on a pale sweep whose pale label the engine bit into from the side (open to the backdrop, so
     * not a hole): the final lost the label's right half and the check passed it once the outline was clean elsewhere.
     */
    @Test
    void aBiteOutOfAPrintedLabelIsCaughtAndTheWholeBottlePasses() throws IOException {
        Path dir = Path.of("../photolab/corpus/pl-025");
        assumeTrue(Files.isRegularFile(dir.resolve("truth.json")), "the photo lab corpus (functions/photolab/corpus) is absent");
        ArgbPixels photo = ArgbPixels.of(ImageIO.read(dir.resolve("photo.jpg").toFile()));
        float[] truth = Masks.fromGray(ImageIO.read(dir.resolve("mask.png").toFile()));
        Matcher m = Pattern.compile("\"labelBox\":\\s*\\[\\s*(\\d+),\\s*(\\d+),\\s*(\\d+),\\s*(\\d+)\\s*]")
                .matcher(Files.readString(dir.resolve("truth.json")));
        assertThat(m.find()).isTrue();
        int lx = Integer.parseInt(m.group(1)), ly = Integer.parseInt(m.group(2)), lw = Integer.parseInt(m.group(3)), lh = Integer.parseInt(m.group(4));
        int w = photo.width();
        float[] bitten = truth.clone();
        // from the middle of the label to the bottle's right side, over the label's middle half: open to the backdrop
        for (int y = ly + lh / 4; y < ly + 3 * lh / 4; y++) {
            for (int x = lx + lw / 2; x < w; x++) {
                bitten[y * w + x] = 0;
            }
        }
        BaseEvidence evidence = new BaseEvidence(photo, photo, null, null, Map.of());
        assertThat(holes(CutoutPlausibility.judge(evidence, bitten))).as("the label bitten into").isFalse();
        assertThat(holes(CutoutPlausibility.judge(evidence, truth))).as("the whole bottle").isTrue();
    }

    private static boolean holes(List<Finding> findings) {
        return findings.stream().filter(f -> f.check().equals("cutout-holes")).findFirst().orElseThrow().passed();
    }
}
