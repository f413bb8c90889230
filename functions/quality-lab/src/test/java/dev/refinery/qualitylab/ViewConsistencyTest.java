package dev.refinery.qualitylab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ViewConsistencyTest {
    private static PhotoScore view(String id, String family, String group, int[] truth, int[] input, int[] fin) {
        return new PhotoScore(id, family, "bottle", "amazon-main", "COMPLETED", null, 0.99, 0.95, 1.0, 1.0, 1.0, 1.0, null, null, 1.0, 1.0,
                true, 0.87, true, 0.0, true, 0.99, false, List.of(), true, false, false, 1,
                List.of(new PhotoScore.RegionColour(1, "body", truth, 100, input, 0, 0, fin, 0.0, 0.0)), List.of(), List.of(), group);
    }

    @Test
    void viewsDifferingAsTheTruthDoesMeetTheBarAndAnExposureLeftInOneDoesNot() {
        // two views lit differently (the truth differs by itself); the finals keep that difference
        PhotoScore a = view("a", "multi-angle", "ma-1", new int[] {120, 120, 120}, new int[] {60, 60, 60}, new int[] {121, 121, 121});
        PhotoScore b = view("b", "multi-angle", "ma-1", new int[] {180, 180, 180}, new int[] {181, 181, 181}, new int[] {179, 179, 179});
        // another family's photo and a photo without a group are not views of the product
        PhotoScore other = view("c", "collection", "ma-1", new int[] {10, 10, 10}, new int[] {10, 10, 10}, new int[] {250, 250, 250});
        PhotoScore alone = view("d", "multi-angle", null, new int[] {10, 10, 10}, new int[] {10, 10, 10}, new int[] {250, 250, 250});
        List<ViewConsistency.Group> groups = ViewConsistency.of(List.of(a, b, other, alone), "multi-angle");
        assertThat(groups).singleElement().satisfies(g -> {
            assertThat(g.views()).containsExactly("a", "b");
            assertThat(g.worstFinal()).isLessThan(1.5);
            assertThat(g.worstInput()).as("view a was 1 EV dark in the photo").isGreaterThan(15);
            assertThat(g.met()).isTrue();
        });
        // view a left dark: its lightness departs from the truth's difference
        PhotoScore dark = view("a", "multi-angle", "ma-1", new int[] {120, 120, 120}, new int[] {60, 60, 60}, new int[] {60, 60, 60});
        assertThat(ViewConsistency.of(List.of(dark, b), "multi-angle")).singleElement().satisfies(g -> {
            assertThat(g.met()).isFalse();
            assertThat(g.worstWhere()).isEqualTo("body, a vs b");
        });
    }
}
