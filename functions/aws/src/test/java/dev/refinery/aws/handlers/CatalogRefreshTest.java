package dev.refinery.aws.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.refinery.application.FeedbackRounds;
import dev.refinery.application.PresetFingerprint;
import dev.refinery.application.RecipeReplay;
import dev.refinery.aws.Engines;
import dev.refinery.aws.testing.Fixtures;
import dev.refinery.domain.InvalidInputException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogRefreshTest {
    private final Instant now = Instant.parse("2026-11-20T10:00:00Z");
    private final Fixtures.Memory mem = new Fixtures.Memory(Fixtures.config(), Engines.forControl(Fixtures.config()), Clock.fixed(now, ZoneOffset.UTC));
    private final CatalogRefreshHandler handler = new CatalogRefreshHandler(mem.wiring);

    private static String rule(String id, String detail) {
        return "{\"version\":\"0\",\"id\":\"" + id + "\",\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\","
                + "\"time\":\"2026-11-20T10:00:00Z\",\"region\":\"us-east-1\",\"resources\":[],\"detail\":" + detail + "}";
    }

    private static String scheduler(String id, String detailString) {
        return "{\"version\":\"0\",\"id\":\"" + id + "\",\"detail-type\":\"Scheduled Event\",\"source\":\"aws.scheduler\","
                + "\"time\":\"2026-11-20T10:00:00Z\",\"region\":\"us-east-1\",\"resources\":[],\"detail\":\"" + detailString.replace("\"", "\\\"") + "\"}";
    }

    private void item(String tenant, String sku, boolean refreshedNow, String templateVersion, Instant refinedAt) {
        mem.catalog.registerUpload(tenant, sku, Fixtures.BUCKET, "uploads/" + tenant + "/" + sku + "/p.jpg", List.of("amazon-main"), "generic", now);
        if (refreshedNow) {
            mem.catalog.markRefined(tenant, sku, "old", refinedAt, templateVersion,
                    PresetFingerprint.of(mem.wiring.service().presets(), "acme", List.of("amazon-main")));
        }
    }

    @Test
    void aBrandKitChangeMakesTheItemsThatUseItStale() {
        var kits = mem.wiring.brandKits();
        kits.add(new dev.refinery.domain.BrandKit("acme", 1, 0xFFFFFF, 0.1, 1600, dev.refinery.domain.ImageFormat.JPEG, false, false, now));
        mem.catalog.putItem("acme", "BRANDED", List.of("brand-site"), "generic", null, Fixtures.BUCKET, "uploads/acme/BRANDED/p.jpg", now);
        mem.catalog.markRefined("acme", "BRANDED", "old", now.minus(Duration.ofDays(1)), "1",
                PresetFingerprint.of(mem.wiring.service().presets(), "acme", List.of("brand-site")));
        assertThat(handler.handle(rule("run-kit-1", "{}")).started()).as("fresh under kit v1").isZero();

        kits.add(new dev.refinery.domain.BrandKit("acme", 2, 0x102030, 0.1, 1600, dev.refinery.domain.ImageFormat.JPEG, false, false, now));
        var report = handler.handle(rule("run-kit-2", "{}"));
        assertThat(report.started()).as("kit v2 marks it for the refresh").isEqualTo(1);
        String session = report.startedSessions().get(0);
        assertThat(mem.wiring.service().session("acme", session).presets()).containsExactly("brand-site@2");
    }

    @Test
    void freshItemsAreLeftAloneAndStaleOnesStartWithTheReasonCounted() {
        item("acme", "FRESH", true, "1", now.minus(Duration.ofDays(1)));
        item("acme", "OLD", true, "1", now.minus(Duration.ofDays(400)));
        item("acme", "TEMPLATE", true, "0", now.minus(Duration.ofDays(1)));
        item("globex", "NEVER", false, null, null);
        mem.catalog.putItem("globex", "PRESETS", List.of("amazon-main"), "generic", "a red mug", null, null, now);
        mem.catalog.markRefined("globex", "PRESETS", "old", now, "1", "fingerprint-of-other-presets");
        mem.catalog.putItem("globex", "NOSOURCE", List.of("walmart"), "generic", null, null, null, now);

        var report = handler.handle(rule("run-1", "{}"));

        assertThat(report.scanned()).isEqualTo(6);
        assertThat(report.stale()).isEqualTo(5);
        assertThat(report.started()).isEqualTo(4);
        assertThat(report.noSource()).isEqualTo(1);
        assertThat(report.deferred()).isZero();
        assertThat(mem.starter.executions()).hasSize(4);
        assertThat(mem.catalog.findItem("acme", "OLD").orElseThrow().lastRefinedAt()).isEqualTo(now);
        assertThat(mem.sessions.find("globex", mem.catalog.findItem("globex", "PRESETS").orElseThrow().lastSessionId())
                .orElseThrow().source().prompt()).isEqualTo("a red mug");

        var again = handler.handle(rule("run-2", "{}"));
        assertThat(again.stale()).isEqualTo(1);
        assertThat(again.started()).isZero();
    }

    @Test
    void batchesAreBoundedAndTheRestDeferredToTheNextRun() {
        for (int i = 0; i < 7; i++) {
            item("acme", "SKU-" + i, false, null, null);
        }
        var first = handler.handle(scheduler("sched-1", "{\"batchSize\":3}"));
        assertThat(first.started()).isEqualTo(3);
        assertThat(first.deferred()).isEqualTo(4);
        var second = handler.handle(scheduler("sched-2", "{\"batchSize\":3}"));
        assertThat(second.started()).isEqualTo(3);
        assertThat(second.deferred()).isEqualTo(1);
        assertThat(handler.handle(scheduler("sched-3", "{}")).started()).isEqualTo(1);
        assertThat(mem.starter.executions()).hasSize(7);
    }

    @Test
    void aRedeliveredScheduleEventStartsNothingTwice() {
        item("acme", "SKU-1", false, null, null);
        var first = handler.handle(rule("run-1", "{}"));
        mem.catalog.markRefined("acme", "SKU-1", "x", null, "1", "y");
        var repeat = handler.handle(rule("run-1", "{}"));
        assertThat(repeat.startedSessions()).isEqualTo(first.startedSessions());
        assertThat(mem.starter.executions()).hasSize(1);
        assertThat(mem.starter.calls()).hasSize(2);
    }

    @Test
    void otherEventsAndBadBatchSizesAreRefused() {
        assertThatThrownBy(() -> handler.handle(Fixtures.objectCreated("b", "k", 1, "1"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("scheduled events");
        assertThatThrownBy(() -> handler.handle(rule("r", "{\"batchSize\":0}"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("batchSize");
    }

    @Test
    void aRefreshedSessionCarriesTheApprovedRoundsOfTheItemsLastSession() {
        Fixtures.Memory m = new Fixtures.Memory(Fixtures.config(), dev.refinery.aws.testing.TestEngines.engines(), Clock.fixed(now, ZoneOffset.UTC));
        m.images.put("uploads/acme/MUG/p.png", dev.refinery.aws.testing.TestEngines.productPhoto(400, 300), "image/png", Map.of());
        var service = m.wiring.service();
        var last = service.start(new dev.refinery.pipeline.StartRequest("acme", null, "MUG",
                dev.refinery.domain.Source.upload(Fixtures.BUCKET, "uploads/acme/MUG/p.png", null), List.of("amazon-main"), "classic", "generic", Map.of()));
        service.base("acme", last.id());
        service.complete("acme", last.id());
        // the seller's round 1: a little brighter, kept (its lighting version is the head)
        var plan = dev.refinery.feedback.RoundPlanning.plan(service.session("acme", last.id()), service.versions("acme", last.id()),
                service.presets(), "a little brighter");
        new FeedbackRounds(service, m.events, m.starter, Clock.fixed(now, ZoneOffset.UTC))
                .start("acme", last.id(), "a little brighter", plan, service.versions("acme", last.id()), "seller");
        service.edit("acme", last.id(), dev.refinery.domain.Stage.LIGHTING, 0, "a little brighter", Map.of("exposure", "+0.25"), true);
        service.complete("acme", last.id());
        m.catalog.registerUpload("acme", "MUG", Fixtures.BUCKET, "uploads/acme/MUG/p.png", List.of("amazon-main"), "generic", now);
        m.catalog.markRefined("acme", "MUG", last.id(), now.minus(Duration.ofDays(400)), "1",
                PresetFingerprint.of(service.presets(), "acme", List.of("amazon-main")));

        var report = new CatalogRefreshHandler(m.wiring).handle(rule("run-9", "{}"));

        String fresh = report.startedSessions().get(0);
        assertThat(m.events.events("acme", fresh)).filteredOn(e -> e.type().equals(RecipeReplay.RECIPE)).singleElement()
                .satisfies(e -> {
                    assertThat(e.detail().get("rounds")).isEqualTo("[\"a little brighter\"]");
                    assertThat(e.detail().get("from")).isEqualTo(last.id());
                });
    }
}
