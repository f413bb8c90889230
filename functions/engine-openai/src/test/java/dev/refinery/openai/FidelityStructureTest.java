package dev.refinery.openai;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.refinery.color.Masks;
import dev.refinery.testkit.Checkout;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The structure half of the fidelity check against the seller's photo, measured on the photo lab's
 * renders with their exact product masks and label boxes: what a faithful edit does to a photo
 * (exposure, white balance, denoising, JPEG) must keep the structure well above the bar, and what
 * an unfaithful one does to the label (erased, redrawn) or the product (moved) must fall below it.
 */
class FidelityStructureTest {
    private static final Path CORPUS = Checkout.path("functions/photolab/corpus");
    private static final Pattern LABEL_BOX = Pattern.compile("\"labelBox\":\\s*\\[\\s*(\\d+),\\s*(\\d+),\\s*(\\d+),\\s*(\\d+)\\s*]");
    private static final double BAR = FidelityThresholds.defaults().minStructure();

    record Sample(String id, BufferedImage photo, float[] mask, int[] label) {
    }

    @Test
    void faithfulEditsKeepTheStructureAndRedrawnLabelsOrMovedProductsLoseIt() throws IOException {
        List<Sample> samples = samples(24);
        assumeTrue(!samples.isEmpty(), "the photo lab corpus (functions/photolab/corpus) is absent: nothing to measure");
        Map<String, BiFunction<Sample, BufferedImage, BufferedImage>> faithful = new LinkedHashMap<>();
        faithful.put("exposure +0.5 EV", (s, img) -> gains(img, 1.41, 1.41, 1.41));
        faithful.put("white balance 1.2/1/0.85", (s, img) -> gains(img, 1.2, 1.0, 0.85));
        faithful.put("denoised (blur 3x3)", (s, img) -> blur(img));
        faithful.put("JPEG q70", (s, img) -> jpeg(img));
        // a model re-renders every pixel: softer and a little off in place, even where it changed nothing
        faithful.put("re-rendered (blur 5x5, moved 2 px)", (s, img) -> moved(blur(blur(img)), 2, 1));
        Map<String, BiFunction<Sample, BufferedImage, BufferedImage>> unfaithful = new LinkedHashMap<>();
        unfaithful.put("label erased", FidelityStructureTest::eraseLabel);
        unfaithful.put("label redrawn (mirrored)", FidelityStructureTest::mirrorLabel);
        unfaithful.put("product moved 4%", FidelityStructureTest::shift);
        StringBuilder report = new StringBuilder();
        List<String> failures = new ArrayList<>();
        for (Sample s : samples) {
            report.append(s.id());
            for (var e : faithful.entrySet()) {
                double v = FidelityCheck.structure(s.photo(), e.getValue().apply(s, s.photo()), s.mask());
                report.append(String.format(" | %s %.2f", e.getKey(), v));
                if (!(v >= BAR)) {
                    failures.add(s.id() + " " + e.getKey() + " " + v);
                }
            }
            for (var e : unfaithful.entrySet()) {
                double v = FidelityCheck.structure(s.photo(), e.getValue().apply(s, s.photo()), s.mask());
                report.append(String.format(" | %s %.2f", e.getKey(), v));
                if (!(v < BAR)) {
                    failures.add(s.id() + " " + e.getKey() + " " + v);
                }
            }
            report.append('\n');
        }
        System.out.println(report);
        assertTrue(failures.isEmpty(), "structure bar " + BAR + " misjudged: " + failures + "\n" + report);
    }

    static List<Sample> samples(int max) throws IOException {
        List<Sample> out = new ArrayList<>();
        if (!Files.isDirectory(CORPUS)) {
            return out;
        }
        try (var dirs = Files.list(CORPUS)) {
            for (Path d : dirs.sorted().toList()) {
                if (out.size() >= max || !Files.isRegularFile(d.resolve("truth.json"))) {
                    continue;
                }
                Matcher m = LABEL_BOX.matcher(Files.readString(d.resolve("truth.json")));
                if (!m.find()) {
                    continue;
                }
                int[] box = {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))};
                BufferedImage photo = FakeImagesApi.copy(ImageIO.read(d.resolve("photo.jpg").toFile()));
                BufferedImage mask = ImageIO.read(d.resolve("mask.png").toFile());
                if (mask.getWidth() != photo.getWidth() || box[2] < 40 || box[3] < 40) {
                    continue;
                }
                out.add(new Sample(d.getFileName().toString(), photo, Masks.fromGray(mask), box));
            }
        }
        return out;
    }

    static BufferedImage gains(BufferedImage img, double r, double g, double b) {
        BufferedImage out = FakeImagesApi.copy(img);
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                int p = out.getRGB(x, y);
                out.setRGB(x, y, (scale((p >> 16) & 255, r) << 16) | (scale((p >> 8) & 255, g) << 8) | scale(p & 255, b));
            }
        }
        return out;
    }

    /** A gain in linear light, through the sRGB curve the engine measures with (a power of 2.2 differs from it in the shadows). */
    private static int scale(int c, double gain) {
        return dev.refinery.color.ColorMath.fromLinear(dev.refinery.color.ColorMath.toLinear(c) * gain);
    }

    static BufferedImage blur(BufferedImage img) {
        float[] k = new float[9];
        java.util.Arrays.fill(k, 1f / 9);
        return new ConvolveOp(new Kernel(3, 3, k), ConvolveOp.EDGE_NO_OP, null).filter(FakeImagesApi.copy(img), null);
    }

    static BufferedImage jpeg(BufferedImage img) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            var writer = ImageIO.getImageWritersByFormatName("jpg").next();
            var param = writer.getDefaultWriteParam();
            param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.7f);
            try (var out = ImageIO.createImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(null, new javax.imageio.IIOImage(FakeImagesApi.copy(img), null, null), param);
            }
            writer.dispose();
            return FakeImagesApi.copy(ImageIO.read(new ByteArrayInputStream(bytes.toByteArray())));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static BufferedImage eraseLabel(Sample s, BufferedImage img) {
        BufferedImage out = FakeImagesApi.copy(img);
        int[] b = s.label();
        long r = 0, g = 0, bl = 0, n = 0;
        for (int y = b[1]; y < b[1] + b[3]; y++) {
            for (int x = b[0]; x < b[0] + b[2]; x++) {
                int p = out.getRGB(x, y);
                r += (p >> 16) & 255;
                g += (p >> 8) & 255;
                bl += p & 255;
                n++;
            }
        }
        int mean = (int) (r / n) << 16 | (int) (g / n) << 8 | (int) (bl / n);
        for (int y = b[1]; y < b[1] + b[3]; y++) {
            for (int x = b[0]; x < b[0] + b[2]; x++) {
                out.setRGB(x, y, mean);
            }
        }
        return out;
    }

    static BufferedImage mirrorLabel(Sample s, BufferedImage img) {
        BufferedImage out = FakeImagesApi.copy(img);
        int[] b = s.label();
        for (int y = b[1]; y < b[1] + b[3]; y++) {
            for (int x = b[0]; x < b[0] + b[2]; x++) {
                out.setRGB(x, y, img.getRGB(b[0] + b[2] - 1 - (x - b[0]), b[1] + b[3] - 1 - (y - b[1])));
            }
        }
        return out;
    }

    static BufferedImage shift(Sample s, BufferedImage img) {
        return moved(img, Math.max(4, img.getWidth() / 25), 0);
    }

    static BufferedImage moved(BufferedImage img, int dx, int dy) {
        BufferedImage out = FakeImagesApi.copy(img);
        Graphics2D g = out.createGraphics();
        g.drawImage(img, dx, dy, null);
        g.dispose();
        return out;
    }
}
