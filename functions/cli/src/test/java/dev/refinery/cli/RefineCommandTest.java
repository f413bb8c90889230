package dev.refinery.cli;

import dev.refinery.engine.ImageCodec;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.refinery.samples.SamplePhoto;
import dev.refinery.samples.SyntheticPhotos;
import java.awt.image.BufferedImage;
import java.io.IOException;
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

/** `make refine` end to end on the command line: output layout, reports, exit codes. */
class RefineCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path photos;

    @BeforeAll
    static void writePhotos() throws IOException {
        photos = Files.createDirectories(dir.resolve("photos"));
        // Two photos the quality check passes: products photographed large enough for amazon-main and google-merchant
        // without more than 3x enlargement, under light lighting corrects within the check's bounds.
        List<SamplePhoto> set = new SyntheticPhotos().standardSet(2024).stream()
                .filter(p -> p.name().equals("box-cool-fabric") || p.name().equals("shoe-dark-wood")).toList();
        assertThat(set).hasSize(2);
        for (SamplePhoto p : set) {
            Files.write(photos.resolve(p.name() + ".jpg"), ImageCodec.jpeg(p.photo(), 92, ImageCodec.Chroma.SUBSAMPLED));
        }
        // A seller's mistakes beside the good photos: a text file named .jpg and a truncated JPEG.
        Files.writeString(photos.resolve("notes.jpg"), "not an image at all", StandardCharsets.UTF_8);
        byte[] good = Files.readAllBytes(Files.list(photos).filter(p -> !p.endsWith("notes.jpg")).sorted().findFirst().orElseThrow());
        Files.write(photos.resolve("broken upload.jpg"), java.util.Arrays.copyOf(good, good.length / 3));
    }

    private static int run(StringWriter out, String... args) {
        CommandLine cmd = Refinery.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(out, true));
        return cmd.execute(args);
    }

    @Test
    void folderRunWritesTheLayoutAndReportsFailuresWithoutStopping() throws IOException {
        Path out = dir.resolve("out-folder");
        StringWriter console = new StringWriter();
        int code = run(console, "refine", "--photos", photos.toString(), "--preset", "amazon-main,google-merchant", "--out", out.toString());

        assertThat(code).as(console.toString()).isEqualTo(Refinery.SOME_FAILED);
        // not a terminal: a line per finished photo, no bar frames
        assertThat(console.toString()).contains("refined 1 of 4: ", "refined 4 of 4: ").doesNotContain("Refining");
        List<String> good = Files.list(photos).map(p -> p.getFileName().toString())
                .filter(n -> !n.equals("notes.jpg") && !n.equals("broken upload.jpg")).map(n -> n.substring(0, n.lastIndexOf('.'))).toList();
        assertThat(good).hasSize(2);
        for (String stem : good) {
            Path d = out.resolve(stem);
            JsonNode report = JSON.readTree(d.resolve("report.json").toFile());
            assertThat(report.path("status").asText()).as(report.toPrettyString()).isEqualTo("COMPLETED");
            assertThat(d.resolve("final-amazon-main.jpg")).exists();
            assertThat(d.resolve("final-google-merchant.jpg")).exists();
            BufferedImage amazon = ImageIO.read(d.resolve("final-amazon-main.jpg").toFile());
            assertThat(amazon.getWidth()).isEqualTo(2000);
            BufferedImage cutout = ImageIO.read(d.resolve("cutout.png").toFile());
            assertThat(cutout.getColorModel().hasAlpha()).isTrue();
            BufferedImage source = ImageIO.read(photos.resolve(stem + ".jpg").toFile());
            assertThat(cutout.getWidth()).isEqualTo(source.getWidth());
            assertThat(cutout.getHeight()).isEqualTo(source.getHeight());
            assertThat(Files.list(d.resolve("versions")).map(p -> p.getFileName().toString()).sorted().toList())
                    .contains("v1-base.png", "v2-lighting.png", "v3-background.png", "v4-detail.png");
            assertThat(report.path("versions")).hasSizeGreaterThanOrEqualTo(6);
            assertThat(report.path("verdict").path("amazon-main").path("passed").asBoolean()).isTrue();
            assertThat(report.path("timings").path("background").asLong()).isPositive();
            // The state machine's own state names, as make run reports them.
            assertThat(report.path("states")).extracting(JsonNode::asText).containsExactly("Mode", "StartFirstPass", "Base",
                    "Lighting", "Background", "Detail", "Finalize", "QualityCheck", "CheckVerdict", "MarkCompleted", "Publish");
            assertThat(report.path("verdict").path("amazon-main").path("findings")).isNotEmpty();
        }
        JsonNode notes = JSON.readTree(out.resolve("notes").resolve("report.json").toFile());
        assertThat(notes.path("status").asText()).isEqualTo("FAILED");
        assertThat(notes.path("reason").asText()).isNotBlank();
        assertThat(notes.path("states")).extracting(JsonNode::asText).endsWith("Base", "RecordFailure", "Failed");
        JsonNode broken = JSON.readTree(out.resolve("broken upload").resolve("report.json").toFile());
        assertThat(broken.path("status").asText()).isEqualTo("FAILED");
        assertThat(broken.path("reason").asText()).containsIgnoringCase("damaged");
        assertThat(console.toString()).contains("2 of 4 refined");
    }

    @Test
    void singlePhotoSinglePresetWritesFinalAndExitsZero() throws IOException {
        Path photo = Files.list(photos).filter(p -> !p.getFileName().toString().contains("notes") && !p.getFileName().toString().contains("broken")).sorted().findFirst().orElseThrow();
        Path out = dir.resolve("out-single");
        byte[] before = Files.readAllBytes(photo);
        java.nio.file.attribute.FileTime modified = Files.getLastModifiedTime(photo);
        StringWriter console = new StringWriter();
        assertThat(run(console, "refine", "--photos", photo.toString(), "--out", out.toString())).as(console.toString()).isZero();
        String stem = photo.getFileName().toString().replace(".jpg", "");
        assertThat(out.resolve(stem).resolve("final.jpg")).exists();
        // The original is never touched: the same bytes, not written again.
        assertThat(Files.readAllBytes(photo)).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(photo)).isEqualTo(modified);
    }

    @Test
    void noPhotosSaysWhetherThePathIsThere() throws Exception {
        StringWriter missing = new StringWriter();
        assertThat(run(missing, "refine", "--photos", dir.resolve("nowhere").toString(), "--out", dir.resolve("m").toString())).isEqualTo(Refinery.USAGE);
        assertThat(missing.toString()).contains("no photos found at", "it does not exist");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(empty.resolve("notes.txt"), "not a photo");
        StringWriter folder = new StringWriter();
        assertThat(run(folder, "refine", "--photos", empty.toString(), "--out", dir.resolve("e").toString())).isEqualTo(Refinery.USAGE);
        assertThat(folder.toString()).contains("a folder with no", "jpg", "subfolders are not searched").doesNotContain("does not exist");
    }

    @Test
    void unknownPresetIsAUsageErrorNamingTheKnownOnes() {
        StringWriter console = new StringWriter();
        assertThat(run(console, "refine", "--photos", photos.toString(), "--preset", "amazon", "--out", dir.resolve("x").toString()))
                .isEqualTo(Refinery.USAGE);
        assertThat(console.toString()).contains("Unknown preset 'amazon'", "amazon-main");
    }

    @Test
    void lifestyleWithoutTheAiEngineSaysSoClearly() {
        StringWriter console = new StringWriter();
        int code = run(console, "refine", "--photos", photos.toString(), "--preset", "lifestyle", "--out", dir.resolve("y").toString());
        assertThat(code).isNotZero();
        assertThat(console.toString()).contains("lifestyle").containsIgnoringCase("openai");
    }

    @Test
    void aBrandKitAndFactsFromTheCommandLineAreReadOrRefusedWithWhatToWrite(@TempDir Path dir) throws IOException {
        dev.refinery.domain.BrandKit kit = RefineCommand.brandKit("local", "pixelsPerCm=60, canvas=2048,background=#F4EFE6");
        assertThat(kit.pixelsPerCm()).isEqualTo(60);
        assertThat(kit.canvas()).isEqualTo(2048);
        assertThat(kit.backgroundHex()).isEqualTo("#f4efe6");
        assertThat(kit.margin()).as("a default").isEqualTo(0.08);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RefineCommand.brandKit("local", "size=3"))
                .isInstanceOf(dev.refinery.domain.InvalidInputException.class).hasMessageContaining("no setting 'size'");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RefineCommand.brandKit("local", "canvas=big"))
                .isInstanceOf(dev.refinery.domain.InvalidInputException.class).hasMessageContaining("cannot read");
        Path facts = dir.resolve("facts.json");
        Files.writeString(facts, "{\"mug\": {\"height_cm\": \"9.5\"}}");
        assertThat(RefineCommand.facts(facts)).containsEntry("mug", java.util.Map.of("height_cm", "9.5"));
        Files.writeString(facts, "[1, 2]");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RefineCommand.facts(facts))
                .isInstanceOf(dev.refinery.domain.InvalidInputException.class).hasMessageContaining("not a JSON object");
    }
}
