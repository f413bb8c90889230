package dev.refinery.aws.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.refinery.aws.Engines;
import dev.refinery.aws.Json;
import dev.refinery.aws.config.RefineryConfig;
import dev.refinery.aws.testing.Fixtures;
import dev.refinery.aws.testing.OpenApiResponses;
import dev.refinery.aws.testing.TestEngines;
import dev.refinery.domain.Stage;
import dev.refinery.engine.EditRequest;
import dev.refinery.engine.EditResult;
import dev.refinery.engine.RefinementEngine;
import dev.refinery.engine.SpendCaps;
import dev.refinery.ports.memory.InMemorySpendTotals;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GET /spend (the tenant's AI spending against its cap) and a prompt start the engine cannot make. */
class SpendAndPromptApiTest {
    private static final Clock NOVEMBER = Clock.fixed(Instant.parse("2026-11-20T10:00:00Z"), ZoneOffset.UTC);
    private static final OpenApiResponses DOCUMENT = new OpenApiResponses();

    private final InMemorySpendTotals totals = new InMemorySpendTotals();

    private ApiHandler api(Map<String, String> env) {
        Fixtures.Memory mem = new Fixtures.Memory(RefineryConfig.from(Fixtures.env(env)), TestEngines.engines(), NOVEMBER);
        return new ApiHandler(mem.wiring.withSpend(totals));
    }

    private static JsonNode spend(ApiHandler api, String tenant) {
        APIGatewayProxyResponseEvent r = api.handleRequest(Fixtures.api("GET", "/spend", tenant, null), null);
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
        assertThat(DOCUMENT.problems("GET", "/spend", r.getStatusCode(), r.getBody())).isEmpty();
        return Json.tree(r.getBody());
    }

    @Test
    void withOnlyTheClassicEngineThereIsNoCapToShowButTheSpendingIsTheTenantsOwn() {
        ApiHandler api = api(Map.of("REFINERY_OPENAI_TENANT_CAP_USD", "10"));
        totals.add("acme", 0.5);
        JsonNode acme = spend(api, "acme");
        assertThat(acme.get("month").asText()).isEqualTo("2026-11");
        assertThat(acme.get("spentUsd").asDouble()).isEqualTo(0.5);
        assertThat(acme.get("capUsd").isNull()).as("classic only: free, nothing to cap").isTrue();
        assertThat(acme.get("remainingUsd").isNull()).isTrue();
        assertThat(spend(api, "globex").get("spentUsd").asDouble()).isZero();
    }

    @Test
    void withTheOpenaiEngineDeployedEachTenantSeesItsOwnCapAndWhatItLeaves() {
        ApiHandler api = api(Map.of("REFINERY_ENGINES", "classic,openai", "REFINERY_OPENAI_TENANT_CAPS", "acme=40, tiny=1"));
        totals.add("acme", 12.5);
        totals.add("tiny", 3);
        JsonNode acme = spend(api, "acme");
        assertThat(acme.get("capUsd").asDouble()).isEqualTo(40);
        assertThat(acme.get("spentUsd").asDouble()).isEqualTo(12.5);
        assertThat(acme.get("remainingUsd").asDouble()).isEqualTo(27.5);
        JsonNode globex = spend(api, "globex");
        assertThat(globex.get("capUsd").asDouble()).as("the default cap").isEqualTo(SpendCaps.DEFAULT_USD);
        assertThat(globex.get("remainingUsd").asDouble()).isEqualTo(SpendCaps.DEFAULT_USD);
        // over the cap (calls in flight may overrun it a little): nothing remains, never a negative figure
        assertThat(spend(api, "tiny").get("remainingUsd").asDouble()).isZero();
    }

    @Test
    void aDefaultCapOfNoneLeavesTenantsWithoutAnOverrideUncapped() {
        ApiHandler api = api(Map.of("REFINERY_ENGINES", "classic,openai", "REFINERY_OPENAI_TENANT_CAP_USD", "none",
                "REFINERY_OPENAI_TENANT_CAPS", "acme=40"));
        assertThat(spend(api, "globex").get("capUsd").isNull()).isTrue();
        assertThat(spend(api, "acme").get("capUsd").asDouble()).isEqualTo(40);
    }

    @Test
    void theCapsAreReadAsTheOpenaiEngineReadsThem() {
        assertThat(SpendCaps.parse(null, null).capUsd("x")).isEqualTo(25);
        assertThat(SpendCaps.parse("none", "a=1.5").of("x")).isEmpty();
        assertThat(SpendCaps.parse("none", "a=1.5").of("a")).hasValue(1.5);
        assertThatThrownBy(() -> RefineryConfig.from(Fixtures.env(Map.of("REFINERY_OPENAI_TENANT_CAPS", "acme"))))
                .hasMessageContaining("REFINERY_OPENAI_TENANT_CAPS");
        assertThatThrownBy(() -> RefineryConfig.from(Fixtures.env(Map.of("REFINERY_OPENAI_TENANT_CAP_USD", "-3"))))
                .hasMessageContaining("REFINERY_OPENAI_TENANT_CAP_USD");
    }

    @Test
    void aPromptOnTheClassicEngineIsRefusedInWordsAndStartsNothing() {
        Fixtures.Memory mem = new Fixtures.Memory(RefineryConfig.from(Fixtures.env(Map.of())), TestEngines.engines(), NOVEMBER);
        ApiHandler api = new ApiHandler(mem.wiring);
        APIGatewayProxyResponseEvent r = api.handleRequest(Fixtures.api("POST", "/sessions", "acme",
                Map.of("prompt", "a blue enamel mug", "presets", List.of("amazon-main"), "engine", "classic",
                        "facts", Map.of("material", "enamel"))), null);
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(400);
        assertThat(DOCUMENT.problems("POST", "/sessions", r.getStatusCode(), r.getBody())).isEmpty();
        JsonNode body = Json.tree(r.getBody());
        assertThat(body.get("error").asText()).isEqualTo("engine_unavailable");
        assertThat(body.get("message").asText()).isEqualTo("The classic engine cannot generate an image from a prompt");
        assertThat(body.get("hint").asText()).contains("upload a photo");
        assertThat(mem.starter.calls()).isEmpty();
        assertThat(mem.sessions.page("acme", 10, null).sessions()).isEmpty();
    }

    @Test
    void aPromptOnAnEngineThatGeneratesStartsASessionWithTheSellersFacts() {
        RefinementEngine generating = new RefinementEngine() {
            @Override
            public String id() {
                return "openai";
            }

            @Override
            public EditResult edit(Stage stage, EditRequest request) {
                throw new UnsupportedOperationException("not called: the session is only started here");
            }

            @Override
            public boolean generatesFromPrompt() {
                return true;
            }
        };
        Engines engines = TestEngines.engines();
        Fixtures.Memory mem = new Fixtures.Memory(RefineryConfig.from(Fixtures.env(Map.of())),
                new Engines(List.of(engines.engines().get(0), generating), engines.ingestor(), engines.finisher()), NOVEMBER);
        ApiHandler api = new ApiHandler(mem.wiring);
        APIGatewayProxyResponseEvent r = api.handleRequest(Fixtures.api("POST", "/sessions", "acme",
                Map.of("prompt", "a blue enamel mug", "sku", "MUG-1", "presets", List.of("amazon-main"), "engine", "openai",
                        "category", "Home & Kitchen", "facts", Map.of("material", "enamel", "colour", "blue"))), null);
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(202);
        assertThat(DOCUMENT.problems("POST", "/sessions", r.getStatusCode(), r.getBody())).isEmpty();
        var session = mem.sessions.find("acme", Json.tree(r.getBody()).get("sessionId").asText()).orElseThrow();
        assertThat(session.facts()).containsEntry("material", "enamel").containsEntry("colour", "blue");
        assertThat(session.category()).isEqualTo("Home & Kitchen");
        assertThat(session.source().prompt()).isEqualTo("a blue enamel mug");
        assertThat(mem.starter.calls()).hasSize(1);
    }
}
