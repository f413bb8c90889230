package dev.refinery.aws.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refinery.application.ApprovedRecipe;
import dev.refinery.application.FeedbackRounds;
import dev.refinery.application.RecipeReplay;
import dev.refinery.aws.Engines;
import dev.refinery.application.ports.ExecutionInput;
import dev.refinery.application.ports.RefinementEvent;
import dev.refinery.application.ports.SessionEvent;
import dev.refinery.aws.testing.Fixtures;
import dev.refinery.aws.testing.TestEngines;
import dev.refinery.domain.Approval;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.Session;
import dev.refinery.domain.SessionStatus;
import dev.refinery.domain.Source;
import dev.refinery.domain.Stage;
import dev.refinery.domain.VersionSlot;
import dev.refinery.pipeline.StartRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The catalog refresh's replay of the approved rounds: which rounds are kept, and the rounds started one after another. */
class RecipeReplayTest {
    private static final String TENANT = "tenant-a";
    private final Instant now = Instant.parse("2026-11-20T10:00:00Z");
    private final Fixtures.Memory mem = new Fixtures.Memory(Fixtures.config(), TestEngines.engines(), Clock.fixed(now, ZoneOffset.UTC));

    private static ImageVersion version(int n, int parent, int round, Stage stage, String preset, Approval approval) {
        return new ImageVersion(TENANT, "s1", n, parent, new VersionSlot(round, 0, stage, preset), "classic", "k" + n, "image/png", null,
                Map.of(), Map.of(), 1, 0, approval, null, Instant.EPOCH, false);
    }

    private static SessionEvent requested(int round, String feedback) {
        return new SessionEvent(TENANT, "s1", Instant.EPOCH.plusSeconds(round), FeedbackRounds.ROUND_REQUESTED,
                Map.of("round", String.valueOf(round), "feedback", feedback));
    }

    @Test
    void theRecipeIsTheRoundsKeptInTheHeadsLineageAndTheFinals() {
        List<ImageVersion> v = new ArrayList<>(List.of(
                version(1, 0, 0, Stage.BASE, null, Approval.APPROVED),
                version(2, 1, 0, Stage.LIGHTING, null, Approval.APPROVED),
                version(3, 2, 0, Stage.BACKGROUND, null, Approval.APPROVED),
                version(4, 3, 0, Stage.DETAIL, null, Approval.APPROVED),
                version(5, 4, 0, Stage.FINALIZE, "amazon-main", Approval.APPROVED),
                // round 1: brighter, kept (the head descends from it)
                version(6, 4, 1, Stage.LIGHTING, null, Approval.APPROVED),
                version(7, 6, 1, Stage.FINALIZE, "amazon-main", Approval.APPROVED),
                // round 2: bigger, a reframing (no edit); the finals come from it
                version(8, 6, 2, Stage.FINALIZE, "amazon-main", Approval.APPROVED),
                // round 3: sharper, then reverted away (the head went back to version 6)
                version(9, 6, 3, Stage.DETAIL, null, Approval.APPROVED),
                version(10, 9, 3, Stage.FINALIZE, "amazon-main", Approval.APPROVED)));
        Session s = new Session(TENANT, "s1", "sku", Source.upload("b", "uploads/tenant-a/sku/p.jpg", null), List.of("amazon-main"), "classic",
                "generic", Map.of(), SessionStatus.COMPLETED, null, 4, 6, Map.of("amazon-main", 8), 0, Instant.EPOCH, Instant.EPOCH);
        List<SessionEvent> events = List.of(requested(1, "a little brighter"), requested(2, "make the product bigger"), requested(3, "sharper"),
                new SessionEvent(TENANT, "s1", Instant.EPOCH, FeedbackRounds.ROUND_REQUESTED, Map.of("round", "4", "plan", "re-render after a revert")));

        assertThat(ApprovedRecipe.of(s, v, events)).containsExactly("a little brighter", "make the product bigger");
    }

    @Test
    void aRefreshedSessionReplaysTheRoundsOneAfterAnotherAndEndsNeedsReviewForWhatTheNewPresetForbids() {
        mem.images.put("uploads/tenant-a/sku-1/p.png", TestEngines.productPhoto(400, 300), "image/png", Map.of());
        var service = mem.wiring.service();
        Session s = service.start(new StartRequest(TENANT, null, "sku-1", Source.upload(Fixtures.BUCKET, "uploads/tenant-a/sku-1/p.png", null),
                List.of("amazon-main"), "classic", "generic", Map.of()));
        service.base(TENANT, s.id());
        var replay = new RecipeReplay(service, mem.events, new FeedbackRounds(service, mem.events, mem.starter, Clock.fixed(now, ZoneOffset.UTC)),
                Clock.fixed(now, ZoneOffset.UTC));
        replay.attach(TENANT, s.id(), List.of("a little brighter", "make the background pink", "make the product bigger"), "old-session");
        var outcomes = mem.wiring.outcomes();

        // the first pass ends: round 1 replays "a little brighter"
        Session after = outcomes.publish(TENANT, s.id(), "COMPLETED", null);
        assertThat(after.status()).isEqualTo(SessionStatus.RUNNING);
        assertThat(after.round()).isEqualTo(1);
        ExecutionInput round1 = mem.starter.executions().get("round-" + s.id() + "-1");
        assertThat(round1.feedback()).isEqualTo("a little brighter");
        assertThat(round1.hints()).containsEntry("lighting.exposure", "+0.25");
        assertThat(mem.notifier.events()).as("the seller hears once, at the end").isEmpty();

        // round 1 ends: the pink background is skipped (amazon-main forbids it), round 2 reframes
        after = outcomes.publish(TENANT, s.id(), "COMPLETED", null);
        assertThat(after.round()).isEqualTo(2);
        assertThat(mem.starter.executions().get("round-" + s.id() + "-2").hints()).containsEntry("finalize.fill", "0.895");

        // round 2 ends: every round replayed, one left out: NEEDS_REVIEW with the reason, one event
        after = outcomes.publish(TENANT, s.id(), "COMPLETED", null);
        assertThat(after.status()).isEqualTo(SessionStatus.NEEDS_REVIEW);
        assertThat(after.reason()).startsWith("The catalog refresh replayed the approved rounds")
                .contains("\"make the background pink\" — amazon-main requires a pure white background");
        assertThat(mem.notifier.events()).singleElement().satisfies(e -> assertThat(e.detailType()).isEqualTo(RefinementEvent.NEEDS_REVIEW));
        assertThat(mem.starter.executions()).hasSize(2);
        // the replayed rounds are recorded like the seller's, so the next refresh replays them again
        assertThat(ApprovedRecipe.of(after, service.versions(TENANT, s.id()), mem.events.events(TENANT, s.id()))).isEmpty();
        assertThat(mem.events.events(TENANT, s.id())).filteredOn(e -> e.type().equals(FeedbackRounds.ROUND_REQUESTED))
                .extracting(e -> e.detail().get("feedback")).containsExactly("a little brighter", "make the product bigger");

        // the seller's own round afterwards is published as any round: the replay's note is not repeated
        service.beginRound(TENANT, s.id());
        after = outcomes.publish(TENANT, s.id(), "COMPLETED", null);
        assertThat(after.status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(mem.notifier.events()).hasSize(2);
        assertThat(mem.starter.executions()).hasSize(2);
    }

    @Test
    void aSessionWithoutARecipePublishesAsBefore() {
        mem.images.put("uploads/tenant-a/sku-2/p.png", TestEngines.productPhoto(400, 300), "image/png", Map.of());
        var service = mem.wiring.service();
        Session s = service.start(new StartRequest(TENANT, null, "sku-2", Source.upload(Fixtures.BUCKET, "uploads/tenant-a/sku-2/p.png", null),
                List.of("amazon-main"), "classic", "generic", Map.of()));
        service.base(TENANT, s.id());
        Session after = mem.wiring.outcomes().publish(TENANT, s.id(), "COMPLETED", null);
        assertThat(after.status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(mem.starter.executions()).isEmpty();
        assertThat(mem.notifier.events()).singleElement().satisfies(e -> assertThat(e.detailType()).isEqualTo(RefinementEvent.COMPLETED));
    }
}
