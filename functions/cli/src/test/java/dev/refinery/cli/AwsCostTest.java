package dev.refinery.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.refinery.engine.ImageCodec;
import dev.refinery.samples.SamplePhoto;
import dev.refinery.samples.SyntheticPhotos;
import dev.refinery.workflow.FunctionList;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** make bench's reports carry what a photo asks of AWS, and `Refinery cost` prices exactly that. */
class AwsCostTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path out;
    static List<JsonNode> reports = new ArrayList<>();

    @BeforeAll
    static void refineTwoPhotos() throws IOException {
        Path photos = Files.createDirectories(dir.resolve("photos"));
        for (SamplePhoto p : new SyntheticPhotos().standardSet(2024).stream()
                .filter(p -> p.name().equals("box-cool-fabric") || p.name().equals("shoe-dark-wood")).toList()) {
            Files.write(photos.resolve(p.name() + ".jpg"), ImageCodec.jpeg(p.photo(), 92, ImageCodec.Chroma.SUBSAMPLED));
        }
        out = dir.resolve("out");
        assertThat(run(new StringWriter(), "refine", "--photos", photos.toString(), "--preset", "amazon-main", "--out", out.toString()))
                .isIn(0, 3);
        for (String stem : List.of("box-cool-fabric", "shoe-dark-wood")) {
            reports.add(JSON.readTree(out.resolve(stem).resolve("report.json").toFile()));
        }
    }

    private static int run(StringWriter console, String... args) {
        CommandLine cmd = Refinery.commandLine();
        cmd.setOut(new PrintWriter(console, true));
        cmd.setErr(new PrintWriter(console, true));
        return cmd.execute(args);
    }

    private static JsonNode prices() throws IOException {
        try (InputStream in = AwsCost.class.getResourceAsStream("/cost/aws-prices-us-east-1.json")) {
            return JSON.readTree(in);
        }
    }

    @Test
    void aReportListsEachLambdaInvocationOfItsTaskStatesAndWhatThePhotoAskedOfAws() throws IOException {
        for (JsonNode r : reports) {
            List<String> taskStates = new ArrayList<>();
            r.path("states").forEach(s -> {
                if (List.of("Base", "Lighting", "Background", "Detail", "Finalize", "QualityCheck", "Publish").contains(s.asText())) {
                    taskStates.add(s.asText());
                }
            });
            List<String> invoked = new ArrayList<>();
            r.path("invocations").forEach(i -> {
                invoked.add(i.path("state").asText());
                assertThat(i.path("millis").asDouble()).isPositive();
            });
            assertThat(invoked).as("one invocation per Task state entered, in order").isEqualTo(taskStates);
            assertThat(r.path("invocations").get(0).path("function").asText()).isEqualTo("Base");
            assertThat(r.path("invocations").get(invoked.size() - 1).path("function").asText()).isEqualTo("Publisher");

            JsonNode calls = r.path("portCalls");
            int versions = r.path("versions").size();
            assertThat(calls.path("SessionStore.saveVersion").asInt()).as("each version, and again when the check records its verdict").isGreaterThanOrEqualTo(versions);
            assertThat(calls.path("ImageStore.put").asInt()).as("every version's image, and the finals' masks").isGreaterThanOrEqualTo(versions);
            assertThat(calls.path("ImageStore.get").asInt()).as("the base stage reads the upload, later stages their parents").isPositive();
            assertThat(calls.path("CompletionNotifier.publish").asInt()).isEqualTo(1);
            Path folder = out.resolve(r.path("photo").asText().replaceAll(".*/", "").replace(".jpg", ""));
            long versionBytes;
            try (var files = Files.list(folder.resolve("versions"))) {
                versionBytes = files.mapToLong(f -> f.toFile().length()).sum();
            }
            long photoBytes = Files.size(Path.of(r.path("photo").asText()));
            long finalBytes = Files.size(folder.resolve("final.jpg"));
            assertThat(r.path("storedBytesKept").asLong()).as("the original and the final are kept").isGreaterThanOrEqualTo(finalBytes + photoBytes);
            assertThat(r.path("storedBytesKept").asLong() + r.path("storedBytesExpiring").asLong())
                    .as("every version's image is in the bucket (and the finals' masks)").isGreaterThanOrEqualTo(versionBytes + photoBytes);
        }
    }

    @Test
    void oneContainerPerFunctionReadsEachStagesInputFromTheStoreAsDeployedFunctionsDo() throws IOException {
        Path photo = Files.list(dir.resolve("photos")).sorted().findFirst().orElseThrow();
        JsonNode shared = refineOne(photo, false);
        JsonNode perFunction = refineOne(photo, true);
        int sharedGets = shared.path("portCalls").path("ImageStore.get").asInt();
        int perFunctionGets = perFunction.path("portCalls").path("ImageStore.get").asInt();
        assertThat(perFunction.path("states")).isEqualTo(shared.path("states"));
        // lighting, background, detail, finalize and the check each read what the stage before them wrote
        assertThat(perFunctionGets).as("per function %d, shared %d", perFunctionGets, sharedGets)
                .isGreaterThanOrEqualTo(sharedGets + 4);
    }

    private static JsonNode refineOne(Path photo, boolean containerPerFunction) throws IOException {
        PhotoRefiner refiner = new PhotoRefiner(new dev.refinery.cli.workflow.InProcessWorkflow(RefineCommand.engines("classic"),
                java.time.Clock.systemUTC(), dev.refinery.workflow.runner.Sleeper.REAL, containerPerFunction), "classic", List.of("amazon-main"));
        Path target = dir.resolve("one-" + containerPerFunction);
        refiner.refine(photo, "one", target);
        return JSON.readTree(target.resolve("report.json").toFile());
    }

    @Test
    void theEstimateIsTheReportsTimesTheFunctionsMemoryAndThePrices() throws IOException {
        JsonNode prices = prices();
        AwsCost cost = new AwsCost(prices);
        AwsCost.Measured m = cost.measure(reports);

        double gbs = 0;
        for (JsonNode r : reports) {
            for (JsonNode i : r.path("invocations")) {
                gbs += Math.ceil(i.path("millis").asDouble()) / 1000 * FunctionList.named(i.path("function").asText()).memoryMb() / 1024;
            }
            gbs += 29 / 1000.0 * 1024 / 1024; // the upload trigger: 29 ms at 1024 MB
        }
        assertThat(m.lambdaGbSeconds()).isCloseTo(gbs / reports.size(), within(1e-9));
        assertThat(m.transitions()).isEqualTo((reports.get(0).path("states").size() + reports.get(1).path("states").size()) / 2.0);

        List<AwsCost.Line> bill = cost.bill(m, 1000, 0);
        AwsCost.Line lambda = bill.get(0);
        assertThat(lambda.quantity()).isCloseTo(gbs / 2 * 1000, within(1e-6));
        assertThat(lambda.usd()).isCloseTo(gbs / 2 * 1000 * 0.0000133334, within(1e-9));
        AwsCost.Line transitions = bill.get(2);
        assertThat(transitions.usd()).isCloseTo(m.transitions() * 1000 / 1000 * 0.025, within(1e-9));
    }

    @Test
    void knownFiguresPriceAsTheAwsPriceListSays() throws IOException {
        AwsCost cost = new AwsCost(prices());
        // 1 GB-s, 8 invocations, 11 transitions, 20 write and 10 read units, 10 PUTs, 20 GETs, 1 MB expiring, 1 event a photo
        AwsCost.Measured m = new AwsCost.Measured(1, 8, 1.0, 11, 11, 11, 0, 20, 10, 10, 20, 2e6, 1e6, 1, Map.of());
        List<AwsCost.Line> bill = cost.bill(m, 1000, 0);
        assertThat(bill).extracting(AwsCost.Line::usd).satisfiesExactly(
                v -> assertThat(v).isCloseTo(0.0133334, within(1e-9)),     // 1,000 GB-s
                v -> assertThat(v).isCloseTo(0.0016, within(1e-9)),        // 8,000 requests at $0.20/M
                v -> assertThat(v).isCloseTo(0.275, within(1e-9)),         // 11,000 transitions at $0.025/1000
                v -> assertThat(v).isCloseTo(0.0125, within(1e-9)),        // 20,000 WRU at $0.625/M
                v -> assertThat(v).isCloseTo(0.00125, within(1e-9)),       // 10,000 RRU at $0.125/M
                v -> assertThat(v).isCloseTo(0.05, within(1e-9)),          // 10,000 PUTs at $0.005/1000
                v -> assertThat(v).isCloseTo(0.008, within(1e-9)),         // 20,000 GETs at $0.0004/1000
                v -> assertThat(v).isCloseTo(1.0 * 30 / (365.25 / 12) * 0.023, within(1e-9)), // 1 GB for 30 days
                v -> assertThat(v).isCloseTo(0.001, within(1e-9)));        // 1,000 events at $1/M
        assertThat(cost.keptStoragePerMonth(m, 1000).usd()).isCloseTo(2 * 0.023, within(1e-9));
        assertThat(cost.bill(m, 1000, 0.5).get(0).usd()).as("waiting for the model is billed duration")
                .isCloseTo(1500 * 0.0000133334, within(1e-9));
    }

    @Test
    void aFailedPhotoIsRefusedNotPricedPartWay() {
        var failed = JSON.createObjectNode().put("status", "FAILED").put("photo", "in/p.jpg").put("reason", "OutOfMemoryError");
        failed.putArray("invocations").addObject().put("function", "Base").put("millis", 10.0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new AwsCost(prices()).measure(List.of(reports.get(0), failed)))
                .hasMessageContaining("1 of 2 photos FAILED").hasMessageContaining("OutOfMemoryError");
    }

    @Test
    void theCommandPricesBothEnginesFromTheReports() {
        StringWriter console = new StringWriter();
        int code = run(console, "cost", "--reports", out.toString(), "--model-call-seconds", "60");
        assertThat(code).as(console.toString()).isZero();
        assertThat(console.toString())
                .contains("Measured: 2 photos' reports")
                .contains("### classic engine: 1,000 photos")
                .contains("| **total** |")
                .contains("### openai engine: 1,000 photos")
                .contains("| 60 s |")
                .contains("An estimate");
    }
}
