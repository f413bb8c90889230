package dev.refinery.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.refinery.aws.Engines;
import dev.refinery.cli.workflow.InProcessWorkflow;
import dev.refinery.engine.ImageCodec;
import dev.refinery.samples.SamplePhoto;
import dev.refinery.samples.SyntheticPhotos;
import dev.refinery.workflow.runner.Sleeper;
import java.time.Clock;
import dev.refinery.engine.CostEstimate;
import dev.refinery.engine.EngineContext;
import dev.refinery.engine.EstimateRequest;
import dev.refinery.workflow.RefineryStateMachine;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code make aws-cost}: what 1,000 photos cost on AWS with each engine ({@link AwsCost}), from make bench's photos
 * refined one at a time with one container per function (or from the reports under {@code --reports}). The openai engine's model cost is its own estimate ({@code CostEstimate}, from its price table);
 * the time its stages wait for the model is not measured here (no key on this machine), so it is priced at each of
 * the {@code --model-call-seconds} given.
 */
@Command(name = "cost", description = "Estimate what photos cost on AWS with each engine, from make bench's reports.")
public final class CostCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--reports", description = "Price the report.json files under this folder instead of measuring "
            + "(e.g. make bench's OUT/bench/refinery-sequential: one shared container, so S3 reads are undercounted).")
    Path reports;

    @Option(names = "--work", defaultValue = "out/aws-cost", description = "Where the measured photos' outputs and reports go.")
    Path work;

    @Option(names = "--count", defaultValue = "20", description = "Photos to measure (make bench's synthetic set).")
    int count;

    @Option(names = "--warmup", defaultValue = "3", description = "Photos refined before measuring (JIT warm-up).")
    int warmup;

    @Option(names = "--photos", defaultValue = "1000")
    int photos;

    @Option(names = "--prices", description = "Another price file (default: the bundled cost/aws-prices-us-east-1.json).")
    Path pricesFile;

    @Option(names = "--model-call-seconds", split = ",", defaultValue = "20,60,120",
            description = "Seconds a stage function waits for one image model call (not measured here).")
    List<Double> modelCallSeconds;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        JsonNode prices = loadPrices();
        if (reports == null) {
            reports = measure(out);
        }
        List<JsonNode> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(reports)) {
            for (Path f : files.filter(p -> p.getFileName().toString().equals("report.json")).sorted().toList()) {
                found.add(JSON.readTree(f.toFile()));
            }
        }
        AwsCost cost = new AwsCost(prices);
        AwsCost.Measured m = cost.measure(found);
        JsonNode first = found.stream().filter(r -> r.path("invocations").size() > 0).findFirst().orElseThrow();
        List<String> presets = new ArrayList<>();
        first.path("presets").forEach(p -> presets.add(p.asText()));

        out.printf(Locale.ROOT, "AWS cost estimate for %,d photos, %s, prices of %s (%s)%n", photos, prices.path("region").asText(),
                prices.path("pricesAsOf").asText(), pricesFile == null ? "cost/aws-prices-us-east-1.json" : pricesFile);
        out.printf(Locale.ROOT, "Measured: %d photos' reports under %s; presets %s; per photo %.1f Lambda invocations, %.2f GB-s, "
                        + "%.1f state transitions (min %d, max %d; %.2f fix-up rounds, bound %d), %.1f DynamoDB write units, %.1f read units, "
                        + "%.1f S3 PUT-class and %.1f GET-class requests, %.2f MB kept and %.2f MB expiring in S3, %.1f EventBridge events%n",
                m.photos(), reports, presets, m.lambdaRequests(), m.lambdaGbSeconds(), m.transitions(), m.minTransitions(),
                m.maxTransitions(), m.fixupRounds(), RefineryStateMachine.MAX_FIXUPS, m.dynamoWrites(), m.dynamoReads(), m.s3Puts(),
                m.s3Gets(), m.keptBytes() / 1e6, m.expiringBytes() / 1e6, m.events());
        out.print("Mean ms per photo by function:");
        m.millisByFunction().forEach((fn, ms) -> out.printf(Locale.ROOT, " %s %.0f", fn, ms));
        out.println();
        out.println();

        List<AwsCost.Line> classic = cost.bill(m, photos, 0);
        out.printf(Locale.ROOT, "### classic engine: %,d photos%n%n", photos);
        table(out, classic);
        AwsCost.Line kept = cost.keptStoragePerMonth(m, photos);
        out.printf(Locale.ROOT, "| **total** | | **$%.4f** |%n", AwsCost.total(classic));
        out.printf(Locale.ROOT, "| then, each month: %s | %.3f GB | $%.4f |%n%n", kept.item(), kept.quantity(), kept.usd());

        CostEstimate model = openAiEstimate(presets, first);
        out.printf(Locale.ROOT, "### openai engine: %,d photos%n%n", photos);
        out.printf(Locale.ROOT, "The same AWS path (the openai stages also segment and finish locally, taken at the classic run's times), "
                        + "plus the model: %d calls a photo (up to %d with every fix-up round), $%.4f–$%.4f a photo by the engine's estimate "
                        + "(%s).%n%n", model.modelCalls(), model.maxModelCalls(), model.lowUsd(), model.highUsd(), model.basis());
        out.println("| seconds a model call takes | AWS (Lambda waiting included) | model, low–high | total, low–high |");
        out.println("|---:|---:|---:|---:|");
        for (double s : modelCallSeconds) {
            double waiting = model.modelCalls() * AwsCost.gbSeconds("Lighting", s);
            double aws = AwsCost.total(cost.bill(m, photos, waiting));
            out.printf(Locale.ROOT, "| %.0f s | $%.2f | $%.2f–$%.2f | $%.2f–$%.2f |%n", s, aws, model.lowUsd() * photos,
                    model.highUsd() * photos, aws + model.lowUsd() * photos, aws + model.highUsd() * photos);
        }
        out.println();
        out.println("An estimate: measure the real figure on a deployed stack (docs/benchmarks.md, \"What a photo costs on AWS\").");
        out.flush();
        return 0;
    }

    /**
     * make bench's photos ({@code SyntheticPhotos.batchSpecs(count, 1600, 1200, 42)}, amazon-main, classic engine) refined
     * one at a time on the in-process state machine with one container per function ({@link InProcessWorkflow}), as
     * deployed: each stage reads its input from the image store. Returns the folder of their reports.
     */
    private Path measure(PrintWriter out) throws IOException {
        Path in = Files.createDirectories(work.resolve("in"));
        List<Path> files = new ArrayList<>();
        SyntheticPhotos generator = new SyntheticPhotos();
        for (var spec : generator.batchSpecs(count, 1600, 1200, 42)) {
            SamplePhoto p = generator.generate(spec);
            Path f = in.resolve(p.name() + ".jpg");
            Files.write(f, ImageCodec.jpeg(p.photo(), 92, ImageCodec.Chroma.SUBSAMPLED));
            files.add(f);
        }
        PhotoRefiner refiner = new PhotoRefiner(new InProcessWorkflow(RefineCommand.engines("classic"), Clock.systemUTC(), Sleeper.REAL, true),
                "classic", List.of("amazon-main"));
        for (int i = 0; i < warmup; i++) {
            refiner.refine(files.get(i % files.size()), "warmup", work.resolve("warmup"));
        }
        Path measured = work.resolve("measured");
        for (int i = 0; i < files.size(); i++) {
            String stem = files.get(i).getFileName().toString().replace(".jpg", "");
            refiner.refine(files.get(i), stem, measured.resolve(stem));
        }
        out.printf(Locale.ROOT, "Measured %d photos one at a time, one container per function (reports under %s)%n", files.size(), measured);
        return measured;
    }

    private static void table(PrintWriter out, List<AwsCost.Line> lines) {
        out.println("| item | quantity | USD |");
        out.println("|---|---:|---:|");
        for (AwsCost.Line l : lines) {
            out.printf(Locale.ROOT, "| %s | %,.1f %s | $%.4f |%n", l.item(), l.quantity(), l.unit(), l.usd());
        }
    }

    /** The openai engine's own estimate of a first pass on photos of the bench's size; its key is never needed for it. */
    private static CostEstimate openAiEstimate(List<String> presets, JsonNode report) {
        int width = 0, height = 0;
        for (JsonNode v : report.path("versions")) {
            if ("base".equals(v.path("stage").asText())) {
                width = v.path("params").path("originalWidth").asInt();
                height = v.path("params").path("originalHeight").asInt();
            }
        }
        Engines engines = Engines.load(List.of("classic", "openai"), new EngineContext(Map.of(), () -> {
            throw new IllegalStateException("a cost estimate never calls the model");
        }, null, null));
        return engines.engine("openai").orElseThrow().estimate(
                EstimateRequest.firstPass("cost", presets, false, width, height, RefineryStateMachine.MAX_FIXUPS));
    }

    private JsonNode loadPrices() throws IOException {
        if (pricesFile != null) {
            return JSON.readTree(pricesFile.toFile());
        }
        try (InputStream in = CostCommand.class.getResourceAsStream("/cost/aws-prices-us-east-1.json")) {
            if (in == null) {
                throw new IllegalStateException("cost/aws-prices-us-east-1.json is not on the classpath");
            }
            return JSON.readTree(in);
        }
    }
}
