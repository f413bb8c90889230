package dev.refinery.reliability.inputs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.refinery.cli.CliBridge;
import dev.refinery.imaging.ingest.BadInputs;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The same inputs through {@code make refine} (the CLI in process, the real classic engine and
 * ingest): one run over a folder of them. Each refused photo gets a report.json with "status":
 * "FAILED" and a reason a seller can act on; the others are refined; the run itself never stops.
 */
class MakeRefineBadInputsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    static int exit;
    static String out;
    static String err;

    static final Map<String, String> REFUSED = new LinkedHashMap<>();
    static final Map<String, String> REFINED = new LinkedHashMap<>();

    @BeforeAll
    static void refineAFolderOfBadInputs() throws Exception {
        Path photos = Files.createDirectories(work.resolve("photos"));
        write(photos, "empty.jpg", new byte[0], "empty");
        write(photos, "cut.jpg", BadInputs.truncatedJpeg(), "damaged or incomplete");
        write(photos, "notes.jpg", BadInputs.text(), "text file, not an image");
        write(photos, "spin.gif", BadInputs.animatedGif(), "animated GIF");
        write(photos, "IMG_0001.heic", BadInputs.heic(), "Unsupported format: HEIC/HEIF");
        write(photos, "bomb.png", BadInputs.pngBomb(30_000), "claims 30000×30000 pixels");
        write(photos, "huge.jpg", new byte[(int) BadInputs.ingestFileLimit() + 1], "over the 50 MB limit");
        REFINED.put("png-named", "");
        Files.write(photos.resolve("png-named.jpg"), BadInputs.png(BadInputs.product(480, 360)));
        REFINED.put("deep", "");
        Files.write(photos.resolve("deep.png"), BadInputs.sixteenBitPng());
        REFINED.put("print", "");
        Files.write(photos.resolve("print.jpg"), BadInputs.cmykJpeg());
        REFINED.put("shot", "");
        Files.write(photos.resolve("shot.webp"), BadInputs.webp());
        REFINED.put("phone", "");
        Files.write(photos.resolve("phone.jpg"), BadInputs.exifRotatedJpeg(480, 360));
        REFINED.put("red mug+lid 100% ☕", "");
        Files.write(photos.resolve("red mug+lid 100% ☕.png"), BadInputs.png(BadInputs.product(480, 360)));

        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        CommandLine cli = CliBridge.commandLine();
        cli.setOut(new PrintWriter(o, true));
        cli.setErr(new PrintWriter(e, true));
        exit = cli.execute("refine", "--photos", photos.toString(), "--preset", "amazon-main", "--out", work.resolve("out").toString());
        out = o.toString();
        err = e.toString();
    }

    private static void write(Path dir, String name, byte[] bytes, String reasonPart) throws Exception {
        Files.write(dir.resolve(name), bytes);
        REFUSED.put(name.substring(0, name.lastIndexOf('.')), reasonPart);
    }

    private static JsonNode report(String stem) throws Exception {
        Path p = work.resolve("out").resolve(stem).resolve("report.json");
        assertThat(p).as("report of " + stem).exists();
        return JSON.readTree(p.toFile());
    }

    @Test
    void theRunHandlesEveryPhotoAndSaysSomeFailed() {
        assertThat(exit).as(out + err).isEqualTo(3);
        assertThat(err).doesNotContain("internal error");
        for (String stem : REFUSED.keySet()) {
            assertThat(out).contains(stem);
        }
    }

    @Test
    void eachRefusedPhotoHasAFailedReportWithItsReason() throws Exception {
        for (Map.Entry<String, String> r : REFUSED.entrySet()) {
            JsonNode report = report(r.getKey());
            assertThat(report.path("status").asText()).as(r.getKey()).isEqualTo("FAILED");
            assertThat(report.path("reason").asText()).as(r.getKey()).contains(r.getValue()).contains(" — ");
        }
    }

    @Test
    void theUnusualButReadablePhotosAreRefined() throws Exception {
        for (String stem : REFINED.keySet()) {
            JsonNode report = report(stem);
            assertThat(report.path("status").asText()).as(stem + ": " + report.path("reason")).isIn("COMPLETED", "NEEDS_REVIEW");
            assertThat(work.resolve("out").resolve(stem).resolve("final.jpg")).exists();
        }
    }

    @Test
    void theExifRotatedPhotoComesOutUpright() throws Exception {
        JsonNode base = report("phone").path("versions").get(0);
        assertThat(base.path("params").path("width").asText()).isEqualTo("360");
        assertThat(base.path("params").path("height").asText()).isEqualTo("480");
        BufferedImage upright = ImageIO.read(work.resolve("out/phone").resolve(base.path("file").asText()).toFile());
        assertThat(upright.getHeight()).isGreaterThan(upright.getWidth());
        int rgb = upright.getRGB(upright.getWidth() - 8, 8);
        assertThat((rgb >> 16) & 255).as("the red mark is top-right once upright").isGreaterThan(180);
        assertThat(rgb & 255).isLessThan(90);
    }

    @Test
    void anUnknownPresetStopsTheRunAtOnceWithTheKnownOnes() {
        StringWriter e = new StringWriter();
        CommandLine cli = CliBridge.commandLine();
        cli.setErr(new PrintWriter(e, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        int code = cli.execute("refine", "--photos", work.resolve("photos").toString(), "--preset", "tiktok-square",
                "--out", work.resolve("out-unknown").toString());
        assertThat(code).isEqualTo(2);
        assertThat(e.toString()).contains("tiktok-square").contains("amazon-main");
        assertThat(work.resolve("out-unknown")).doesNotExist();
    }
}
