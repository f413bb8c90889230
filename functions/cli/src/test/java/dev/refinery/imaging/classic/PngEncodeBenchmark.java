package dev.refinery.imaging.classic;

import com.sun.management.ThreadMXBean;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.Stage;
import dev.refinery.engine.ImageCodec;
import dev.refinery.samples.SamplePhoto;
import dev.refinery.samples.SyntheticPhotos;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Encoding the lossless versions a classic refinement records (base and lighting RGB, background
 * and detail RGBA cut-outs, finalize's product mask), against two baselines in the same run: the
 * encoder this project used before (Sub filter, the JDK's deflater in Huffman-only mode) and the
 * JDK's ImageIO PNG writer. Thread CPU time, median of {@value #RUNS} runs after {@value #WARMUP}.
 * Not part of the test suite (its name does not match Surefire's patterns); run it with
 * {@code make bench-png}. Prints a Markdown table for docs/benchmarks.md.
 */
class PngEncodeBenchmark {
    private static final int WARMUP = 5;
    private static final int RUNS = 15;

    @Test
    void benchmark() throws IOException {
        PipelineFixture fx = new PipelineFixture();
        SyntheticPhotos generator = new SyntheticPhotos();
        Map<String, List<BufferedImage>> byKind = new LinkedHashMap<>();
        for (var spec : generator.batchSpecs(4, 1600, 1200, 42)) {
            SamplePhoto p = generator.generate(spec);
            var run = fx.refine(p.name(), p.photo(), List.of("amazon-main"));
            for (ImageVersion v : fx.versions(run.session().id())) {
                if (v.stage() == Stage.FINALIZE) {
                    byKind.computeIfAbsent("finalize mask (2000×2000 grey)", k -> new ArrayList<>())
                            .add(ImageCodec.decode(fx.images.get(v.maskKey())));
                } else {
                    BufferedImage img = fx.image(v);
                    String kind = v.stage().id() + (img.getColorModel().hasAlpha() ? " (1600×1200 RGBA)" : " (1600×1200 RGB)");
                    byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(asEngineOutput(img));
                }
            }
        }
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        System.out.println();
        System.out.println("| version | ours: CPU | ours: size | previous (Sub + JDK Huffman-only): CPU | size | ImageIO writer: CPU | size |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        double oursTotal = 0, previousTotal = 0;
        for (var e : byKind.entrySet()) {
            double[] ours = measure(threads, e.getValue(), ImageCodec::png);
            double[] previous = measure(threads, e.getValue(), PngEncodeBenchmark::previousEncoder);
            double[] imageio = measure(threads, e.getValue(), PngEncodeBenchmark::imageIo);
            for (BufferedImage img : e.getValue()) {
                if (!samePixels(img, ImageCodec.decode(ImageCodec.png(img)))) {
                    throw new AssertionError("round trip changed pixels of a " + e.getKey() + " version");
                }
            }
            oursTotal += ours[0];
            previousTotal += previous[0];
            System.out.printf(Locale.ROOT, "| %s | %.1f ms | %.2f MB | %.1f ms | %.2f MB | %.1f ms | %.2f MB |%n", e.getKey(),
                    ours[0], ours[1] / 1e6, previous[0], previous[1] / 1e6, imageio[0], imageio[1] / 1e6);
        }
        System.out.printf(Locale.ROOT, "%nper photo (the five images above): ours %.1f ms, previous %.1f ms CPU (%.1f×)%n",
                oursTotal, previousTotal, previousTotal / oursTotal);
        System.out.println("JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                + ", " + Runtime.getRuntime().availableProcessors() + " processors");
    }

    /** The engine hands the recorder INT_RGB / INT_ARGB images; decoded versions are byte-interleaved. */
    private static BufferedImage asEngineOutput(BufferedImage img) {
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(),
                img.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        int w = img.getWidth(), h = img.getHeight();
        out.setRGB(0, 0, w, h, img.getRGB(0, 0, w, h, null, 0, w), 0, w);
        return out;
    }

    private interface Encoder {
        byte[] encode(BufferedImage img) throws IOException;
    }

    /** Median thread CPU (ms) per image and mean size (bytes). */
    private static double[] measure(ThreadMXBean threads, List<BufferedImage> images, Encoder encoder) throws IOException {
        long[] cpu = new long[RUNS];
        long bytes = 0;
        for (int i = 0; i < WARMUP + RUNS; i++) {
            BufferedImage img = images.get(i % images.size());
            long c0 = threads.getCurrentThreadCpuTime();
            byte[] out = encoder.encode(img);
            long c1 = threads.getCurrentThreadCpuTime();
            if (i >= WARMUP) {
                cpu[i - WARMUP] = c1 - c0;
                bytes += out.length;
            }
        }
        Arrays.sort(cpu);
        return new double[] {cpu[RUNS / 2] / 1e6, bytes / (double) RUNS};
    }

    /** The encoder of the first session: Sub filter on every row, the JDK's deflater in Huffman-only mode. */
    static byte[] previousEncoder(BufferedImage img) throws IOException {
        int w = img.getWidth(), h = img.getHeight();
        boolean grey = img.getType() == BufferedImage.TYPE_BYTE_GRAY;
        int channels = grey ? 1 : img.getColorModel().hasAlpha() ? 4 : 3;
        // grey masks as their raw bytes (getRGB would apply the grey colour space's transfer curve)
        int[] argb = grey ? greyAsInts(img) : dev.refinery.color.ArgbPixels.read(img);
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        deflater.setStrategy(Deflater.HUFFMAN_ONLY);
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat, deflater, 1 << 16)) {
            byte[] line = new byte[1 + w * channels];
            line[0] = 1;
            for (int y = 0; y < h; y++) {
                int pr = 0, pg = 0, pb = 0, pa = 0;
                int o = 1;
                for (int x = 0; x < w; x++) {
                    int p = argb[y * w + x];
                    int r = (p >> 16) & 0xFF, g = (p >> 8) & 0xFF, b = p & 0xFF;
                    if (grey) {
                        line[o++] = (byte) (b - pb);
                        pb = b;
                        continue;
                    }
                    line[o++] = (byte) (r - pr);
                    line[o++] = (byte) (g - pg);
                    line[o++] = (byte) (b - pb);
                    pr = r;
                    pg = g;
                    pb = b;
                    if (channels == 4) {
                        int a = p >>> 24;
                        line[o++] = (byte) (a - pa);
                        pa = a;
                    }
                }
                z.write(line);
            }
        } finally {
            deflater.end();
        }
        return idat.toByteArray();
    }

    private static int[] greyAsInts(BufferedImage img) {
        byte[] d = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
        int[] out = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = d[i] & 0xFF;
        }
        return out;
    }

    private static byte[] imageIo(BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private static boolean samePixels(BufferedImage a, BufferedImage b) {
        int w = a.getWidth(), h = a.getHeight();
        if (b.getWidth() != w || b.getHeight() != h) {
            return false;
        }
        int[] pa = a.getRGB(0, 0, w, h, null, 0, w), pb = b.getRGB(0, 0, w, h, null, 0, w);
        return Arrays.equals(pa, pb);
    }
}
