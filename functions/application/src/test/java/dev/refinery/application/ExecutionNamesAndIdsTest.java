package dev.refinery.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.refinery.application.ExecutionNames;
import dev.refinery.domain.InvalidInputException;
import org.junit.jupiter.api.Test;

class ExecutionNamesAndIdsTest {
    @Test
    void uploadNamesAreStableShortAndOfTheAllowedCharacters() {
        String id = ExecutionNames.uploadId("bucket", "uploads/t/s/ä photo+1.jpg", "v:3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY");
        String name = ExecutionNames.forUpload(id);
        assertThat(name).hasSizeLessThanOrEqualTo(80).matches("[A-Za-z0-9_-]+");
        assertThat(ExecutionNames.forUpload(ExecutionNames.uploadId("bucket", "uploads/t/s/ä photo+1.jpg", "v:3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY")))
                .isEqualTo(name);
        assertThat(ExecutionNames.forUpload(ExecutionNames.uploadId("bucket", "uploads/t/s/ä photo+1.jpg", "v:other"))).isNotEqualTo(name);
        assertThat(ExecutionNames.sessionIdFrom(id)).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(ExecutionNames.forRound("0b6e1d2c-1111-2222-3333-444455556666", 12)).hasSizeLessThanOrEqualTo(80);
    }

    @Test
    void uploadKeysParseOnlyInTheirOneShape() {
        assertThat(UploadKey.parse("uploads/acme/SKU-1/front view.JPG")).isEqualTo(new UploadKey("acme", "SKU-1", "front view.JPG"));
        for (String bad : new String[] {"uploads/acme/SKU-1/x.gif", "uploads/acme/x.jpg", "uploads/acme/a/b/x.jpg", "uploads/../SKU/x.jpg",
                "uploads/acme/../x.jpg", "uploads/acme/SKU/.hidden.jpg", "uploads//SKU/x.jpg", "exports/acme/SKU/x.jpg", "uploads/acme/SKU/"}) {
            assertThatThrownBy(() -> UploadKey.parse(bad)).as(bad).isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void idsRefuseSeparatorsAndTraversal() {
        assertThatThrownBy(() -> Ids.session("../x")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Ids.sku("a..b")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Ids.tenant("a/b")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Ids.versionNumber("01")).isInstanceOf(InvalidInputException.class);
        assertThat(Ids.versionNumber("17")).isEqualTo(17);
        assertThat(Ids.prompt("x".repeat(32_000))).hasSize(32_000);
        assertThatThrownBy(() -> Ids.prompt("x".repeat(32_001))).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void failureReasonsPreferTheStagesOwnReasonAndHideInternalMessages() {
        assertThat(FailureReasons.explain("dev.refinery.domain.InvalidInputException", "{\"errorMessage\":\"too small\"}", "too small — use a bigger photo"))
                .isEqualTo("too small — use a bigger photo");
        assertThat(FailureReasons.explain("dev.refinery.domain.EngineUnavailableException", "{\"errorMessage\":\"Engine 'openai' is not available\"}", null))
                .startsWith("Engine 'openai' is not available — choose a preset");
        assertThat(FailureReasons.explain("Lambda.ServiceException", "boom", null)).contains("internal problem");
        assertThat(FailureReasons.explain(null, null, null)).contains("unknown error");
        // throttled past the state machine's retries and waits: the seller learns it was load, not their photo
        assertThat(FailureReasons.explain("Lambda.TooManyRequestsException",
                "{\"errorMessage\":\"Rate Exceeded.\",\"errorType\":\"TooManyRequestsException\"}", null))
                .contains("stayed busy for over an hour").doesNotContain("internal problem");
    }
}
