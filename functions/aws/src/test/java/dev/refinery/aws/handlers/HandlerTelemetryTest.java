package dev.refinery.aws.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.databind.JsonNode;
import dev.refinery.aws.Engines;
import dev.refinery.aws.Wiring;
import dev.refinery.aws.observability.EmfTelemetryTest;
import dev.refinery.aws.observability.Observability;
import dev.refinery.aws.testing.Fixtures;
import dev.refinery.aws.testing.TestEngines;
import dev.refinery.domain.NotFoundException;
import dev.refinery.domain.Source;
import dev.refinery.pipeline.StartRequest;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the handlers emit for an operator: per stage duration, outcome and engine; sessions by status; review reasons. */
public class HandlerTelemetryTest {
    private final Fixtures.Memory mem = new Fixtures.Memory(Fixtures.config(),
            new Engines(List.of(new TestEngines.CutoutEngine("classic")), new TestEngines.DecodingIngestor(), new TestEngines.CentringFinisher()),
            Clock.systemUTC());
    private final Wiring wiring = mem.wiring.withTelemetry(Observability.telemetry("refinery-test"));

    /** A Lambda context as the runtime passes it: Powertools logging reads the function's name and request id. */
    public static Context lambdaContext(String requestId) {
        return new Context() {
            public String getAwsRequestId() { return requestId; }
            public String getLogGroupName() { return "/aws/lambda/refinery-test"; }
            public String getLogStreamName() { return "2026/12/06/[$LATEST]abc"; }
            public String getFunctionName() { return "refinery-test"; }
            public String getFunctionVersion() { return "7"; }
            public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:123456789012:function:refinery-test:live"; }
            public CognitoIdentity getIdentity() { return null; }
            public ClientContext getClientContext() { return null; }
            public int getRemainingTimeInMillis() { return 60_000; }
            public int getMemoryLimitInMB() { return 1024; }
            public LambdaLogger getLogger() { return null; }
        };
    }

    private Map<String, Object> input(String sessionId) {
        Map<String, Object> in = new HashMap<>();
        in.put("tenant", "acme");
        in.put("sessionId", sessionId);
        in.put("iteration", 0);
        return in;
    }

    @Test
    void everyStageInvocationEmitsItsDurationStageEngineAndOutcome() {
        mem.images.put("uploads/acme/SKU-1/photo.jpg", TestEngines.productPhoto(320, 240), "image/jpeg", Map.of());
        String id = wiring.service().start(new StartRequest("acme", "s-1", "SKU-1", Source.upload(Fixtures.BUCKET, "uploads/acme/SKU-1/photo.jpg", "v1"),
                List.of("amazon-main"), "classic", "generic", Map.of())).id();

        List<JsonNode> docs = EmfTelemetryTest.emf(() -> {
            new BaseStageHandler(wiring).handleRequest(input(id), lambdaContext("req-1"));
            new LightingStageHandler(wiring).handleRequest(input(id), lambdaContext("req-2"));
        });

        assertThat(docs).extracting(d -> d.path("Stage").asText() + "/" + d.path("Engine").asText() + "/" + d.path("Outcome").asText())
                .containsExactly("base/ingest/APPROVED", "lighting/classic/APPROVED");
        assertThat(docs).allSatisfy(d -> assertThat(d.path("StageDuration").isNumber()).isTrue());
        // a stage that fails is counted with its error's class, for what the state machine retries
        List<JsonNode> failed = EmfTelemetryTest.emf(() -> assertThatThrownBy(() ->
                new DetailStageHandler(wiring).handleRequest(input("no-such-session"), lambdaContext("req-3"))).isInstanceOf(NotFoundException.class));
        assertThat(failed).extracting(d -> d.path("Outcome").asText() + d.path("Error").asText()).containsExactly("ERROR", "NotFoundException");
    }

    @Test
    void aPublishedSessionCountsItsStatusAndTheChecksThatAskedForReview() {
        mem.images.put("uploads/acme/SKU-1/photo.jpg", TestEngines.productPhoto(320, 240), "image/jpeg", Map.of());
        String id = wiring.service().start(new StartRequest("acme", "s-2", "SKU-1", Source.upload(Fixtures.BUCKET, "uploads/acme/SKU-1/photo.jpg", "v1"),
                List.of("amazon-main"), "classic", "generic", Map.of())).id();
        Map<String, Object> in = new HashMap<>(input(id));
        in.put("outcome", "NEEDS_REVIEW");
        in.put("summary", "the cut-out may be wrong");
        in.put("failedChecks", List.of("cutout-edges", "colour"));

        List<JsonNode> docs = EmfTelemetryTest.emf(() -> new PublisherHandler(wiring).handleRequest(in, lambdaContext("req-4")));

        assertThat(docs).extracting(d -> d.path("Status").asText() + d.path("Check").asText())
                .containsExactly("NEEDS_REVIEW", "cutout-edges", "colour");
    }
}
