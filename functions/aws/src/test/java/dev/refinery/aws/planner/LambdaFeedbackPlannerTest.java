package dev.refinery.aws.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.refinery.aws.Json;
import dev.refinery.aws.handlers.FeedbackPlannerHandler;
import dev.refinery.aws.testing.Fixtures;
import dev.refinery.domain.EngineUnavailableException;
import dev.refinery.domain.PresetCatalog;
import dev.refinery.domain.Stage;
import dev.refinery.domain.TransientRefineryException;
import dev.refinery.feedback.ClassicGrammar;
import dev.refinery.feedback.FeedbackPlan;
import dev.refinery.feedback.PlanContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * The API's planner and the planner function over the Lambda Invoke API: the SDK's real request against an
 * Invoke endpoint on 127.0.0.1 that runs {@link FeedbackPlannerHandler} in this process (as Lambda would run it),
 * so the plan's JSON makes the round trip both ways. The stage wiring here has the classic engine, whose grammar
 * the handler answers with; the openai engine's model planner is tested against the fake API in engine-openai.
 */
class LambdaFeedbackPlannerTest {
    private static final String FUNCTION = "arn:aws:lambda:us-east-1:000000000000:function:refinery-planner:live";
    private final PresetCatalog presets = PresetCatalog.bundled();
    /** The stage package's wiring: the classic engine, and an "openai" one with fixed prices (its own are OpenAiEngineTest's). */
    private final Fixtures.Memory stages = new Fixtures.Memory(Fixtures.config(), new dev.refinery.aws.Engines(List.of(
            new dev.refinery.aws.testing.TestEngines.CutoutEngine("classic"), new PricedEngine()), new dev.refinery.aws.testing.TestEngines.DecodingIngestor(),
            new dev.refinery.aws.testing.TestEngines.CentringFinisher()), java.time.Clock.systemUTC());

    static final class PricedEngine implements dev.refinery.engine.RefinementEngine {
        @Override
        public String id() {
            return "openai";
        }

        @Override
        public dev.refinery.engine.EditResult edit(Stage stage, dev.refinery.engine.EditRequest request) {
            throw new UnsupportedOperationException("only priced here");
        }

        @Override
        public dev.refinery.engine.CostEstimate estimate(dev.refinery.engine.EstimateRequest r) {
            return new dev.refinery.engine.CostEstimate(0.46, 2.76, 3, 18, Map.of("lighting", new dev.refinery.engine.CostEstimate.Range(0.15, 0.31),
                    "scene:lifestyle", new dev.refinery.engine.CostEstimate.Range(0.16, 0.32)), 24.5, "fixed test prices for " + r.presets());
        }
    }
    private final List<String> invoked = new CopyOnWriteArrayList<>();
    private volatile String failWith;
    private HttpServer server;
    private LambdaClient lambda;

    @BeforeEach
    void start() throws IOException {
        FeedbackPlannerHandler handler = new FeedbackPlannerHandler(stages.wiring);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/2015-03-31/functions/", exchange -> {
            String path = exchange.getRequestURI().getRawPath();
            invoked.add(java.net.URLDecoder.decode(path, StandardCharsets.UTF_8));
            byte[] body;
            int status = 200;
            if (failWith != null) {
                // a Java function's unhandled error, as Lambda reports it: 200 with X-Amz-Function-Error
                exchange.getResponseHeaders().add("X-Amz-Function-Error", "Unhandled");
                body = Json.write(Map.of("errorType", failWith, "errorMessage", "Tenant tenant-a has spent $25.0000 of its $25.00 cap",
                        "stackTrace", List.of())).getBytes(StandardCharsets.UTF_8);
            } else {
                @SuppressWarnings("unchecked")
                Map<String, Object> in = Json.MAPPER.readValue(exchange.getRequestBody(), Map.class);
                body = Json.write(handler.handleRequest(in, null)).getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        lambda = LambdaClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterEach
    void stop() {
        lambda.close();
        server.stop(0);
    }

    private PlanContext context() {
        return new PlanContext("classic", List.of(presets.get("amazon-main")), Map.of("amazon-main", 0.87), "tenant-a");
    }

    @Test
    void thePlanMakesTheRoundTripWithItsStepsHintsAndDeclinedRequests() {
        LambdaFeedbackPlanner planner = new LambdaFeedbackPlanner(lambda, FUNCTION);
        FeedbackPlan remote = planner.plan("a little brighter, make it bigger and make the background pink", context());
        FeedbackPlan local = new ClassicGrammar().plan("a little brighter, make it bigger and make the background pink", context());

        assertThat(remote).isEqualTo(local);
        assertThat(remote.steps()).extracting(FeedbackPlan.Step::stage).containsExactly(Stage.LIGHTING, Stage.FINALIZE);
        assertThat(remote.hints()).containsEntry("lighting.exposure", "+0.25").containsEntry("lighting.expect", "brighter");
        assertThat(remote.declined()).singleElement().satisfies(d -> assertThat(d.reason()).contains("pure white background"));
        assertThat(invoked).singleElement().satisfies(p -> assertThat(p).contains(FUNCTION).endsWith("/invocations"));
    }

    @Test
    void capabilitiesAreAskedOncePerEngineAndPresets() {
        LambdaFeedbackPlanner planner = new LambdaFeedbackPlanner(lambda, FUNCTION);
        List<String> first = planner.capabilities(context());
        List<String> again = planner.capabilities(context());
        assertThat(first).isEqualTo(again).isEqualTo(new ClassicGrammar().capabilities(context()));
        assertThat(invoked).hasSize(1);
    }

    @Test
    void thePlannersErrorsBecomeTheApisAnswers() {
        LambdaFeedbackPlanner planner = new LambdaFeedbackPlanner(lambda, FUNCTION);
        failWith = "dev.refinery.openai.SpendingCapExceededException";
        assertThatThrownBy(() -> planner.plan("brighter", context()))
                .isInstanceOf(dev.refinery.domain.BudgetExceededException.class).hasMessageContaining("of its $25.00 cap");
        failWith = "dev.refinery.domain.EngineUnavailableException";
        assertThatThrownBy(() -> planner.plan("brighter", context())).isInstanceOf(EngineUnavailableException.class);
        failWith = "java.lang.IllegalStateException";
        assertThatThrownBy(() -> planner.plan("brighter", context()))
                .isInstanceOf(TransientRefineryException.class).hasMessageContaining("ask again in a moment");
        server.stop(0);
        assertThatThrownBy(() -> planner.plan("brighter", context()))
                .isInstanceOf(TransientRefineryException.class).hasMessageContaining("could not be reached");
    }

    @Test
    void anEstimateMakesTheRoundTripAsTheStagePackagePricedIt() {
        LambdaFeedbackPlanner planner = new LambdaFeedbackPlanner(lambda, FUNCTION);
        var work = dev.refinery.engine.EstimateRequest.firstPass("tenant-a", List.of("amazon-main", "lifestyle"), false, 1600, 1200, 2);
        var remote = planner.estimate("openai", work);
        assertThat(remote).isEqualTo(stages.wiring.service().estimate("openai", work));
        assertThat(remote.parts()).containsKeys("lighting", "scene:lifestyle");
        assertThat(remote.capRemainingUsd()).isEqualTo(24.5);
        // the control package's openai engine prices through it; its classic engine is free without asking
        var control = dev.refinery.aws.Engines.forControl(dev.refinery.aws.config.RefineryConfig.from(Fixtures.env(Map.of("REFINERY_ENGINES", "classic,openai"))), planner);
        assertThat(control.engine("openai").orElseThrow().estimate(work).highUsd()).isEqualTo(2.76);
        invoked.clear();
        assertThat(control.engine("classic").orElseThrow().estimate(work).highUsd()).isZero();
        assertThat(invoked).isEmpty();
    }
}
