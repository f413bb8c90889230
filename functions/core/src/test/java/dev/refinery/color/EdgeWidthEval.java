package dev.refinery.color;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** A measuring tool, not a test: each photo-lab photo's edge width over its true product mask, beside its true blur. Skipped unless -Deval.edgewidth=<corpus>. */
class EdgeWidthEval {
    @Test
    void measure() throws IOException {
        String corpus = System.getProperty("eval.edgewidth", "");
        assumeTrue(!corpus.isBlank(), "-Deval.edgewidth=<the photo lab's corpus> to run the measuring tool");
        try (var dirs = Files.list(Path.of(corpus))) {
            for (Path d : dirs.sorted().toList()) {
                if (!Files.isRegularFile(d.resolve("truth.json"))) {
                    continue;
                }
                ArgbPixels photo = ArgbPixels.of(ImageIO.read(d.resolve("photo.jpg").toFile()));
                float[] mask = Masks.fromGray(ImageIO.read(d.resolve("mask.png").toFile()));
                String truth = Files.readString(d.resolve("truth.json"));
                Matcher b = Pattern.compile("\"(?:blurPx|blurSigma)\" ?: ([-0-9.eE]+)").matcher(truth);
                Matcher k = Pattern.compile("\"kind\": \"([a-z-]+)\"").matcher(truth);
                long t0 = System.nanoTime();
                double s = EdgeWidth.sigma(photo, mask);
                double withOutline = EdgeWidth.sigmaWithOutline(photo, mask, 4);
                System.out.printf(Locale.ROOT, "%s %s blurPx %s edge %.2f outline %.2f (%d ms)%n", d.getFileName(), k.find() ? k.group(1) : "?",
                        b.find() ? b.group(1) : "?", s, withOutline, (System.nanoTime() - t0) / 1_000_000);
            }
        }
    }
}
