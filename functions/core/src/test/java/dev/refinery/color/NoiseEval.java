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

/** A measuring tool, not a test: the masters' noise per photo of a make quality run, beside the label verdict. Skipped unless -Deval.noise=<out/quality>. */
class NoiseEval {
    @Test
    void measure() throws IOException {
        String out = System.getProperty("eval.noise", "");
        assumeTrue(!out.isBlank(), "-Deval.noise=<make quality's out/quality> to run the measuring tool");
        for (String engine : new String[] {"classic", "openai"}) {
            String results = Files.readString(Path.of(out, "results-" + engine + ".json"));
            Path refined = Path.of(out, engine, "refined");
            try (var dirs = Files.list(refined)) {
                for (Path d : dirs.sorted().toList()) {
                    Path master = d.resolve("versions/v4-detail.png");
                    if (!Files.isRegularFile(master)) {
                        continue;
                    }
                    var img = ImageIO.read(master.toFile());
                    ArgbPixels p = ArgbPixels.of(img);
                    double s = Noise.sigma(p, p.alpha());
                    String id = d.getFileName().toString();
                    Matcher m = Pattern.compile("\"id\": \"" + id + "\".*?\"labelSsim\": ([-0-9.eE]+|null)", Pattern.DOTALL).matcher(results);
                    String label = m.find() ? m.group(1) : "?";
                    System.out.printf(Locale.ROOT, "%s %s sigma %.2f label %s%n", engine, id, s, label);
                }
            }
        }
    }
}
