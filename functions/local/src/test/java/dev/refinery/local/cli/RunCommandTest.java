package dev.refinery.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.refinery.cli.Refinery;
import dev.refinery.samples.SamplePhoto;
import dev.refinery.samples.SyntheticPhotos;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** make run on the local stack with the real engines: make refine's layout, the execution history, exit codes. */
class RunCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path photos;
    static List<String> good;

    @BeforeAll
    static void photos() throws Exception {
        photos = Files.createDirectories(dir.resolve("photos"));
        List<SamplePhoto> set = new SyntheticPhotos().standardSet(11).subList(0, 2);
        for (SamplePhoto p : set) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            ImageIO.write(p.photo(), "jpg", b);
            Files.write(photos.resolve(p.name() + ".jpg"), b.toByteArray());
        }
        good = set.stream().map(SamplePhoto::name).toList();
        // A seller's mistakes: text named .jpg (the base stage refuses it) and a type uploads do not take.
        Files.writeString(photos.resolve("notes.jpg"), "not an image at all", StandardCharsets.UTF_8);
        BufferedImage tiny = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        ImageIO.write(tiny, "bmp", photos.resolve("scan.bmp").toFile());
    }

    private static int run(StringWriter console, String... args) {
        CommandLine cmd = LocalMain.commandLine();
        cmd.setOut(new PrintWriter(console, true));
        cmd.setErr(new PrintWriter(console, true));
        return cmd.execute(args);
    }

    @Test
    void photosGoThroughTheStackIntoMakeRefinesLayoutWithTheExecutionHistory() throws Exception {
        Path out = dir.resolve("out");
        StringWriter console = new StringWriter();
        int code = run(console, "run", "--photos", photos.toString(), "--out", out.toString(), "--preset", "amazon-main");
        assertThat(code).as(console.toString()).isEqualTo(Refinery.SOME_FAILED);

        for (String stem : good) {
            Path d = out.resolve(stem);
            assertThat(d.resolve("final.jpg")).isRegularFile();
            assertThat(d.resolve("cutout.png")).isRegularFile();
            assertThat(Files.list(d.resolve("versions")).map(p -> p.getFileName().toString()))
                    .contains("v1-base.png").anyMatch(n -> n.matches("v\\d+-finalize-amazon-main\\.jpg"));
            JsonNode report = JSON.readTree(d.resolve("report.json").toFile());
            assertThat(report.get("status").asText()).isIn("COMPLETED", "NEEDS_REVIEW");
            assertThat(report.get("sessionId").asText()).isNotBlank();
            assertThat(report.get("states")).extracting(JsonNode::asText).startsWith("Mode", "StartFirstPass", "Base", "Lighting",
                    "Background", "Detail", "Finalize", "QualityCheck").endsWith("Publish");
            assertThat(report.get("execution").get("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(report.get("execution").get("history").size()).isGreaterThan(report.get("states").size());
            assertThat(report.get("verdict").get("amazon-main").get("findings")).isNotEmpty();
            assertThat(report.get("verdict").get("amazon-main").get("passed").asBoolean())
                    .isEqualTo(report.get("status").asText().equals("COMPLETED"));
            assertThat(report.get("upload").get("key").asText()).startsWith("uploads/local/").endsWith(stem + ".jpg");
            assertThat(report.get("versions").size()).isGreaterThanOrEqualTo(5);
            assertThat(report.get("timings").get("total").asLong()).isPositive();
        }
        JsonNode notes = JSON.readTree(out.resolve("notes").resolve("report.json").toFile());
        assertThat(notes.get("status").asText()).isEqualTo("FAILED");
        assertThat(notes.get("reason").asText()).isNotBlank();
        assertThat(notes.get("states")).extracting(JsonNode::asText).contains("Base", "RecordFailure");
        JsonNode scan = JSON.readTree(out.resolve("scan").resolve("report.json").toFile());
        assertThat(scan.get("status").asText()).isEqualTo("FAILED");
        assertThat(scan.get("reason").asText()).contains("supported photo type");
        assertThat(scan.has("execution")).isFalse();

        assertThat(console.toString()).contains("photo").contains(good.get(0)).contains("notes").contains("of 4 refined");
    }

    @Test
    void usageErrorsExitTwoBeforeAnythingStarts() {
        StringWriter console = new StringWriter();
        assertThat(run(console, "run", "--photos", photos.toString(), "--out", dir.resolve("x").toString(), "--preset", "nope"))
                .isEqualTo(Refinery.USAGE);
        assertThat(console.toString()).contains("Unknown preset 'nope'");
        assertThat(run(console, "run", "--photos", photos.toString(), "--out", dir.resolve("x").toString(), "--preset", "lifestyle"))
                .isEqualTo(Refinery.USAGE);
        assertThat(console.toString()).contains("needs the openai engine");
        assertThat(run(console, "run", "--photos", dir.resolve("nothing-here").toString(), "--out", dir.resolve("x").toString()))
                .isEqualTo(Refinery.USAGE);
        assertThat(dir.resolve("x").resolve(".local-stack")).doesNotExist();
    }
}
