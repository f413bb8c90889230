package dev.refinery.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refinery.domain.Approval;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.Stage;
import dev.refinery.domain.VersionSlot;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The queries over a session's versions that decide where a stage starts and what may become the head. */
class LineageTest {
    private static ImageVersion v(int n, int parent, VersionSlot slot, Map<String, String> params) {
        return new ImageVersion("t", "s", n, parent, slot, "classic", "k" + n, "image/png", null, params, Map.of(), 1, 0,
                Approval.APPROVED, null, Instant.EPOCH, false);
    }

    private static final ImageVersion BASE = v(1, 0, new VersionSlot(0, 0, Stage.BASE, null), Map.of("summary", "the seller's photo"));
    private static final ImageVersion LIT = v(2, 1, new VersionSlot(0, 0, Stage.LIGHTING, null), Map.of("summary", "brighter"));
    private static final ImageVersion CUT = v(3, 2, new VersionSlot(0, 0, Stage.BACKGROUND, null), Map.of("summary", "cut out"));
    private static final ImageVersion SHARP = v(4, 3, new VersionSlot(0, 0, Stage.DETAIL, null), Map.of());
    private static final List<ImageVersion> ALL = List.of(BASE, LIT, CUT, SHARP);

    @Test
    void aStageStartsFromTheLatestVersionMadeBeforeIt() {
        assertThat(Lineage.inputFor(ALL, 4, Stage.BACKGROUND)).isEqualTo(LIT);
        assertThat(Lineage.inputFor(ALL, 4, Stage.LIGHTING)).isEqualTo(BASE);
        assertThat(Lineage.baseOf(ALL, SHARP)).isEqualTo(BASE);
        assertThat(Lineage.lineage(ALL, CUT)).containsExactly(CUT, LIT, BASE);
    }

    @Test
    void whatEarlierStepsChangedIsPassedOnOldestFirstWithoutTheBase() {
        assertThat(Lineage.approvedChangesToKeep(ALL, SHARP)).containsExactly("lighting: brighter", "background: cut out");
    }

    @Test
    void aLateDuplicateOfAnEarlierStageDoesNotBecomeTheHead() {
        ImageVersion lateCut = v(5, 2, new VersionSlot(0, 0, Stage.BACKGROUND, null), Map.of());
        assertThat(Lineage.mayBecomeHead(ALL, 4, lateCut)).isFalse();
        assertThat(Lineage.mayBecomeHead(ALL, 3, SHARP)).isTrue();
        assertThat(Lineage.mayBecomeHead(ALL, 0, lateCut)).as("no head yet").isTrue();
        assertThat(Lineage.mayBecomeHead(List.of(BASE), 4, lateCut)).as("a head made after the versions were read").isFalse();
    }

    @Test
    void aRetriedAttemptStartsFromWhatItsFirstAttemptStartedFrom() {
        assertThat(Lineage.earlierAttemptInput(ALL, new VersionSlot(0, 0, Stage.BACKGROUND, null))).contains(LIT);
        assertThat(Lineage.earlierAttemptInput(ALL, new VersionSlot(0, 1, Stage.BACKGROUND, null))).isEmpty();
    }
}
