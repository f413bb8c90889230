package dev.refinery.local.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.refinery.application.CatalogRefresh;
import dev.refinery.application.SessionApi;
import dev.refinery.aws.handlers.CatalogRefreshHandler;
import dev.refinery.aws.testing.TestEngines;
import dev.refinery.domain.SessionStatus;
import dev.refinery.local.LocalStack;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RefreshSchedulerTest {
    @TempDir
    Path dir;

    @Test
    void aScheduledRefreshRefinesACatalogItemWhosePresetsChanged() throws Exception {
        try (LocalStack stack = LocalStack.start(LocalStack.Settings.defaults(dir.resolve("stack")).withEngines(TestEngines.engines())
                .withRefreshSchedule("rate(1 day)"))) {
            assertThat(stack.scheduler().orElseThrow().nextFire()).hasValueSatisfying(t ->
                    assertThat(Duration.between(Instant.now(), t)).isBetween(Duration.ofHours(23), Duration.ofHours(24)));
            LocalStack.Uploaded u = stack.upload("acme", "SKU-R", "r.jpg", TestEngines.productPhoto(320, 240), "image/jpeg");
            String first = stack.delivered(u).get(30, TimeUnit.SECONDS).result().get("sessionId").asText();
            await().atMost(Duration.ofSeconds(60)).until(() -> stack.store().find("acme", first).orElseThrow().status().terminal());

            RefreshScheduler rule = new RefreshScheduler(ScheduleExpression.parse("rate(1 day)"), new CatalogRefreshHandler(stack.wiring()),
                    Clock.systemUTC(), r -> { });
            // Fresh: the upload just refined it.
            assertThat(rule.fire(Instant.now()).started()).isZero();
            stack.wiring().api().putCatalogItem("acme", "SKU-R", new SessionApi.CatalogItemRequest(List.of("walmart"), "kitchen", null, null));
            CatalogRefresh.Report report = rule.fire(Instant.now());
            assertThat(report.started()).isEqualTo(1);
            String refreshed = report.startedSessions().get(0);
            await().atMost(Duration.ofSeconds(60)).until(() -> stack.store().find("acme", refreshed).orElseThrow().status().terminal());
            var s = stack.store().find("acme", refreshed).orElseThrow();
            assertThat(s.presets()).containsExactly("walmart");
            assertThat(s.source().key()).isEqualTo(u.key());
            assertThat(s.status()).isIn(SessionStatus.COMPLETED, SessionStatus.NEEDS_REVIEW);
        }
    }

    @Test
    void aBadScheduleStopsTheStackBeforeAnythingStarts() {
        assertThatThrownBy(() -> LocalStack.start(LocalStack.Settings.defaults(dir.resolve("bad")).withEngines(TestEngines.engines())
                .withRefreshSchedule("every night"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rate(");
        assertThat(dir.resolve("bad")).doesNotExist();
    }

    @Test
    void theScheduledEventIsWhatAnEventBridgeRuleSends() {
        String e = RefreshScheduler.scheduledEvent(Instant.parse("2026-03-14T03:00:00.250Z"));
        assertThat(e).contains("\"detail-type\":\"Scheduled Event\"").contains("\"source\":\"aws.events\"")
                .contains("\"time\":\"2026-03-14T03:00:00Z\"").contains(RefreshScheduler.RULE_ARN).contains("\"detail\":{}");
    }
}
