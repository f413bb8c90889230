package dev.refinery.qualitylab;

import dev.refinery.engine.ImageCodec;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.refinery.color.ColorMath;
import dev.refinery.samples.SamplePhoto;
import dev.refinery.samples.SampleSpec;
import dev.refinery.samples.SyntheticPhotos;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The project's synthetic seller photos (functions/samples) written in the photo lab's corpus
 * format, so one harness measures both: the standard set (make quality's "synthetic set") and small
 * fixtures for tests that must not need Blender.
 *
 * <p>Truth: the mask is the generator's coverage; regions are the product's two paint colours
 * (each product pixel assigned to the colour it is a shade of); a region's true colour is the mean
 * sRGB of the generator's truth render (neutral light, correct exposure) over the region, as the photo lab takes it;
 * the label box is a square well inside the product around its centre (none when that is under 16 px,
 * e.g. a ring's hole), its clean label the truth render's crop.
 */
final class FixtureCorpus {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private FixtureCorpus() {
    }

    /** The standard synthetic set (ten photos) for a seed. */
    static List<CorpusPhoto> standardSet(Path root, long seed) throws IOException {
        SyntheticPhotos gen = new SyntheticPhotos();
        return write(root, gen.standardSpecs(seed), "synthetic");
    }

    /** {@code count} small photos for tests. */
    static List<CorpusPhoto> small(Path root, int count, int width, int height, long seed) throws IOException {
        return write(root, new SyntheticPhotos().batchSpecs(count, width, height, seed), "fixture");
    }

    static List<CorpusPhoto> write(Path root, List<SampleSpec> specs, String source) throws IOException {
        Files.createDirectories(root);
        SyntheticPhotos gen = new SyntheticPhotos();
        ArrayNode index = JSON.createArrayNode();
        for (SampleSpec spec : specs) {
            SamplePhoto p = gen.generate(spec);
            writeOne(root.resolve(spec.name()), p, source);
            index.add(spec.name());
        }
        ObjectNode idx = JSON.createObjectNode();
        idx.put("source", source);
        idx.set("photos", index);
        JSON.writeValue(root.resolve("index.json").toFile(), idx);
        return CorpusPhoto.corpus(root);
    }

    static void writeOne(Path dir, SamplePhoto p, String source) throws IOException {
        Files.createDirectories(dir);
        SampleSpec s = p.spec();
        int w = p.width(), h = p.height();
        Files.write(dir.resolve("photo.jpg"), ImageCodec.jpeg(p.photo(), 92, ImageCodec.Chroma.SUBSAMPLED));
        BufferedImage mask = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        int[] m = new int[w * h];
        boolean[] in = new boolean[w * h];
        for (int i = 0; i < m.length; i++) {
            m[i] = Math.round(p.truthAlpha()[i] * 255);
            in[i] = m[i] >= 128;
        }
        mask.getRaster().setSamples(0, 0, w, h, 0, m);
        ImageIO.write(mask, "png", dir.resolve("mask.png").toFile());

        int[] truth = p.truth().getRGB(0, 0, w, h, null, 0, w);
        int[] colours = {s.primary() & 0xFFFFFF, s.secondary() & 0xFFFFFF};
        int[] reg = new int[w * h];
        double[][] sums = new double[2][4];
        for (int i = 0; i < reg.length; i++) {
            if (!in[i]) {
                continue;
            }
            int k = nearestShade(truth[i], colours);
            reg[i] = k + 1;
            sums[k][0] += (truth[i] >> 16) & 0xFF;
            sums[k][1] += (truth[i] >> 8) & 0xFF;
            sums[k][2] += truth[i] & 0xFF;
            sums[k][3]++;
        }
        BufferedImage regions = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        regions.getRaster().setSamples(0, 0, w, h, 0, reg);
        ImageIO.write(regions, "png", dir.resolve("regions.png").toFile());

        ImageIO.write(p.truth(), "png", dir.resolve("clean.png").toFile());
        ObjectNode t = JSON.createObjectNode();
        t.put("id", s.name());
        t.put("family", source + "-" + s.floor().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        t.put("kind", s.shape().name().toLowerCase(Locale.ROOT));
        t.putNull("sizeCm");
        t.put("longSide", Math.max(w, h));
        int[] box = labelBox(in, w, h);
        if (box == null) {
            t.putNull("labelBox");
        } else {
            ArrayNode b = t.putArray("labelBox");
            for (int v : box) {
                b.add(v);
            }
            ImageIO.write(p.truth().getSubimage(box[0], box[1], box[2], box[3]), "png", dir.resolve("clean-label.png").toFile());
        }
        ArrayNode rs = t.putArray("regions");
        String[] names = {"primary", "secondary"};
        for (int k = 0; k < 2; k++) {
            if (sums[k][3] == 0) {
                continue;
            }
            double r = sums[k][0] / sums[k][3], g = sums[k][1] / sums[k][3], b = sums[k][2] / sums[k][3];
            ObjectNode o = rs.addObject();
            o.put("id", k + 1);
            o.put("name", names[k]);
            o.putArray("trueSrgb").add((int) Math.round(r)).add((int) Math.round(g)).add((int) Math.round(b));
            double[] lab = Evaluator.srgbToLab(r, g, b);
            o.putArray("trueLab").add(round(lab[0])).add(round(lab[1])).add(round(lab[2]));
            o.put("pixels", (long) sums[k][3]);
        }
        ObjectNode f = t.putObject("faults");
        f.put("cast", s.cast().name().toLowerCase(Locale.ROOT));
        f.put("exposureEv", s.exposureEv());
        f.put("vignetting", s.vignetting());
        f.put("noiseSigma", s.noiseSigma());
        f.put("blurSigma", s.blurSigma());
        ObjectNode sc = t.putObject("scene");
        sc.put("wall", s.wall().name().toLowerCase(Locale.ROOT));
        sc.put("floor", s.floor().name().toLowerCase(Locale.ROOT));
        t.put("seed", s.seed());
        t.putObject("render").put("generator", "dev.refinery.samples.SyntheticPhotos");
        JSON.writeValue(dir.resolve("truth.json").toFile(), t);
    }

    /** The paint colour a truth pixel is a shade of: least residual after the best brightness factor (linear light). */
    static int nearestShade(int rgb, int[] colours) {
        double[] c = {ColorMath.toLinear(rgb >> 16), ColorMath.toLinear(rgb >> 8), ColorMath.toLinear(rgb)};
        int best = 0;
        double bestErr = Double.MAX_VALUE;
        for (int k = 0; k < colours.length; k++) {
            double[] p = {ColorMath.toLinear(colours[k] >> 16), ColorMath.toLinear(colours[k] >> 8), ColorMath.toLinear(colours[k])};
            double pp = p[0] * p[0] + p[1] * p[1] + p[2] * p[2];
            double f = pp == 0 ? 1 : Math.max(0.3, Math.min(1.6, (c[0] * p[0] + c[1] * p[1] + c[2] * p[2]) / pp));
            double err = 0;
            for (int j = 0; j < 3; j++) {
                err += (c[j] - f * p[j]) * (c[j] - f * p[j]);
            }
            if (err < bestErr) {
                bestErr = err;
                best = k;
            }
        }
        return best;
    }

    /** A square inside the mask around the mask's centre (80% of the largest that fits), or null under 16 px. */
    static int[] labelBox(boolean[] in, int w, int h) {
        long sx = 0, sy = 0, n = 0;
        for (int i = 0; i < in.length; i++) {
            if (in[i]) {
                sx += i % w;
                sy += i / w;
                n++;
            }
        }
        if (n == 0) {
            return null;
        }
        int cx = (int) (sx / n), cy = (int) (sy / n);
        int r = 0;
        while (squareInside(in, w, h, cx, cy, r + 1)) {
            r++;
        }
        int half = (int) (r * 0.8);
        if (2 * half < 16) {
            return null;
        }
        return new int[] {cx - half, cy - half, 2 * half, 2 * half};
    }

    private static boolean squareInside(boolean[] in, int w, int h, int cx, int cy, int r) {
        if (cx - r < 0 || cy - r < 0 || cx + r >= w || cy + r >= h) {
            return false;
        }
        for (int y = cy - r; y <= cy + r; y++) {
            for (int x = cx - r; x <= cx + r; x++) {
                if (!in[y * w + x]) {
                    return false;
                }
            }
        }
        return true;
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}
