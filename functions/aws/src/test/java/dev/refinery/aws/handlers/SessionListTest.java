package dev.refinery.aws.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refinery.aws.Json;
import dev.refinery.aws.testing.Fixtures;
import dev.refinery.domain.Session;
import dev.refinery.domain.SessionStatus;
import dev.refinery.domain.Source;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GET /sessions without a SKU: the tenant's sessions newest first, a page at a time (what the web app lists). */
class SessionListTest {
    private static final String TENANT = "tenant-a";
    private final Fixtures.Memory mem = new Fixtures.Memory();
    private Instant created = Instant.parse("2026-12-06T10:00:00Z");

    /** A session of the tenant created a minute after the previous one. */
    private String start(String tenant, String sku) {
        created = created.plusSeconds(60);
        return mem.sessions.create(new Session(tenant, java.util.UUID.randomUUID().toString(), sku,
                Source.upload(Fixtures.BUCKET, "uploads/" + tenant + "/" + sku + "/p.png", null), List.of("amazon-main"), "classic", null,
                Map.of(), SessionStatus.PENDING, null, 0, 0, Map.of(), 0, created, created)).id();
    }

    private com.fasterxml.jackson.databind.JsonNode get(String path, int status) {
        var r = new ApiHandler(mem.wiring).handleRequest(Fixtures.api("GET", path, TENANT, null), null);
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(status);
        return Json.tree(r.getBody());
    }

    @Test
    void theTenantsSessionsComeNewestFirstAPageAtATime() {
        List<String> started = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            started.add(start(TENANT, "MUG-" + i));
        }
        start("tenant-b", "MUG-0");

        var first = get("/sessions?limit=2", 200);
        assertThat(first.path("sessions")).extracting(s -> s.path("id").asText()).containsExactly(started.get(2), started.get(1));
        String next = first.path("next").asText();
        assertThat(next).isNotBlank();
        var second = get("/sessions?limit=2&cursor=" + URLEncoder.encode(next, StandardCharsets.UTF_8), 200);
        assertThat(second.path("sessions")).extracting(s -> s.path("id").asText()).containsExactly(started.get(0));
        assertThat(second.path("next").isNull()).as("the last page").isTrue();
        // the default page holds them all; another tenant's never appear
        assertThat(get("/sessions", 200).path("sessions")).hasSize(3)
                .allSatisfy(s -> assertThat(s.path("tenant").asText()).isEqualTo(TENANT));
        // with a SKU: that SKU's sessions, as before
        assertThat(get("/sessions?sku=MUG-1", 200).path("sessions")).extracting(s -> s.path("id").asText()).containsExactly(started.get(1));
    }

    @Test
    void aBadLimitOrCursorIsAClearError() {
        assertThat(get("/sessions?limit=0", 400).path("message").asText()).contains("limit must be a whole number from 1 to 100");
        assertThat(get("/sessions?limit=many", 400).path("hint").asText()).contains("pages of 20");
        assertThat(get("/sessions?cursor=not-ours", 400).path("message").asText()).contains("cursor is not one this API gave");
    }
}
