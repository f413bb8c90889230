package dev.refinery.aws.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.refinery.application.SessionApi;
import dev.refinery.aws.Json;
import dev.refinery.application.ports.PatternLibrary;
import dev.refinery.aws.testing.Fixtures;
import dev.refinery.aws.testing.TestEngines;
import dev.refinery.domain.ConflictException;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.InvalidInputException;
import dev.refinery.domain.Session;
import dev.refinery.domain.Source;
import dev.refinery.domain.Stage;
import dev.refinery.pipeline.StartRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The prompt-pattern library: a seller's approval of a feedback round counts its words, once per round; the API offers them. */
class PatternSuggestionsTest {
    private static final String TENANT = "tenant-a";
    private final Fixtures.Memory mem = new Fixtures.Memory(Fixtures.config(), TestEngines.engines(),
            Clock.fixed(Instant.parse("2026-11-20T10:00:00Z"), ZoneOffset.UTC));

    /** A session whose round 1 asked {@code feedback} and made a lighting version; returns that version. */
    private ImageVersion roundOne(String sku, String feedback) {
        mem.images.put("uploads/tenant-a/" + sku + "/p.png", TestEngines.productPhoto(400, 300), "image/png", Map.of());
        var service = mem.wiring.service();
        Session s = service.start(new StartRequest(TENANT, null, sku, Source.upload(Fixtures.BUCKET, "uploads/tenant-a/" + sku + "/p.png", null),
                List.of("amazon-main"), "classic", "mugs", Map.of()));
        service.base(TENANT, s.id());
        service.complete(TENANT, s.id());
        mem.wiring.api().refine(TENANT, s.id(), new SessionApi.RefinementRequest(feedback));
        var edit = service.edit(TENANT, s.id(), Stage.LIGHTING, 0, feedback, Map.of("exposure", "+0.25"), true);
        service.complete(TENANT, s.id());
        return edit.version();
    }

    @Test
    void aSellersApprovalOfARoundCountsItsWordsOncePerRound() {
        ImageVersion first = roundOne("MUG-1", "a little brighter");
        mem.wiring.api().approve(TENANT, first.sessionId(), first.number());
        assertThatThrownBy(() -> mem.wiring.api().approve(TENANT, first.sessionId(), first.number())).isInstanceOf(ConflictException.class);
        ImageVersion second = roundOne("MUG-2", "A little brighter!");
        mem.wiring.api().approve(TENANT, second.sessionId(), second.number());

        List<PatternLibrary.Pattern> top = mem.wiring.api().patterns(TENANT, "mugs");
        assertThat(top).singleElement().satisfies(p -> {
            assertThat(p.feedback()).isEqualTo("a little brighter");
            assertThat(p.approvals()).isEqualTo(2);
            assertThat(p.operations()).containsExactly("lighting.brighter");
        });
        assertThat(mem.wiring.api().patterns("tenant-b", "mugs")).isEmpty();
        assertThatThrownBy(() -> mem.wiring.api().patterns(TENANT, " ")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void theApiOffersThemAsSuggestions() {
        ImageVersion v = roundOne("MUG-3", "make the product bigger and sharper");
        mem.wiring.api().approve(TENANT, v.sessionId(), v.number());
        var r = new ApiHandler(mem.wiring).handleRequest(Fixtures.api("GET", "/patterns?category=mugs", TENANT, null), null);
        assertThat(r.getStatusCode()).isEqualTo(200);
        var body = Json.tree(r.getBody());
        assertThat(body.path("category").asText()).isEqualTo("mugs");
        assertThat(body.path("patterns").get(0).path("feedback").asText()).isEqualTo("make the product bigger and sharper");
        assertThat(body.path("patterns").get(0).path("operations").toString()).contains("detail.sharper", "framing.bigger");
        assertThat(new ApiHandler(mem.wiring).handleRequest(Fixtures.api("GET", "/patterns", TENANT, null), null).getStatusCode()).isEqualTo(400);
    }
}
