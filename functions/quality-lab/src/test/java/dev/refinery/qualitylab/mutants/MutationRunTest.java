package dev.refinery.qualitylab.mutants;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refinery.cli.Refinery;
import dev.refinery.samples.SamplePhoto;
import dev.refinery.samples.SyntheticPhotos;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The check's mutation test on two finals the check passes (make refine's own output): every way of
 * breaking them is caught, and the unbroken ones pass when rendered again (they are real seeds).
 */
class MutationRunTest {
    @TempDir
    Path tmp;

    @Test
    void everyMutantOfAGoodFinalFailsTheCheck() throws Exception {
        Path photos = Files.createDirectories(tmp.resolve("photos"));
        List<SamplePhoto> good = new SyntheticPhotos().standardSet(2024).stream()
                .filter(p -> p.name().equals("box-cool-fabric") || p.name().equals("shoe-dark-wood")).toList();
        assertThat(good).hasSize(2);
        for (SamplePhoto p : good) {
            ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
            ImageIO.write(p.photo(), "png", jpeg);
            Files.write(photos.resolve(p.name() + ".png"), jpeg.toByteArray());
        }
        Path out = tmp.resolve("out");
        StringWriter console = new StringWriter();
        CommandLine cmd = Refinery.commandLine();
        cmd.setOut(new PrintWriter(console, true));
        cmd.setErr(new PrintWriter(console, true));
        assertThat(cmd.execute("refine", "--photos", photos.toString(), "--preset", "amazon-main", "--out", out.toString()))
                .as(console.toString()).isZero();

        MutationRun.Result r = new MutationRun().run(out, null);

        assertThat(r.skipped()).as("finals the check passed in the run but not when rendered again").isEmpty();
        assertThat(r.seeds()).containsExactlyInAnyOrder("box-cool-fabric", "shoe-dark-wood");
        assertThat(r.verdicts()).hasSize(2 * Mutation.values().length);
        assertThat(r.verdicts()).allSatisfy(v -> assertThat(v.caught()).as(v.photo() + " " + v.mutation() + " (size " + v.size() + ")").isTrue());
        // each kind is caught by the check meant for it, not by accident
        assertThat(r.verdicts()).filteredOn(v -> v.mutation() == Mutation.BRIGHTER || v.mutation() == Mutation.DARKER)
                .allSatisfy(v -> assertThat(v.caughtBy()).contains("colour-intent"));
        assertThat(r.verdicts()).filteredOn(v -> v.mutation().name().startsWith("ERODED") || v.mutation().name().startsWith("DILATED"))
                .allSatisfy(v -> assertThat(v.caughtBy()).anyMatch(c -> c.startsWith("cutout-")));
        assertThat(r.verdicts()).filteredOn(v -> v.mutation() == Mutation.ENLARGED)
                .allSatisfy(v -> assertThat(v.caughtBy()).contains("enlargement"));
    }
}
