package dev.refinery.imaging.classic;

import dev.refinery.testkit.RealWorldMaterial;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.GC_FGD;
import static org.bytedeco.opencv.global.opencv_imgproc.GC_INIT_WITH_RECT;
import static org.bytedeco.opencv.global.opencv_imgproc.GC_PR_FGD;
import static org.bytedeco.opencv.global.opencv_imgproc.grabCut;

import dev.refinery.color.Masks;
import dev.refinery.samples.SamplePhoto;
import dev.refinery.samples.SyntheticPhotos;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.junit.jupiter.api.Test;

/**
 * Measures segmentation candidates on what the background stage sees (photos after the lighting
 * stage): the synthetic standard set (seed 2024, IoU against the truth masks) and the lemur (IoU
 * against its alpha matte at 0.5), with the time per photo on a warm JVM. Writes
 * target/segmentation-benchmark.md.
 */
class SegmentationBenchmark {
    private static final int REPEATS = 3;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    interface Candidate {
        float[] segment(BufferedImage lit);
    }

    record Input(String name, BufferedImage lit, float[] truth) {
    }

    record Row(String method, double meanIou, double minIou, double lemurIou, double wallMs, double cpuMs) {
    }

    @Test
    void compareSegmenters() throws IOException {
        List<Input> synthetic = new ArrayList<>();
        for (SamplePhoto p : new SyntheticPhotos().standardSet(2024)) {
            synthetic.add(new Input(p.name(), lit(p.photo()), p.truthAlpha()));
        }
        Optional<Input> lemur = lemur();

        Map<String, Candidate> candidates = new LinkedHashMap<>();
        ClassicSegmenter classic = new ClassicSegmenter();
        candidates.put("classic (pure Java, 360 px, 3 iterations) — chosen", img -> classic.segment(img, Map.of()));
        ClassicSegmenter fast = new ClassicSegmenter(new ClassicSegmenter.Settings(256, 5, 2, 50, 2, 2e-3, 2.0));
        candidates.put("classic (pure Java, 256 px, 2 iterations)", img -> fast.segment(img, Map.of()));
        ClassicSegmenter fine = new ClassicSegmenter(new ClassicSegmenter.Settings(480, 5, 3, 50, 2, 2e-3, 2.0));
        candidates.put("classic (pure Java, 480 px, 3 iterations)", img -> fine.segment(img, Map.of()));
        candidates.put("OpenCV grabCut (360 px, rect init, 5 iterations), mask enlarged", img -> openCv(img, 360, false, classic));
        candidates.put("OpenCV grabCut (360 px) + the classic clean-up and edge refinement", img -> openCv(img, 360, true, classic));
        candidates.put("OpenCV grabCut (512 px) + the classic clean-up and edge refinement", img -> openCv(img, 512, true, classic));

        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, Candidate> c : candidates.entrySet()) {
            rows.add(measure(c.getKey(), c.getValue(), synthetic, lemur));
        }
        StringBuilder md = new StringBuilder();
        md.append("| Method | Mean IoU (synthetic) | Min IoU | Lemur IoU | Median ms/photo (wall) | Median CPU ms/photo |\n");
        md.append("|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %s | %.0f | %.0f |%n", r.method(), r.meanIou(), r.minIou(),
                    Double.isNaN(r.lemurIou()) ? "n/a" : String.format(Locale.ROOT, "%.4f", r.lemurIou()), r.wallMs(), r.cpuMs()));
        }
        md.append(String.format(Locale.ROOT, "%nSynthetic set: %d photos of 900×1200 to 1600×1200 (seed 2024); JVM %s, %d processors.%n",
                synthetic.size(), System.getProperty("java.version"), Runtime.getRuntime().availableProcessors()));
        System.out.println(md);
        Path out = Paths.get("target", "segmentation-benchmark.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md.toString());
    }

    private Row measure(String name, Candidate c, List<Input> synthetic, Optional<Input> lemur) {
        for (Input in : synthetic) {
            c.segment(in.lit()); // warm-up
        }
        double[] ious = new double[synthetic.size()];
        double[] wall = new double[synthetic.size()], cpu = new double[synthetic.size()];
        for (int i = 0; i < synthetic.size(); i++) {
            Input in = synthetic.get(i);
            double[] w = new double[REPEATS], u = new double[REPEATS];
            float[] alpha = null;
            for (int r = 0; r < REPEATS; r++) {
                long t0 = System.nanoTime(), c0 = threads.getCurrentThreadCpuTime();
                alpha = c.segment(in.lit());
                w[r] = (System.nanoTime() - t0) / 1e6;
                u[r] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
            }
            ious[i] = Masks.iou(alpha, in.truth());
            wall[i] = median(w);
            cpu[i] = median(u);
        }
        double lemurIou = lemur.map(l -> Masks.iou(c.segment(l.lit()), l.truth())).orElse(Double.NaN);
        return new Row(name, Arrays.stream(ious).average().orElse(0), Arrays.stream(ious).min().orElse(0), lemurIou, median(wall), median(cpu));
    }

    /** GrabCut with the classic segmenter's working size and border band as its rectangle. */
    private static float[] openCv(BufferedImage img, int side, boolean refine, ClassicSegmenter classic) {
        int w = img.getWidth(), h = img.getHeight();
        int[] px = Pixels.argb(img);
        double f = Math.min(1.0, side / (double) Math.max(w, h));
        int ws = (int) Math.round(w * f), hs = (int) Math.round(h * f);
        float[][] low = Resampler.shrinkRgb(px, w, h, ws, hs);
        byte[] bgr = new byte[ws * hs * 3];
        for (int i = 0; i < ws * hs; i++) {
            bgr[3 * i] = (byte) Pixels.clamp8(low[2][i]);
            bgr[3 * i + 1] = (byte) Pixels.clamp8(low[1][i]);
            bgr[3 * i + 2] = (byte) Pixels.clamp8(low[0][i]);
        }
        int m = Math.max(1, (int) Math.round(0.012 * Math.max(ws, hs)));
        boolean[] fg = new boolean[ws * hs];
        try (Mat mat = new Mat(hs, ws, CV_8UC3); Mat mask = new Mat(); Mat bgd = new Mat(); Mat fgd = new Mat();
             Rect rect = new Rect(m, m, ws - 2 * m, hs - 2 * m)) {
            mat.data().put(bgr);
            grabCut(mat, mask, rect, bgd, fgd, 5, GC_INIT_WITH_RECT);
            byte[] mb = new byte[ws * hs];
            mask.data().get(mb);
            for (int i = 0; i < mb.length; i++) {
                fg[i] = mb[i] == GC_FGD || mb[i] == GC_PR_FGD;
            }
        }
        if (refine) {
            ClassicSegmenter.cleanUp(fg, ws, hs, ClassicSegmenter.Mode.NORMAL);
            return classic.refine(px, w, h, low, fg, ws, hs);
        }
        float[] lowMask = new float[ws * hs];
        for (int i = 0; i < fg.length; i++) {
            lowMask[i] = fg[i] ? 1 : 0;
        }
        return Resampler.bilinear(lowMask, ws, hs, w, h);
    }

    private static BufferedImage lit(BufferedImage photo) {
        int w = photo.getWidth(), h = photo.getHeight();
        int[] px = Pixels.argb(photo);
        LightingCorrector.Correction c = new LightingCorrector().estimate(px, w, h);
        return Pixels.toImage(LightingCorrector.apply(px, w, h, c.gains(), c.exposureGain(), c.vignetting()), w, h, false);
    }

    private static Optional<Input> lemur() throws IOException {
        Optional<Path> folder = RealWorldMaterial.folder();
        if (folder.isEmpty()) {
            return Optional.empty();
        }
        Path photo = folder.get().resolve("photos/pymatting__lemur.png");
        Path matte = folder.get().resolve("photos/masks/pymatting__lemur_alpha.png");
        if (!Files.exists(photo) || !Files.exists(matte)) {
            return Optional.empty();
        }
        BufferedImage raw = ImageIO.read(photo.toFile());
        BufferedImage rgb = new BufferedImage(raw.getWidth(), raw.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.getGraphics().drawImage(raw, 0, 0, null);
        return Optional.of(new Input("lemur", lit(rgb), Masks.fromGray(ImageIO.read(matte.toFile()))));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
