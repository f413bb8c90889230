package dev.refinery.aws.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import dev.refinery.aws.Json;
import dev.refinery.application.UploadIntake;
import dev.refinery.aws.testing.Fixtures;
import dev.refinery.domain.InvalidInputException;
import dev.refinery.testkit.RealWorldMaterial;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every third-party sample event (../shared/realworld/events) either parses and routes to the
 * handler that takes it, with the expected result, or is refused with a reason. Skipped, with a
 * message, when the folder is absent.
 */
class RealWorldEventsTest {
    private final Fixtures.Memory mem = new Fixtures.Memory();

    @TestFactory
    Stream<DynamicTest> everySampleEventParsesAndRoutesOrIsRefused() throws IOException {
        Path dir = RealWorldMaterial.folderOrWorkplace().resolve("events");
        assumeTrue(Files.isDirectory(dir), "third-party sample events not found at " + dir + " (set -Drefinery.realworld=...): skipped");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> route(f)));
    }

    @SuppressWarnings("unchecked")
    private void route(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        JsonNode tree = Json.tree(new String(bytes));
        EventKind kind = EventKind.of(tree);
        switch (kind) {
            case S3_NOTIFICATION, S3_EVENTBRIDGE -> {
                Map<String, Object> answer = new UploadTriggerHandler(mem.wiring).handle(bytes);
                List<UploadIntake.Result> results = (List<UploadIntake.Result>) answer.get("results");
                assertThat(results).isNotEmpty();
                // The samples upload to example-bucket outside uploads/: parsed, then ignored with the reason.
                for (UploadIntake.Result r : results) {
                    assertThat(r.key()).isNotBlank();
                    assertThat(r.outcome()).isIn(UploadIntake.Outcome.IGNORED, UploadIntake.Outcome.REJECTED);
                    assertThat(r.reason()).isNotBlank();
                }
                assertThat(mem.starter.calls()).isEmpty();
            }
            case SCHEDULED_RULE, SCHEDULER -> {
                var report = new CatalogRefreshHandler(mem.wiring).handle(new String(bytes));
                assertThat(report.runId()).isEqualTo(tree.get("id").asText());
                assertThat(report.scanned()).isZero();
            }
            case API_REST -> {
                APIGatewayProxyRequestEvent req = LambdaEventSerializers.serializerFor(APIGatewayProxyRequestEvent.class,
                        getClass().getClassLoader()).fromJson(new ByteArrayInputStream(bytes));
                APIGatewayProxyResponseEvent res = new ApiHandler(mem.wiring).handleRequest(req, null);
                // No Cognito claims in the samples: refused before any route.
                assertThat(res.getStatusCode()).isEqualTo(401);
                assertThat(Json.tree(res.getBody()).get("message").asText()).isEqualTo("The request carries no tenant");
            }
            case API_HTTP_V2 -> {
                APIGatewayProxyRequestEvent req = LambdaEventSerializers.serializerFor(APIGatewayProxyRequestEvent.class,
                        getClass().getClassLoader()).fromJson(new ByteArrayInputStream(bytes));
                APIGatewayProxyResponseEvent res = new ApiHandler(mem.wiring).handleRequest(req, null);
                assertThat(res.getStatusCode()).isEqualTo(400);
                assertThat(Json.tree(res.getBody()).get("hint").asText()).contains("REST API");
            }
            case UNKNOWN -> {
                assertThatThrownBy(() -> new CatalogRefreshHandler(mem.wiring).handle(new String(bytes))).isInstanceOf(InvalidInputException.class);
                Map<String, Object> answer = new UploadTriggerHandler(mem.wiring).handle(bytes);
                assertThat(((List<UploadIntake.Result>) answer.get("results")).get(0).reason()).contains("not an S3 object-created event");
            }
        }
    }
}
