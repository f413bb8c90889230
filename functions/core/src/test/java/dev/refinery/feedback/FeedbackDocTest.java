package dev.refinery.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refinery.domain.PresetCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/feedback.md's grammar examples are what the grammar does: every row is planned and checked, so the page cannot drift. */
class FeedbackDocTest {
    private static final Path DOC = Path.of("../../docs/feedback.md");

    @Test
    void everyExampleOfThePageIsWhatTheGrammarDoes() throws Exception {
        String page = Files.readString(DOC);
        String table = page.substring(page.indexOf("<!-- grammar-examples"), page.indexOf("<!-- /grammar-examples -->"));
        List<String[]> rows = new ArrayList<>();
        for (String line : table.split("\n")) {
            if (line.startsWith("| ") && !line.startsWith("| feedback")) {
                String[] cells = line.substring(1, line.length() - 1).split("\\|");
                rows.add(new String[] {cells[0].strip(), cells[1].strip(), cells[2].strip(), cells[3].strip()});
            }
        }
        assertThat(rows).hasSizeGreaterThanOrEqualTo(20);
        PresetCatalog presets = PresetCatalog.bundled();
        ClassicGrammar grammar = new ClassicGrammar();
        for (String[] r : rows) {
            FeedbackPlan plan = grammar.plan(r[0], new PlanContext("classic", List.of(presets.get(r[1])), Map.of()));
            if (r[2].equals("declined")) {
                assertThat(plan.steps()).as(r[0]).isEmpty();
                assertThat(plan.declined()).as(r[0]).singleElement().satisfies(d -> assertThat(d.reason()).contains(r[3]));
            } else {
                assertThat(plan.steps()).as(r[0]).singleElement().satisfies(s -> {
                    assertThat(s.operation()).isEqualTo(r[2]);
                    String[] kv = r[3].split("=", 2);
                    assertThat(s.hints()).containsEntry(kv[0], kv[1]);
                });
                assertThat(plan.declined()).as(r[0]).isEmpty();
            }
        }
    }
}
