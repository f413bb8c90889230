package dev.refinery.imaging.classic;

import dev.refinery.domain.Preset;
import dev.refinery.domain.PresetCatalog;
import dev.refinery.domain.Stage;
import dev.refinery.engine.EditRequest;
import dev.refinery.engine.EditResult;
import dev.refinery.samples.SampleSpec;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Time per 1600×1200 photo of each classic stage (engine and finisher, without the stores' PNG
 * encoding) on a warm JVM: 20 synthetic photos, one warm-up pass, then the measured pass. Peak RSS
 * is the JVM's VmHWM. Writes target/classic-stages-benchmark.md.
 */
class ClassicStagesBenchmark {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    @Test
    void timeTheStages() throws IOException {
        SyntheticPhotos gen = new SyntheticPhotos();
        List<BufferedImage> photos = new ArrayList<>();
        for (SampleSpec s : gen.batchSpecs(20, 1600, 1200, 42)) {
            photos.add(gen.generate(s).photo());
        }
        ClassicEngine engine = new ClassicEngine();
        ClassicFinisher finisher = new ClassicFinisher();
        Preset amazon = PresetCatalog.bundled().get("amazon-main");
        String[] names = {"lighting", "background", "detail", "finalize (amazon-main)", "all stages"};
        double[][] wall = new double[names.length][photos.size()], cpu = new double[names.length][photos.size()];
        long batchStart = 0;
        for (int pass = 0; pass < 2; pass++) {
            if (pass == 1) {
                batchStart = System.nanoTime();
            }
            for (int i = 0; i < photos.size(); i++) {
                BufferedImage img = photos.get(i);
                long t0 = System.nanoTime(), c0 = threads.getCurrentThreadCpuTime();
                EditResult l = engine.edit(Stage.LIGHTING, req(img));
                long t1 = System.nanoTime(), c1 = threads.getCurrentThreadCpuTime();
                EditResult b = engine.edit(Stage.BACKGROUND, req(l.image()));
                long t2 = System.nanoTime(), c2 = threads.getCurrentThreadCpuTime();
                EditResult d = engine.edit(Stage.DETAIL, req(b.image()));
                long t3 = System.nanoTime(), c3 = threads.getCurrentThreadCpuTime();
                finisher.render(d.image(), amazon, Map.of());
                long t4 = System.nanoTime(), c4 = threads.getCurrentThreadCpuTime();
                long[] t = {t0, t1, t2, t3, t4}, c = {c0, c1, c2, c3, c4};
                for (int s = 0; s < 4; s++) {
                    wall[s][i] = (t[s + 1] - t[s]) / 1e6;
                    cpu[s][i] = (c[s + 1] - c[s]) / 1e6;
                }
                wall[4][i] = (t4 - t0) / 1e6;
                cpu[4][i] = (c4 - c0) / 1e6;
            }
        }
        double batchSeconds = (System.nanoTime() - batchStart) / 1e9;
        StringBuilder md = new StringBuilder("| Stage | Median ms/photo (wall) | Median CPU ms/photo |\n|---|---|---|\n");
        for (int s = 0; s < names.length; s++) {
            md.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f |%n", names[s], median(wall[s]), median(cpu[s])));
        }
        md.append(String.format(Locale.ROOT, "%n20 photos 1600×1200, measured pass %.1f s; peak RSS %s; JVM %s, %d processors, max heap %d MB.%n",
                batchSeconds, peakRss(), System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / (1024 * 1024)));
        System.out.println(md);
        Path out = Paths.get("target", "classic-stages-benchmark.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md.toString());
    }

    private static EditRequest req(BufferedImage img) {
        return new EditRequest(img, img, List.of("amazon-main"), null, Map.of(), List.of(), Map.of(), "bench");
    }

    private static String peakRss() throws IOException {
        Path status = Paths.get("/proc/self/status");
        if (!Files.exists(status)) {
            return "n/a";
        }
        return Files.readAllLines(status).stream().filter(l -> l.startsWith("VmHWM:")).map(l -> l.substring(6).trim()).findFirst().orElse("n/a");
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
