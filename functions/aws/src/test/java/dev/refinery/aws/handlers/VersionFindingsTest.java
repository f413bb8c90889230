package dev.refinery.aws.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.refinery.application.SessionApi;
import dev.refinery.aws.Json;
import dev.refinery.aws.testing.OpenApiResponses;
import dev.refinery.domain.Approval;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.Stage;
import dev.refinery.domain.VersionSlot;
import dev.refinery.quality.Finding;
import dev.refinery.quality.QualityReport;
import dev.refinery.quality.Region;
import dev.refinery.quality.StoredFindings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A judged rendition's findings as the API returns them: typed from what the check stored, with their regions, and
 * valid against openapi.yaml (the moto flow's finals may fail no check that has a place, so this one does).
 */
class VersionFindingsTest {
    @Test
    void aFailedFindingsRegionsReachTheVersionJsonAsTheDocumentDescribesThem() {
        Region strip = new Region(0.5562, 0.4566, 0.1201, 0.3701);
        QualityReport report = new QualityReport("amazon-main", List.of(
                Finding.pass("fill", 0.87, "0.85–0.90"),
                new Finding("cutout-kept-backdrop", false, 0.09, "<= 0.08", "9% of the cut-out has the colours of the photo's edges", Stage.BACKGROUND,
                        Map.of("segmentation", "strict"), List.of(strip)),
                new Finding("enlargement", false, 3.5, "<= 2.9x", "the product had to be enlarged 3.5x", null, Map.of())));
        ImageVersion judged = new ImageVersion("t", "s", 5, 4, new VersionSlot(0, 0, Stage.FINALIZE, "amazon-main"), "classic", "k5", "image/jpeg", null,
                StoredFindings.params(report), report.metrics(), 100, 0, Approval.REJECTED, report.summary(), Instant.EPOCH, false);

        List<SessionApi.FindingView> findings = SessionApi.FindingView.of(judged);
        SessionApi.VersionView view = new SessionApi.VersionView(5, 4, "finalize", "amazon-main", 0, 0, 0, "classic", "REJECTED", null,
                judged.note(), "image/jpeg", "k5", "https://s3.invalid/k5", "https://s3.invalid/k5?response-content-disposition=attachment", false, judged.params(), judged.metrics(), 100, 0, Instant.EPOCH, findings);
        String body = Json.write(Map.of("versions", List.of(view)));

        assertThat(new OpenApiResponses().problems("GET", "/sessions/s/versions", 200, body)).isEmpty();
        JsonNode f = Json.tree(body).get("versions").get(0).get("findings");
        assertThat(f).hasSize(3);
        assertThat(f.get(0).get("passed").asBoolean()).isTrue();
        assertThat(f.get(0).get("regions")).isEmpty();
        JsonNode kept = f.get(1);
        assertThat(kept.get("check").asText()).isEqualTo("cutout-kept-backdrop");
        assertThat(kept.get("repairStage").asText()).isEqualTo("background");
        assertThat(kept.get("message").asText()).isEqualTo("9% of the cut-out has the colours of the photo's edges");
        JsonNode r = kept.get("regions").get(0);
        assertThat(List.of(r.get("x").asDouble(), r.get("y").asDouble(), r.get("width").asDouble(), r.get("height").asDouble()))
                .containsExactly(0.5562, 0.4566, 0.1201, 0.3701);
        assertThat(f.get(2).get("repairStage").isNull()).as("only the seller can decide").isTrue();
        assertThat(f.get(2).get("regions")).isEmpty();
    }

    @Test
    void aVersionTheCheckNeverJudgedHasNoFindings() {
        ImageVersion photo = new ImageVersion("t", "s", 1, 0, new VersionSlot(0, 0, Stage.BASE, null), "classic", "k1", "image/png", null,
                Map.of(), Map.of(), 1, 0, Approval.APPROVED, null, Instant.EPOCH, false);
        assertThat(SessionApi.FindingView.of(photo)).isEmpty();
    }
}
