package dev.refinery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryTableTest {
    private static String table(List<PhotoResult> results, List<String> presets) {
        StringWriter s = new StringWriter();
        try (PrintWriter p = new PrintWriter(s)) {
            SummaryTable.print(p, results, presets);
        }
        return s.toString();
    }

    @Test
    void eachPresetsFiguresAreOnARowNamedForIt() {
        PhotoResult mug = new PhotoResult(Path.of("mug.jpg"), "mug", "COMPLETED", null,
                Map.of("amazon-main.check.fill", 0.871, "etsy.check.fill", 0.702, "amazon-main.check.purity", 1.0), 1234, Path.of("out/mug"));
        List<String> lines = table(List.of(mug), List.of("amazon-main", "etsy")).lines().toList();
        assertThat(lines.get(0)).contains("preset", "fill");
        assertThat(lines.get(1)).startsWith("mug").contains("COMPLETED", "amazon-main", "0.871", "1.0000", "1234");
        assertThat(lines.get(2)).doesNotContain("mug", "COMPLETED", "1234").contains("etsy", "0.702");
        assertThat(lines.get(3)).startsWith("1 of 1 refined");
    }

    @Test
    void oneRunsPresetIsNamedToo() {
        PhotoResult box = new PhotoResult(Path.of("box.png"), "box", "NEEDS_REVIEW", "the cut-out may be wrong",
                Map.of("check.fill", 0.85), 900, Path.of("out/box"));
        List<String> lines = table(List.of(box), List.of("ebay")).lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).contains("box", "NEEDS_REVIEW", "ebay", "0.850", "the cut-out may be wrong");
        assertThat(lines.get(2)).contains("0 of 1 refined; 1 need attention");
    }
}
