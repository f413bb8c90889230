package dev.refinery.imaging.ingest;

import com.sun.management.ThreadMXBean;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Ingest cost per photo size, against a naive baseline in the same JVM and run (ImageIO.read and
 * a bilinear Graphics2D resize to the same size: no validation, colour management, orientation
 * or area averaging). Not part of the test suite (its name does not match Surefire's patterns);
 * run it with {@code make bench-ingest}. Prints a Markdown table for docs/benchmarks.md.
 */
class IngestBenchmark {
    private static final int WARMUP = 3;
    private static final int RUNS = 9;

    @Test
    void benchmark() throws IOException {
        SafeImageIngestor ingestor = new SafeImageIngestor();
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        System.out.println();
        System.out.println("| input | file | ingest wall | ingest CPU | baseline wall | baseline CPU | ingest allocated |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Object[] c : new Object[][] {
            {"JPEG 1600×1200 (2 MP)", 1600, 1200, "jpeg", 0},
            {"JPEG 4000×3000 (12 MP)", 4000, 3000, "jpeg", 0},
            {"JPEG 4000×3000, EXIF orientation 6", 4000, 3000, "jpeg", 6},
            {"JPEG 6000×4000 (24 MP)", 6000, 4000, "jpeg", 0},
            {"JPEG 8000×6000 (48 MP)", 8000, 6000, "jpeg", 0},
            {"PNG 4000×3000 (12 MP)", 4000, 3000, "png", 0},
        }) {
            String label = (String) c[0];
            BufferedImage photo = photoLike((int) c[1], (int) c[2]);
            byte[] bytes = c[3].equals("png") ? TestImages.png(photo) : TestImages.jpeg(photo, 0.9f);
            if ((int) c[4] != 0) {
                bytes = TestImages.insertAfterSoi(bytes, TestImages.exifApp1((int) c[4], true));
            }
            byte[] input = bytes;
            long[] ingestNanos = new long[RUNS];
            long[] ingestCpu = new long[RUNS];
            long[] baselineNanos = new long[RUNS];
            long[] baselineCpu = new long[RUNS];
            long allocated = 0;
            for (int i = 0; i < WARMUP + RUNS; i++) {
                long a0 = threads.getCurrentThreadAllocatedBytes();
                long c0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                ingestor.ingest(input, "bench." + c[3]);
                long t1 = System.nanoTime();
                long c1 = threads.getCurrentThreadCpuTime();
                long a1 = threads.getCurrentThreadAllocatedBytes();
                naive(input);
                long t2 = System.nanoTime();
                long c2 = threads.getCurrentThreadCpuTime();
                if (i >= WARMUP) {
                    ingestNanos[i - WARMUP] = t1 - t0;
                    ingestCpu[i - WARMUP] = c1 - c0;
                    baselineNanos[i - WARMUP] = t2 - t1;
                    baselineCpu[i - WARMUP] = c2 - c1;
                    allocated = a1 - a0;
                }
            }
            System.out.printf(Locale.ROOT, "| %s | %.1f MB | %d ms | %d ms | %d ms | %d ms | %d MB |%n", label,
                    input.length / 1048576.0, median(ingestNanos) / 1_000_000, median(ingestCpu) / 1_000_000,
                    median(baselineNanos) / 1_000_000, median(baselineCpu) / 1_000_000, allocated / 1048576);
        }
        System.out.printf(Locale.ROOT, "%nJVM: %s %s, %d cores, max heap %d MB, load average %.1f; medians of %d runs after %d warm-up%n",
                System.getProperty("java.vm.name"), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / 1048576,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), RUNS, WARMUP);
    }

    /** The baseline: decode with whatever reader ImageIO picks, bilinear resize to the same working size. */
    private static BufferedImage naive(byte[] bytes) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
        int longSide = Math.max(img.getWidth(), img.getHeight());
        if (longSide <= 2048) {
            return img;
        }
        int w = (int) Math.round(img.getWidth() * 2048.0 / longSide);
        int h = (int) Math.round(img.getHeight() * 2048.0 / longSide);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    private static long median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /** Smooth shading, a few shapes and sensor-like noise: compresses like a photo, not like flat colour. */
    static BufferedImage photoLike(int w, int h) {
        Random r = new Random(7);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double dx = (x - w * 0.5) / w;
                double dy = (y - h * 0.55) / h;
                boolean product = dx * dx + dy * dy < 0.04;
                int base = product ? 0x3060A0 : 0xD8D0C4;
                int shade = (int) (30 * (1 - (double) y / h));
                int n = (int) (r.nextGaussian() * 6);
                int red = clamp((base >> 16 & 0xFF) - shade + n);
                int green = clamp((base >> 8 & 0xFF) - shade + n);
                int blue = clamp((base & 0xFF) - shade + n);
                row[x] = red << 16 | green << 8 | blue;
            }
            img.setRGB(0, y, w, 1, row, 0, w);
        }
        return img;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
