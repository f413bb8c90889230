package dev.refinery.aws.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.refinery.aws.Json;
import dev.refinery.application.ports.Telemetry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The EMF lines the handlers emit: their namespace, metric, unit and dimensions, as CloudWatch reads them. */
public class EmfTelemetryTest {

    /** Runs {@code body} and returns the EMF documents it printed on stdout. */
    public static List<JsonNode> emf(Runnable body) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setOut(original);
        }
        List<JsonNode> docs = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.contains("\"_aws\"")) {
                docs.add(Json.tree(line));
            }
        }
        return docs;
    }

    /** The metric names of a document, and its dimension sets as lists of names. */
    static List<String> metricNames(JsonNode doc) {
        List<String> names = new ArrayList<>();
        doc.path("_aws").path("CloudWatchMetrics").get(0).path("Metrics").forEach(m -> names.add(m.path("Name").asText()));
        return names;
    }

    static List<List<String>> dimensionSets(JsonNode doc) {
        List<List<String>> sets = new ArrayList<>();
        doc.path("_aws").path("CloudWatchMetrics").get(0).path("Dimensions").forEach(set -> {
            List<String> names = new ArrayList<>();
            set.forEach(n -> names.add(n.asText()));
            sets.add(names);
        });
        return sets;
    }

    @Test
    void aStageEmitsItsDurationByStageEngineAndOutcomeAndTheModelsCostByTenant() {
        Telemetry t = Observability.telemetry("refinery-background");
        List<JsonNode> docs = emf(() -> t.stageEnded("acme", "background", "openai", Telemetry.StageOutcome.APPROVED, 1234, 0.17, null));

        assertThat(docs).hasSize(2);
        JsonNode duration = docs.get(0);
        assertThat(duration.path("_aws").path("CloudWatchMetrics").get(0).path("Namespace").asText()).isEqualTo("Refinery");
        assertThat(metricNames(duration)).containsExactly("StageDuration");
        assertThat(duration.path("_aws").path("CloudWatchMetrics").get(0).path("Metrics").get(0).path("Unit").asText()).isEqualTo("Milliseconds");
        assertThat(dimensionSets(duration)).contains(List.of("Stage", "Engine", "Outcome"));
        assertThat(duration.path("Stage").asText()).isEqualTo("background");
        assertThat(duration.path("Engine").asText()).isEqualTo("openai");
        assertThat(duration.path("Outcome").asText()).isEqualTo("APPROVED");
        assertThat(duration.path("StageDuration").asDouble()).isEqualTo(1234.0);
        assertThat(duration.path("Service").asText()).isEqualTo("refinery-background");
        assertThat(duration.has("Tenant")).as("no tenant dimension on the stage metric").isFalse();

        JsonNode cost = docs.get(1);
        assertThat(metricNames(cost)).containsExactly("ModelCostUsd");
        assertThat(dimensionSets(cost)).contains(List.of("Tenant"), List.of("Engine"));
        assertThat(cost.path("Tenant").asText()).isEqualTo("acme");
        assertThat(cost.path("ModelCostUsd").asDouble()).isEqualTo(0.17);
    }

    @Test
    void aFailedStageCountsItsErrorAndTheClassicEngineCostsNothing() {
        Telemetry t = Observability.telemetry("refinery-lighting");
        List<JsonNode> docs = emf(() -> t.stageEnded("acme", "lighting", "classic", Telemetry.StageOutcome.ERROR, 80, 0, "TransientRefineryException"));

        assertThat(docs).extracting(EmfTelemetryTest::metricNames).containsExactly(List.of("StageDuration"), List.of("StageErrors"));
        assertThat(docs.get(1).path("Error").asText()).isEqualTo("TransientRefineryException");
        assertThat(dimensionSets(docs.get(1))).contains(List.of("Stage", "Error"));
    }

    @Test
    void aSessionsEndCountsItsStatusAndEachCheckThatAskedForReview() {
        Telemetry t = Observability.telemetry("refinery-publisher");
        List<JsonNode> docs = emf(() -> t.sessionEnded("acme", "NEEDS_REVIEW", List.of("cutout-edges", "colour")));

        assertThat(docs).extracting(EmfTelemetryTest::metricNames)
                .containsExactly(List.of("SessionsEnded"), List.of("NeedsReviewChecks"), List.of("NeedsReviewChecks"));
        assertThat(docs.get(0).path("Status").asText()).isEqualTo("NEEDS_REVIEW");
        assertThat(docs.subList(1, 3)).extracting(d -> d.path("Check").asText()).containsExactly("cutout-edges", "colour");
    }

    @Test
    void outsideLambdaAndWithoutAnEmfEnvironmentNothingIsEmitted() {
        assertThat(Observability.fromEnvironment(java.util.Map.of())).isSameAs(Telemetry.NONE);
        assertThat(Observability.fromEnvironment(java.util.Map.of("AWS_LAMBDA_FUNCTION_NAME", "refinery-api"))).isInstanceOf(EmfTelemetry.class);
    }
}
