package dev.refinery.cli.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refinery.aws.Engines;
import dev.refinery.domain.Session;
import dev.refinery.domain.SessionStatus;
import dev.refinery.domain.Source;
import dev.refinery.domain.Stage;
import dev.refinery.engine.EditRequest;
import dev.refinery.engine.EditResult;
import dev.refinery.engine.ImageCodec;
import dev.refinery.engine.ImageIngestor;
import dev.refinery.engine.RefinementEngine;
import dev.refinery.pipeline.StartRequest;
import dev.refinery.workflow.runner.Execution;
import dev.refinery.workflow.runner.ExecutionStatus;
import dev.refinery.workflow.runner.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: 50 uploads at once against model stages with reserved concurrency 5. The local runner refuses an
 * invocation beyond a function's reserved concurrency with Lambda.TooManyRequestsException, as Lambda does; the
 * definition's throttling budget (10 attempts, delays to 300 s, full jitter; then up to 5 waits of 60-300 s, each
 * followed by 10 more attempts) must carry every session through. Time runs 20× faster than real (waits are real
 * sleeps, scaled), and each model edit holds its slot 150 ms plus the stage's own image work, unscaled: on this
 * 2-core machine the burst takes about 30 s, against about 27 s of retries in expectation (which failed a session
 * now and then: its ten retries all met a busy stage) and 3.5 minutes with the throttled waits. A real burst
 * stands worse: 50 × 60 s edits over 5 slots queue 10 minutes at the first stage, against 9 minutes of retries.
 */
class BurstOnStateMachineTest {
    private static final String TENANT = "tenant-a";

    /** Holds its slot like a model call; cuts out everything that is not white. */
    static final class SlowEngine implements RefinementEngine {
        final AtomicInteger inFlight = new AtomicInteger(), peak = new AtomicInteger();

        @Override
        public String id() {
            return "classic";
        }

        @Override
        public EditResult edit(Stage stage, EditRequest req) {
            peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(150);
                return new FixupLoopOnStateMachineTest.ThresholdEngine().edit(stage, req);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    @Test
    void fiftyUploadsAtOnceWaitForTheReservedConcurrencyAndNoneFails() throws Exception {
        SlowEngine engine = new SlowEngine();
        ImageIngestor ingestor = (bytes, name) -> new ImageIngestor.Ingested(ImageCodec.decode(bytes), Map.of("format", "png"));
        AtomicInteger waits = new AtomicInteger();
        Sleeper twentyTimesFaster = d -> {
            waits.incrementAndGet();
            Sleeper.REAL.sleep(d.dividedBy(20));
        };
        InProcessWorkflow workflow = new InProcessWorkflow(new Engines(List.of(engine), ingestor, new FixupLoopOnStateMachineTest.ScriptedFinisher()),
                Clock.systemUTC(), twentyTimesFaster);
        byte[] photo = ImageCodec.png(FixupLoopOnStateMachineTest.photo());
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String key = "uploads/tenant-a/sku-" + i + "/photo.png";
            workflow.images().put(key, photo, "image/png", Map.of());
            sessions.add(workflow.wiring().service().start(new StartRequest(TENANT, null, "sku-" + i, Source.upload("bucket", key, "v1"),
                    List.of("amazon-main"), "classic", null, null)));
        }
        ExecutorService burst = Executors.newFixedThreadPool(50);
        List<Future<Execution>> runs = new ArrayList<>();
        try {
            for (Session s : sessions) {
                runs.add(burst.submit(() -> workflow.firstPass(TENANT, s.id())));
            }
            for (Future<Execution> run : runs) {
                Execution done = run.get(5, java.util.concurrent.TimeUnit.MINUTES);
                assertThat(done.status()).as(() -> done.name() + " " + done.error() + ": " + done.cause() + " after " + done.statesEntered())
                        .isEqualTo(ExecutionStatus.SUCCEEDED);
            }
        } finally {
            burst.shutdownNow();
        }
        for (Session s : sessions) {
            assertThat(workflow.wiring().service().session(TENANT, s.id()).status()).as(s.id()).isNotEqualTo(SessionStatus.FAILED);
        }
        // the stand-in really throttled: never more than 5 in one model stage (4 model stages: at most 20 edits at once)
        assertThat(engine.peak.get()).isLessThanOrEqualTo(4 * StateMachineFunctions.DEFAULT_MODEL_CONCURRENCY);
        assertThat(waits.get()).as("throttled invocations waited and were retried").isPositive();
    }
}
