package dev.refinery.qualitylab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refinery.engine.CostEstimate;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RealModelBudgetTest {
    static CorpusPhoto photo(String id, String family) {
        return new CorpusPhoto(Path.of(id), id, family, "bottle", null, List.of(), null);
    }

    static CostEstimate costs(double low, double high) {
        return new CostEstimate(low, high, 3, 18, Map.of(), null, "test");
    }

    final List<CorpusPhoto> corpus = List.of(photo("pl-003", "wood"), photo("pl-001", "wood"), photo("pl-002", "stone"),
            photo("pl-004", "stone"), photo("pl-005", "fabric"));

    @Test
    void takesOnePhotoOfEachFamilyInTurnWhileTheUpperBoundsFitTheCap() {
        RealModelBudget.Plan plan = RealModelBudget.plan(corpus, p -> costs(0.10, 0.45), 2.0, 12);
        // families in name order (fabric, stone, wood), photos in id order: pl-005, pl-002, pl-001, then pl-004 (4 x 0.45 = 1.80)
        assertThat(plan.photos()).extracting(CorpusPhoto::id).containsExactly("pl-005", "pl-002", "pl-001", "pl-004");
        assertThat(plan.highUsd()).isCloseTo(1.80, org.assertj.core.data.Offset.offset(1e-9)).isLessThanOrEqualTo(plan.capUsd());
        assertThat(plan.lowUsd()).isCloseTo(0.40, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(plan.describe()).startsWith("spend cap $2.00: 4 photos (pl-005, pl-002, pl-001, pl-004), estimated $0.40 to $1.80");
    }

    @Test
    void theSubsetLimitAndACheaperLaterPhotoAreHonoured() {
        assertThat(RealModelBudget.plan(corpus, p -> costs(0.1, 0.2), 2.0, 2).photos()).hasSize(2);
        // pl-002 is too dear for what is left after pl-005, the next ones still fit
        RealModelBudget.Plan plan = RealModelBudget.plan(corpus, p -> p.id().equals("pl-002") ? costs(1, 1.9) : costs(0.1, 0.5), 1.0, 12);
        assertThat(plan.photos()).extracting(CorpusPhoto::id).containsExactly("pl-005", "pl-001");
    }

    @Test
    void aCapBelowOnePhotoBuysNothingAndSaysWhatToChange() {
        RealModelBudget.Plan plan = RealModelBudget.plan(corpus, p -> costs(1.6, 9.59), 2.0, 12);
        assertThat(plan.photos()).isEmpty();
        assertThat(plan.describe()).contains("does not cover one photo").contains("$9.59").contains("SPEND_CAP=").contains("REFINERY_OPENAI_QUALITY=low");
    }
}
