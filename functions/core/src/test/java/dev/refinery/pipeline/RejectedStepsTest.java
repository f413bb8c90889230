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

/** A rejected request of a round is made up for by a repair of its stage (which applies every request), not by the stage's next request. */
class RejectedStepsTest {
    private static ImageVersion v(int n, int parent, VersionSlot slot, Approval approval) {
        return new ImageVersion("t", "s", n, parent, slot, "openai", "k" + n, "image/png", null, Map.of(), Map.of(), 1, 0,
                approval, approval == Approval.REJECTED ? "the product drifted" : null, Instant.EPOCH, false);
    }

    private static final ImageVersion BASE = v(1, 0, new VersionSlot(0, 0, Stage.BASE, null), Approval.APPROVED);
    private static final ImageVersion DETAIL = v(2, 1, new VersionSlot(0, 0, Stage.DETAIL, null), Approval.APPROVED);

    @Test
    void aRejectedRequestIsNotMadeUpForByTheStagesNextRequest() {
        // round 1: "brighter" (step 0) rejected, "warmer" (step 1) kept on the head before the round
        ImageVersion brighter = v(3, 2, new VersionSlot(1, 0, Stage.LIGHTING, null, 0), Approval.REJECTED);
        ImageVersion warmer = v(4, 2, new VersionSlot(1, 0, Stage.LIGHTING, null, 1), Approval.APPROVED);
        List<ImageVersion> all = List.of(BASE, DETAIL, brighter, warmer);
        assertThat(RoundFindings.rejectedSteps(all, warmer, 1)).isNotNull()
                .satisfies(f -> assertThat(f.message()).contains("the lighting step (version 3) was rejected"));
    }

    @Test
    void aRepairOfTheStageMakesUpForIt() {
        ImageVersion brighter = v(3, 2, new VersionSlot(1, 0, Stage.LIGHTING, null, 0), Approval.REJECTED);
        ImageVersion repair = v(4, 2, new VersionSlot(1, 1, Stage.LIGHTING, null), Approval.APPROVED);
        assertThat(RoundFindings.rejectedSteps(List.of(BASE, DETAIL, brighter, repair), repair, 1)).isNull();
    }
}
