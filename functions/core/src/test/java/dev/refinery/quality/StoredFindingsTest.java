package dev.refinery.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.refinery.domain.Approval;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.Stage;
import dev.refinery.domain.VersionSlot;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The findings kept on a rendition read back as the check made them, with where they are; older renditions without places still read. */
class StoredFindingsTest {
    private static ImageVersion rendition(Map<String, String> params, Map<String, Double> metrics) {
        return new ImageVersion("t", "s", 5, 4, new VersionSlot(0, 0, Stage.FINALIZE, "amazon-main"), "classic", "k5", "image/jpeg", null,
                params, metrics, 1, 0, Approval.REJECTED, null, Instant.EPOCH, false);
    }

    @Test
    void regionsAndTheRepairStageRoundTrip() {
        Finding kept = new Finding("cutout-kept-backdrop", false, 0.12, "<= 0.08", "12% of the cut-out has the colours of the photo's edges",
                Stage.BACKGROUND, Map.of("segmentation", "strict"),
                List.of(Region.ofPixels(1200, 300, 1270, 1050, 1800, 1350), Region.ofPixels(10, 20, 30, 40, 1800, 1350)));
        Finding parts = new Finding("cutout-parts", false, 2, "one piece", "the cut-out is 2 separate pieces", null, Map.of());
        Finding fill = Finding.pass("fill", 0.85, "0.85–0.90");
        QualityReport report = new QualityReport("amazon-main", List.of(kept, parts, fill));
        Map<String, String> params = StoredFindings.params(report);
        assertThat(params).containsEntry("finding.cutout-kept-backdrop.regions", "0.6666,0.2222,0.0390,0.5556;0.0055,0.0148,0.0112,0.0149")
                .containsEntry("finding.cutout-kept-backdrop.repair", "background")
                .doesNotContainKeys("finding.cutout-parts.regions", "finding.cutout-parts.repair", "finding.fill.regions");

        QualityReport back = StoredFindings.read(rendition(params, Map.of("check.cutout-kept-backdrop", 0.12, "check.fill", 0.85))).orElseThrow();
        assertThat(back.findings()).extracting(Finding::check).containsExactly("cutout-kept-backdrop", "cutout-parts", "fill");
        Finding k = back.findings().get(0);
        assertThat(k.regions()).containsExactlyElementsOf(kept.regions());
        assertThat(k.repairStage()).isEqualTo(Stage.BACKGROUND);
        assertThat(k.message()).isEqualTo(kept.message());
        assertThat(k.measured()).isEqualTo(0.12);
        assertThat(back.findings().get(1).regions()).isEmpty();
        assertThat(back.findings().get(1).repairStage()).isNull();
        assertThat(back.findings().get(2).passed()).isTrue();
    }

    @Test
    void aRenditionJudgedBeforeRegionsWereKeptReadsWithout() {
        Map<String, String> old = new LinkedHashMap<>();
        old.put("findings", "cutout-edges,fill");
        old.put("finding.cutout-edges", "failed");
        old.put("finding.cutout-edges.expected", ">= 0.8");
        old.put("finding.cutout-edges.message", "only 60% of the outline follows an edge");
        old.put("finding.fill", "passed");
        QualityReport r = StoredFindings.read(rendition(old, Map.of())).orElseThrow();
        assertThat(r.failures()).singleElement().satisfies(f -> {
            assertThat(f.regions()).isEmpty();
            assertThat(f.repairStage()).isNull();
            assertThat(f.message()).isEqualTo("only 60% of the outline follows an edge");
        });
        // a stored region that does not read is left out, the rest of the finding stays
        old.put("finding.cutout-edges.regions", "0.1,0.2,0.3,0.4;garbage;0.5,0.5,0.9,0.1");
        assertThat(StoredFindings.read(rendition(old, Map.of())).orElseThrow().failures().get(0).regions())
                .containsExactly(new Region(0.1, 0.2, 0.3, 0.4));
    }

    @Test
    void aRegionIsTheFlaggedPixelsBoxInFractionsAndNeverShrinks() {
        // 4 decimals, rounded outwards: the box still takes in every pixel flagged
        Region r = Region.ofPixels(1, 1, 2, 2, 3, 3);
        assertThat(r.x()).isLessThanOrEqualTo(1 / 3.0);
        assertThat(r.x() + r.width()).isGreaterThanOrEqualTo(2 / 3.0);
        assertThat(r.encode()).isEqualTo("0.3333,0.3333,0.3334,0.3334");
        assertThat(Region.decode(r.encode())).isEqualTo(r);
        // clipped to the photo
        assertThat(Region.ofPixels(-5, -5, 20, 20, 10, 10)).isEqualTo(new Region(0, 0, 1, 1));
        assertThat(Region.ofPixels(12, 3, 15, 3, 10, 10)).as("past the edge, empty: the last column's pixel").isEqualTo(new Region(0.9, 0.3, 0.1, 0.1));
        assertThatThrownBy(() -> new Region(0.5, 0.5, 0.6, 0.1)).isInstanceOf(IllegalArgumentException.class);
    }
}
