package dev.refinery.local.cli;

import dev.refinery.engine.ImageCodec;
import dev.refinery.cli.PhotoRefiner;
import dev.refinery.cli.PhotoResult;
import dev.refinery.cli.Refinery;
import dev.refinery.cli.RefineCommand;
import dev.refinery.local.LocalStack;
import dev.refinery.samples.SamplePhoto;
import dev.refinery.samples.SyntheticPhotos;


import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;





import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The orchestration overhead of the local stack: the same photos through make refine's in-process
 * path (PhotoRefiner) and through the stack (upload, notification, trigger, state machine, one
 * handler call per stage, publisher, outputs), one session at a time so that only the
 * orchestration differs, in one run; then the batch at once on the stack's worker pool.
 */
@Command(name = "bench", description = "Local stack versus the in-process make refine path on the same photos.")
public final class LocalBenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--count", defaultValue = "8")
    int count;

    @Option(names = "--width", defaultValue = "1600")
    int width;

    @Option(names = "--height", defaultValue = "1200")
    int height;

    @Option(names = "--warmup", defaultValue = "2", description = "Photos refined on each path before timing (JIT warm-up).")
    int warmup;

    @Option(names = "--work", defaultValue = "out/bench-local")
    Path work;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        deleteTree(work);
        Path in = Files.createDirectories(work.resolve("in"));
        List<Path> files = new ArrayList<>();
        SyntheticPhotos generator = new SyntheticPhotos();
        for (var s : generator.batchSpecs(count, width, height, 42)) {
            SamplePhoto p = generator.generate(s);
            Path f = in.resolve(p.name() + ".jpg");
            Files.write(f, ImageCodec.jpeg(p.photo(), 92, ImageCodec.Chroma.SUBSAMPLED));
            files.add(f);
        }
        List<String> presets = List.of("amazon-main");

        PhotoRefiner refiner = new PhotoRefiner(RefineCommand.engines("classic"), "classic", presets);
        for (int i = 0; i < warmup; i++) {
            refiner.refine(files.get(i % files.size()), "warmup" + i, work.resolve("warmup-refine").resolve("w" + i));
        }
        long[] inProcess = new long[files.size()];
        Map<String, Integer> refinedStatus = new TreeMap<>();
        for (int i = 0; i < files.size(); i++) {
            long t0 = System.nanoTime();
            PhotoResult r = refiner.refine(files.get(i), "p" + i, work.resolve("refine").resolve("p" + i));
            inProcess[i] = System.nanoTime() - t0;
            refinedStatus.merge(r.status(), 1, Integer::sum);
        }

        long[] stack = new long[files.size()];
        long[] stageWork = new long[files.size()];
        long[] execution = new long[files.size()];
        long[] toStart = new long[files.size()];
        long[] outputs = new long[files.size()];
        Map<String, Integer> refineStatus = new TreeMap<>();
        Map<String, Integer> stackStatus = new TreeMap<>();
        Map<String, Integer> batchStatus = new TreeMap<>();
        long batchMillis;
        int workers;
        try (LocalStack s = LocalStack.start(LocalStack.Settings.defaults(work.resolve("stack-sequential")).withWorkers(1)
                .withEnv(Map.of("REFINERY_DEFAULT_PRESETS", "amazon-main")))) {
            StackRunner runner = new StackRunner(s, RunCommand.TENANT, presets, null);
            StackReports reports = new StackReports(s, RunCommand.TENANT, "classic", presets);
            for (int i = 0; i < warmup; i++) {
                StackReports.Outcome o = runner.refineOne(files.get(i % files.size()), "warmup" + i, Duration.ofMinutes(10));
                reports.write(o, work.resolve("warmup-stack").resolve("w" + i));
            }
            for (int i = 0; i < files.size(); i++) {
                long t0 = System.nanoTime();
                StackReports.Outcome o = runner.refineOne(files.get(i), "p" + i, Duration.ofMinutes(10));
                long t1 = System.nanoTime();
                PhotoResult r = reports.write(o, work.resolve("stack").resolve("p" + i));
                stack[i] = System.nanoTime() - t0;
                outputs[i] = System.nanoTime() - t1;
                stackStatus.merge(r.status(), 1, Integer::sum);
                if (o.execution() != null && o.execution().stoppedAt() != null) {
                    execution[i] = Duration.between(o.execution().startedAt(), o.execution().stoppedAt()).toNanos();
                    toStart[i] = Duration.between(o.uploadedAt(), o.execution().startedAt()).toNanos();
                }
                stageWork[i] = s.store().versions(RunCommand.TENANT, o.sessionId()).stream().mapToLong(v -> v.millis()).sum() * 1_000_000L;
            }
        }
        try (LocalStack s = LocalStack.start(LocalStack.Settings.defaults(work.resolve("stack-batch"))
                .withEnv(Map.of("REFINERY_DEFAULT_PRESETS", "amazon-main")))) {
            workers = s.settings().workers();
            StackRunner runner = new StackRunner(s, RunCommand.TENANT, presets, null);
            List<String> stems = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                stems.add("b" + i);
            }
            long t0 = System.nanoTime();
            List<StackReports.Outcome> batch = runner.refine(files, stems, Duration.ofMinutes(30));
            batchMillis = (System.nanoTime() - t0) / 1_000_000;
            for (StackReports.Outcome o : batch) {
                batchStatus.merge(o.sessionId() == null ? "REJECTED"
                        : s.store().find(RunCommand.TENANT, o.sessionId()).map(x -> x.status().name()).orElse("?"), 1, Integer::sum);
            }
        }

        double refineMedian = median(inProcess);
        double stackMedian = median(stack);
        double overheadMedian = median(diff(stack, inProcess));
        double refineTotal = Arrays.stream(inProcess).sum() / 1e6;
        double stackTotal = Arrays.stream(stack).sum() / 1e6;
        out.printf(Locale.ROOT, "| measure | value |%n|---|---|%n");
        out.printf(Locale.ROOT, "| photos | %d × %d×%d synthetic JPEG, preset amazon-main, classic engine |%n", count, width, height);
        out.printf(Locale.ROOT, "| outcomes: in-process / stack one at a time / stack batch | %s / %s / %s |%n", refinedStatus, stackStatus, batchStatus);
        out.printf(Locale.ROOT, "| median per photo, in-process (PhotoRefiner: stages + outputs) | %.0f ms |%n", refineMedian);
        out.printf(Locale.ROOT, "| median per photo, local stack, one at a time (upload → outputs written) | %.0f ms |%n", stackMedian);
        out.printf(Locale.ROOT, "| orchestration overhead per session (median of per-photo differences) | %.0f ms |%n", overheadMedian);
        out.printf(Locale.ROOT, "| orchestration overhead per session (mean: (%.0f − %.0f ms) / %d) | %.0f ms |%n", stackTotal, refineTotal,
                count, (stackTotal - refineTotal) / count);
        out.printf(Locale.ROOT, "| stack, median upload → execution started (PutObject, notification, trigger, start) | %.0f ms |%n", median(toStart));
        out.printf(Locale.ROOT, "| stack, median execution (state machine start → end) | %.0f ms |%n", median(execution));
        out.printf(Locale.ROOT, "| stack, median engine time recorded on the versions | %.0f ms |%n", median(stageWork));
        out.printf(Locale.ROOT, "| stack, median outputs (read back from S3, verdict re-derived, files written) | %.0f ms |%n", median(outputs));
        out.printf(Locale.ROOT, "| batch of %d at once on the stack (%d workers), wall time | %d ms (sequential in-process: %.0f ms) |%n",
                count, workers, batchMillis, refineTotal);
        out.printf(Locale.ROOT, "| available processors / max heap | %d / %d MB |%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        out.flush();
        boolean allCompleted = refinedStatus.getOrDefault("COMPLETED", 0) == count && stackStatus.getOrDefault("COMPLETED", 0) == count
                && batchStatus.getOrDefault("COMPLETED", 0) == count;
        return allCompleted ? Refinery.OK : Refinery.SOME_FAILED;
    }

    private static long[] diff(long[] a, long[] b) {
        long[] d = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }

    private static double median(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s.length == 0 ? 0 : (s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0) / 1e6;
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
