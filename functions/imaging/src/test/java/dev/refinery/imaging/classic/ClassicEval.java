package dev.refinery.imaging.classic;

import dev.refinery.testkit.RealWorldMaterial;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.refinery.color.Masks;
import dev.refinery.color.ProductColorComparison;
import dev.refinery.domain.Stage;
import dev.refinery.engine.EditRequest;
import dev.refinery.engine.EditResult;
import dev.refinery.samples.SamplePhoto;
import dev.refinery.samples.SyntheticPhotos;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * A throwaway measuring tool for iterating on the classic stages (not a test of anything): runs
 * lighting and background on the CC0 photos, the photo-lab corpus (when present) and the synthetic set;
 * prints IoU and CIEDE2000 figures and writes what it made to {@code -Deval.out} (default /tmp/eval).
 * Skipped unless {@code -Deval=realworld,corpus,synthetic} names what to run.
 */
class ClassicEval {
    private final ClassicEngine engine = new ClassicEngine();
    private final String what = System.getProperty("eval", "");
    private BufferedImage lastLit;
    private final File out = new File(System.getProperty("eval.out", "/tmp/eval"));

    record Row(String name, String family, double iou, double dIn, double dLight, double dOut, String light, String seg) {
    }

    @Test
    void measure() throws IOException {
        assumeTrue(!what.isBlank(), "-Deval=realworld,corpus,synthetic to run the measuring tool");
        out.mkdirs();
        List<Row> rows = new ArrayList<>();
        if (what.contains("realworld")) {
            realWorld(rows);
        }
        if (what.contains("corpus")) {
            corpus(rows);
        }
        if (what.contains("synthetic")) {
            synthetic(rows);
        }
        if (what.contains("casts")) {
            for (dev.refinery.samples.ColorCast cast : dev.refinery.samples.ColorCast.values()) {
                for (double ev : new double[] {0, -0.8}) {
                    SamplePhoto p = new SyntheticPhotos().generate(new dev.refinery.samples.SampleSpec("lighting", 800, 600,
                            dev.refinery.samples.ProductShape.BOX, 0x2850A0, 0xF0C428, dev.refinery.samples.Surface.WHITE_PLASTER,
                            dev.refinery.samples.Surface.WOOD, 0.5, 0.02, 0.6, cast, ev, ev == 0 ? 0 : 0.2, 2.0, 0.5, 11));
                    rows.add(run(cast + "" + ev, "synthetic-casts", p.photo(), p.truthAlpha(), p.truth()));
                }
            }
        }
        System.out.println("EVAL name                                family        IoU    dE in  dE light  lighting | segmentation");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "EVAL %-35s %-12s %.4f  %5.2f  %5.2f  %s | %s%n", r.name, r.family, r.iou, r.dIn, r.dLight, r.light, r.seg);
        }
        summary(rows, "synthetic");
        summary(rows, "corpus");
    }

    private void summary(List<Row> rows, String prefix) {
        List<Row> sel = rows.stream().filter(r -> r.family.startsWith(prefix) || (prefix.equals("corpus") && !r.family.startsWith("synthetic") && !r.family.equals("realworld"))).toList();
        if (sel.isEmpty()) {
            return;
        }
        System.out.printf(Locale.ROOT, "EVAL SUMMARY %s: n=%d IoU mean %.4f min %.4f, dE in %.2f -> light %.2f%n", prefix, sel.size(),
                sel.stream().mapToDouble(Row::iou).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN),
                sel.stream().mapToDouble(Row::iou).filter(v -> !Double.isNaN(v)).min().orElse(Double.NaN),
                sel.stream().mapToDouble(Row::dIn).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN),
                sel.stream().mapToDouble(Row::dLight).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN));
        sel.stream().map(Row::family).distinct().sorted().forEach(f -> {
            List<Row> fr = sel.stream().filter(r -> r.family.equals(f)).toList();
            System.out.printf(Locale.ROOT, "EVAL FAMILY %-14s n=%d IoU mean %.4f min %.4f, dE in %.2f -> light %.2f%n", f, fr.size(),
                    fr.stream().mapToDouble(Row::iou).average().orElse(Double.NaN), fr.stream().mapToDouble(Row::iou).min().orElse(Double.NaN),
                    fr.stream().mapToDouble(Row::dIn).average().orElse(Double.NaN), fr.stream().mapToDouble(Row::dLight).average().orElse(Double.NaN));
        });
    }

    private void realWorld(List<Row> rows) throws IOException {
        Path folder = RealWorldMaterial.folder().map(p -> p.resolve("photos")).orElse(null);
        if (folder == null) {
            return;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(p -> p.toString().matches(".*\\.(png|jpe?g)$")).sorted().toList();
        }
        for (Path f : files) {
            String stem = f.getFileName().toString().replaceAll("\\.[a-z]+$", "");
            BufferedImage photo = rgb(ImageIO.read(f.toFile()));
            float[] truth = null;
            Path matte = folder.resolve("masks").resolve(stem + "_alpha.png");
            Path mask2 = Paths.get("/work/wt-photolab/functions/photolab/realworld-masks/" + stem + "_mask.png");
            if (Files.exists(matte)) {
                truth = Masks.fromGray(ImageIO.read(matte.toFile()));
            } else if (Files.exists(mask2)) {
                truth = Masks.fromGray(ImageIO.read(mask2.toFile()));
            }
            rows.add(run(stem, "realworld", photo, truth, null));
        }
    }

    private void corpus(List<Row> rows) throws IOException {
        Path root = Paths.get(System.getProperty("eval.corpus", "/work/wt-photolab/functions/photolab/corpus"));
        if (!Files.isDirectory(root)) {
            return;
        }
        List<Path> dirs;
        try (Stream<Path> s = Files.list(root)) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        }
        String only = System.getProperty("eval.only", "");
        for (Path d : dirs) {
            if (!only.isBlank() && !d.getFileName().toString().matches(only)) {
                continue;
            }
            Path photoFile = d.resolve("photo.jpg");
            Path maskFile = d.resolve("mask.png");
            if (!Files.exists(photoFile) || !Files.exists(maskFile)) {
                continue;
            }
            BufferedImage photo = rgb(ImageIO.read(photoFile.toFile()));
            float[] truth = Masks.fromGray(ImageIO.read(maskFile.toFile()));
            String family = CorpusTruth.family(d);
            Row r = run(d.getFileName().toString(), family, photo, truth, null);
            rows.add(new Row(r.name(), r.family(), r.iou(), CorpusTruth.deltaE(d, photo), CorpusTruth.deltaE(d, lastLit), r.dOut(), r.light(), r.seg()));
        }
    }

    private void synthetic(List<Row> rows) {
        for (SamplePhoto p : new SyntheticPhotos().standardSet(2024)) {
            rows.add(run(p.name(), "synthetic", p.photo(), p.truthAlpha(), p.truth()));
        }
    }

    private Row run(String name, String family, BufferedImage photo, float[] truth, BufferedImage trueColours) {
        int w = photo.getWidth(), h = photo.getHeight();
        EditResult lit = engine.edit(Stage.LIGHTING, request(photo));
        lastLit = lit.image();
        EditResult cut = engine.edit(Stage.BACKGROUND, request(lit.image()));
        float[] alpha = Masks.alphaOf(cut.image());
        double iou = truth == null ? Double.NaN : Masks.iou(alpha, truth);
        double dIn = Double.NaN, dLight;
        float[] ref = truth != null ? truth : alpha;
        if (trueColours != null) {
            dIn = ProductColorComparison.compare(photo, ref, trueColours, ref).meanDeltaE();
            dLight = ProductColorComparison.compare(lit.image(), ref, trueColours, ref).meanDeltaE();
        } else {
            dLight = ProductColorComparison.compare(photo, ref, lit.image(), ref).meanDeltaE();
        }
        String light = String.format(Locale.ROOT, "ev=%s g=%s/%s/%s %s", lit.params().get("exposureEv"), lit.params().get("gainR"),
                lit.params().get("gainG"), lit.params().get("gainB"), "wb=" + lit.params().get("wbEvidence") + " ang=" + lit.params().get("wbEstimatesAngleDeg") + " top=" + lit.params().get("topLuminance"));
        StringBuilder seg = new StringBuilder();
        cut.params().forEach((k, v) -> {
            if (!List.of("segmentation", "method", "workingSide", "iterations").contains(k)) {
                seg.append(k).append('=').append(v).append(' ');
            }
        });
        cut.problems().forEach(p -> seg.append("PROBLEM: ").append(p).append(' '));
        write(name + "-1light.png", small(lit.image(), false));
        write(name + "-2cut.png", small(cut.image(), true));
        if (truth != null) {
            write(name + "-3diff.png", small(diff(alpha, truth, w, h), false));
        }
        return new Row(name, family, iou, dIn, dLight, dOut(), light, seg.toString());
    }

    private static double dOut() {
        return Double.NaN;
    }

    private static EditRequest request(BufferedImage img) {
        return new EditRequest(img, img, List.of("amazon-main"), null, Map.of(), List.of(), Map.of(), "eval");
    }

    /** Green: missed product; red: backdrop kept; grey: agreed product. */
    private static BufferedImage diff(float[] a, float[] t, int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < a.length; i++) {
            boolean pa = a[i] >= 0.5f, pt = t[i] >= 0.5f;
            int c = pa && pt ? 0x808080 : pt ? 0x00C000 : pa ? 0xE00000 : 0xFFFFFF;
            img.setRGB(i % w, i / w, c);
        }
        return img;
    }

    private static BufferedImage rgb(BufferedImage img) {
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(img, 0, 0, null);
        g.dispose();
        return out;
    }

    /** At most 800 px; cut-outs over a checkerboard-free mid blue so white and black parts both show. */
    private static BufferedImage small(BufferedImage img, boolean overColour) {
        double f = Math.min(1, 800.0 / Math.max(img.getWidth(), img.getHeight()));
        int w = (int) Math.round(img.getWidth() * f), h = (int) Math.round(img.getHeight() * f);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        if (overColour) {
            g.setColor(new java.awt.Color(0x3A7BD5));
            g.fillRect(0, 0, w, h);
        }
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    private void write(String name, BufferedImage img) {
        try {
            ImageIO.write(img, "png", new File(out, name));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
