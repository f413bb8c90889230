package dev.refinery.local.schedule;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.refinery.aws.Json;
import dev.refinery.application.CatalogRefresh;
import dev.refinery.aws.handlers.CatalogRefreshHandler;
import dev.refinery.cli.workflow.LocalLambdaContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The EventBridge scheduled rule of the local stack: fires the catalog refresh handler with an
 * EventBridge "Scheduled Event" at each time the schedule expression names.
 */
public final class RefreshScheduler implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(RefreshScheduler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String RULE_ARN = "arn:aws:events:us-east-1:000000000000:rule/refinery-local-catalog-refresh";

    private final ScheduleExpression schedule;
    private final CatalogRefreshHandler handler;
    private final Clock clock;
    private final Consumer<CatalogRefresh.Report> reports;
    private final ScheduledExecutorService timer;
    private volatile Instant nextFire;

    public RefreshScheduler(ScheduleExpression schedule, CatalogRefreshHandler handler, Clock clock, Consumer<CatalogRefresh.Report> reports) {
        this.schedule = schedule;
        this.handler = handler;
        this.clock = clock;
        this.reports = reports;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "local-refresh-scheduler");
            t.setDaemon(true);
            return t;
        });
    }

    public RefreshScheduler start() {
        scheduleAfter(clock.instant());
        return this;
    }

    /** When the refresh fires next; empty when the schedule has no future time. */
    public Optional<Instant> nextFire() {
        return Optional.ofNullable(nextFire);
    }

    private void scheduleAfter(Instant after) {
        Optional<Instant> next = schedule.next(after);
        if (next.isEmpty()) {
            nextFire = null;
            LOG.warn("schedule {} has no time after {}: the catalog refresh will not fire again", schedule.text(), after);
            return;
        }
        nextFire = next.get();
        long delay = Math.max(0, Duration.between(clock.instant(), nextFire).toMillis());
        Instant at = nextFire;
        timer.schedule(() -> {
            try {
                fire(at);
            } finally {
                scheduleAfter(at);
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    /** The "Scheduled Event" EventBridge sends a rule's target at {@code time}. */
    public static String scheduledEvent(Instant time) {
        ObjectNode e = JSON.createObjectNode();
        e.put("version", "0");
        e.put("id", UUID.randomUUID().toString());
        e.put("detail-type", "Scheduled Event");
        e.put("source", "aws.events");
        e.put("account", "000000000000");
        e.put("time", time.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        e.put("region", "us-east-1");
        e.putArray("resources").add(RULE_ARN);
        e.putObject("detail");
        return e.toString();
    }

    /** Runs the refresh once, as the rule would at {@code time}. */
    public CatalogRefresh.Report fire(Instant time) {
        try {
            // Through the Lambda entry point, with the bytes EventBridge would send.
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(scheduledEvent(time).getBytes(StandardCharsets.UTF_8)), out,
                    LocalLambdaContext.of("CatalogRefresh"));
            CatalogRefresh.Report r = Json.MAPPER.readValue(out.toByteArray(), CatalogRefresh.Report.class);
            LOG.info("catalog refresh at {}: scanned={} stale={} started={} deferred={}", time, r.scanned(), r.stale(), r.started(), r.deferred());
            reports.accept(r);
            return r;
        } catch (IOException | RuntimeException e) {
            // EventBridge retries a failed target; the next scheduled time is the local stand-in for that.
            LOG.warn("catalog refresh at {} failed: {}", time, e.toString());
            return null;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
