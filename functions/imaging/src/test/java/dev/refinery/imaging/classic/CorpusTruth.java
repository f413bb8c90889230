package dev.refinery.imaging.classic;

import dev.refinery.color.ColorMath;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/** Reads what the measuring tool needs from a photo-lab corpus folder (truth.json, regions.png). */
final class CorpusTruth {
    private CorpusTruth() {
    }

    static String family(Path dir) throws IOException {
        Path t = dir.resolve("truth.json");
        if (!Files.exists(t)) {
            return "corpus";
        }
        Matcher m = Pattern.compile("\"family\"\\s*:\\s*\"([^\"]+)\"").matcher(Files.readString(t));
        return m.find() ? m.group(1) : "corpus";
    }

    record Region(int id, int rgb) {
    }

    /** Regions and their true sRGB colours (truth.json), or an empty list. */
    static List<Region> regions(Path dir) throws IOException {
        List<Region> out = new ArrayList<>();
        Path t = dir.resolve("truth.json");
        if (!Files.exists(t)) {
            return out;
        }
        Matcher m = Pattern.compile("\"id\"\\s*:\\s*(\\d+)[^{}]*?\"trueSrgb\"\\s*:\\s*\\[\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\]")
                .matcher(Files.readString(t));
        while (m.find()) {
            out.add(new Region(Integer.parseInt(m.group(1)),
                    (Integer.parseInt(m.group(2)) << 16) | (Integer.parseInt(m.group(3)) << 8) | Integer.parseInt(m.group(4))));
        }
        return out;
    }

    /** Pixel-weighted mean CIEDE2000 between each region's mean colour in {@code img} and its true colour; NaN without truth. */
    static double deltaE(Path dir, BufferedImage img) throws IOException {
        List<Region> regs = regions(dir);
        Path rp = dir.resolve("regions.png");
        if (regs.isEmpty() || !Files.exists(rp)) {
            return Double.NaN;
        }
        BufferedImage r = ImageIO.read(rp.toFile());
        int w = img.getWidth(), h = img.getHeight();
        double sum = 0;
        long total = 0;
        for (Region reg : regs) {
            double lr = 0, lg = 0, lb = 0;
            long n = 0;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    if ((r.getRaster().getSample(x, y, 0)) != reg.id()) {
                        continue;
                    }
                    int p = img.getRGB(x, y);
                    lr += ColorMath.toLinear(p >> 16);
                    lg += ColorMath.toLinear(p >> 8);
                    lb += ColorMath.toLinear(p);
                    n++;
                }
            }
            if (n < 50) {
                continue;
            }
            double d = ColorMath.deltaE2000(ColorMath.linearToLab(lr / n, lg / n, lb / n), ColorMath.rgbToLab(reg.rgb()));
            sum += d * n;
            total += n;
        }
        return total == 0 ? Double.NaN : sum / total;
    }
}
