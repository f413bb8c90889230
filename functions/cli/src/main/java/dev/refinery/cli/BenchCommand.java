package dev.refinery.cli;

import dev.refinery.engine.ImageCodec;
import dev.refinery.samples.SamplePhoto;
import dev.refinery.samples.SyntheticPhotos;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The classic pipeline on a batch of synthetic photos against an ImageMagick trim/resize/extent
 * script over the same files, in one run: ratios survive this machine's noise better than times.
 */
@Command(name = "bench", description = "Benchmark the classic stages against an ImageMagick baseline.")
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--count", defaultValue = "20")
    int count;

    @Option(names = "--width", defaultValue = "1600")
    int width;

    @Option(names = "--height", defaultValue = "1200")
    int height;

    @Option(names = "--warmup", defaultValue = "5", description = "Photos refined before timing (JIT warm-up).")
    int warmup;

    @Option(names = "--rounds", defaultValue = "3",
            description = "Batch rounds, each Refinery then ImageMagick over the same files; the median ratio is reported.")
    int rounds;

    @Option(names = "--work", defaultValue = "out/bench")
    Path work;

    @Option(names = "--baseline-script", defaultValue = "scripts/imagemagick-baseline.sh")
    Path baselineScript;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (rounds < 1 || count < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--count and --rounds must be at least 1");
        }
        Path in = work.resolve("in");
        Files.createDirectories(in);
        List<Path> files = new ArrayList<>();
        SyntheticPhotos generator = new SyntheticPhotos();
        for (var spec : generator.batchSpecs(count, width, height, 42)) {
            SamplePhoto p = generator.generate(spec);
            Path f = in.resolve(p.name() + ".jpg");
            Files.write(f, ImageCodec.jpeg(p.photo(), 92, ImageCodec.Chroma.SUBSAMPLED));
            files.add(f);
        }
        PhotoRefiner refiner = new PhotoRefiner(RefineCommand.engines("classic"), "classic", List.of("amazon-main"));
        for (int i = 0; i < warmup; i++) {
            refiner.refine(files.get(i % files.size()), "warmup", work.resolve("warmup"));
        }
        // Per photo: one at a time, so each time is one photo's work on a warm JVM.
        long[] perPhoto = new long[files.size()];
        int completed = 0;
        for (int i = 0; i < files.size(); i++) {
            long t0 = System.nanoTime();
            PhotoResult r = refiner.refine(files.get(i), "p" + i, work.resolve("refinery-sequential").resolve("p" + i));
            perPhoto[i] = System.nanoTime() - t0;
            completed += r.succeeded() ? 1 : 0;
        }
        // The batch: as `make refine` runs a folder (one photo per core), against ImageMagick over the same
        // files, alternating round by round so both see the same machine; the median ratio is the figure.
        long[] batchNanos = new long[rounds];
        long[] batchCpuNanos = new long[rounds];
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long[] magickNanos = new long[rounds];
        double[] ratios = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            long batchStart = System.nanoTime();
            long cpuStart = os.getProcessCpuTime();
            List<PhotoResult> batchResults = RefineCommand.refineAll(refiner, files, work.resolve("refinery"),
                    new PrintWriter(System.err), Runtime.getRuntime().availableProcessors());
            batchNanos[round] = System.nanoTime() - batchStart;
            batchCpuNanos[round] = os.getProcessCpuTime() - cpuStart;
            completed = Math.min(completed, (int) batchResults.stream().filter(PhotoResult::succeeded).count());
            magickNanos[round] = runBaseline(in, work.resolve("imagemagick"));
            ratios[round] = magickNanos[round] > 0 ? batchNanos[round] / (double) magickNanos[round] : Double.NaN;
        }
        long peakRssKb = peakRssKb();
        int mid = medianIndex(ratios);
        long magick = magickNanos[mid];

        long[] sorted = perPhoto.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2] / 1e6;
        double p90 = sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.9) - 1)] / 1e6;
        out.printf(Locale.ROOT, "| measure | value |%n|---|---|%n");
        out.printf(Locale.ROOT, "| photos | %d × %d×%d synthetic JPEG, preset amazon-main (%d COMPLETED) |%n", count, width, height, completed);
        out.printf(Locale.ROOT, "| median per photo (warm JVM, one at a time: ingest, all classic stages, versions recorded, check, outputs written) | %.0f ms |%n", median);
        out.printf(Locale.ROOT, "| p90 per photo | %.0f ms |%n", p90);
        for (int round = 0; round < rounds; round++) {
            out.printf(Locale.ROOT, "| round %d: batch wall time, Refinery (make refine on the folder: one photo per core) / ImageMagick (trim/resize/extent) | %.0f ms / %s |%n",
                    round + 1, batchNanos[round] / 1e6, magickNanos[round] < 0 ? "n/a (convert not found)" : String.format(Locale.ROOT, "%.0f ms", magickNanos[round] / 1e6));
        }
        out.printf(Locale.ROOT, "| CPU per photo in the batch (the JVM's CPU time over the round / photos; GC and JIT included) | %.0f ms |%n",
                batchCpuNanos[mid] / 1e6 / count);
        if (magick > 0) {
            out.printf(Locale.ROOT, "| ratio Refinery / ImageMagick (median of %d rounds; each round's: %s) | %.2f× |%n", rounds,
                    java.util.stream.DoubleStream.of(ratios).mapToObj(r -> String.format(Locale.ROOT, "%.2f", r)).collect(java.util.stream.Collectors.joining(", ")),
                    ratios[mid]);
        }
        out.printf(Locale.ROOT, "| peak RSS (JVM, VmHWM) | %d MB |%n", peakRssKb / 1024);
        out.printf(Locale.ROOT, "| available processors / max heap | %d / %d MB |%n", Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        out.flush();
        return completed == count ? Refinery.OK : Refinery.SOME_FAILED;
    }

    private long runBaseline(Path in, Path outDir) throws IOException, InterruptedException {
        if (!Files.isRegularFile(baselineScript)) {
            return -1;
        }
        Files.createDirectories(outDir);
        ProcessBuilder pb = new ProcessBuilder("bash", baselineScript.toString(), in.toString(), outDir.toString()).inheritIO();
        // Exclude install time: the script installs ImageMagick first when asked to only check.
        new ProcessBuilder("bash", baselineScript.toString(), "--ensure").inheritIO().start().waitFor(10, TimeUnit.MINUTES);
        long t0 = System.nanoTime();
        int code = pb.start().waitFor();
        long took = System.nanoTime() - t0;
        return code == 0 ? took : -1;
    }

    /** Index of the median value (the lower one of an even count; NaN, a missing baseline, sorts last). */
    static int medianIndex(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        return order[(values.length - 1) / 2];
    }

    static long peakRssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
