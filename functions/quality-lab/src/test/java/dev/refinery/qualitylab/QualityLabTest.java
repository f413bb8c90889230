package dev.refinery.qualitylab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** make quality end to end on a two-photo fixture: the command line runs as its own process from the test classpath. */
class QualityLabTest {
    @TempDir
    Path tmp;

    @Test
    void refinesMeasuresAndWritesTheReport() throws Exception {
        Path corpus = tmp.resolve("corpus");
        FixtureCorpus.small(corpus, 2, 480, 360, 5);
        assertThat(Files.list(corpus.resolve("bottle-warm-wood-1")).map(p -> p.getFileName().toString()))
                .contains("photo.jpg", "mask.png", "regions.png", "truth.json");
        Map<String, String> opts = new LinkedHashMap<>();
        opts.put("corpus", corpus.toString());
        opts.put("out", tmp.resolve("out").toString());
        opts.put("docs", tmp.resolve("docs").toString());
        opts.put("java-opts", "-Xmx512m -Djava.awt.headless=true");
        opts.put("no-realworld", "true");
        opts.put("no-synthetic", "true");
        // the check's mutation test has its own test (MutationRunTest): its extra synthetic sets would triple this one's time
        opts.put("no-mutants", "true");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        int code = new QualityLab(opts, new PrintStream(console, true, StandardCharsets.UTF_8)).run();
        String log = console.toString(StandardCharsets.UTF_8);
        assertThat(code).as(log).isZero();

        Results r = Results.read(tmp.resolve("out").resolve("results-classic.json"));
        assertThat(r.photos()).hasSize(2);
        for (PhotoScore p : r.photos()) {
            assertThat(p.status()).as(log).isIn("COMPLETED", "NEEDS_REVIEW");
            assertThat(p.iou()).as(p.id()).isGreaterThan(0.9);
            assertThat(p.deltaEInput()).isNotNull();
            assertThat(p.deltaEFinal()).isNotNull();
            assertThat(p.compliant()).isNotNull();
            assertThat(p.exactMaskFailed()).as("the check judged on the exact mask").isNotNull();
        }
        assertThat(r.families()).isNotEmpty();
        assertThat(r.bars()).extracting(Bars.Bar::bar).contains("IoU mean ≥ 0.95", "0 broken finals COMPLETED");
        assertThat(tmp.resolve("out/classic/refined/bottle-warm-wood-1/report.json")).exists();
        String md = Files.readString(tmp.resolve("docs/quality.md"));
        assertThat(md).contains("## Engine `classic`", "### Per scene family", "### The check on perfect cut-outs", "bottle-warm-wood-1");
        assertThat(tmp.resolve("docs/quality/contact-sheet-classic.png")).exists();
    }
}
