package dev.refinery.qualitylab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refinery.qualitylab.mutants.Mutation;
import dev.refinery.qualitylab.mutants.MutationRun;
import dev.refinery.samples.SamplePhoto;
import dev.refinery.samples.SyntheticPhotos;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        // make refine's command, as its own process from the test classpath (as make quality runs it)
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        CliRunner cli = new CliRunner(java, List.of("-Xmx1g", "-Djava.awt.headless=true"), System.getProperty("java.class.path"), Map.of(), 2);
        Path log = tmp.resolve("refine.log");
        assertThat(cli.refine(photos, "amazon-main", "classic", out, log)).as(Files.readString(log)).isZero();

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
