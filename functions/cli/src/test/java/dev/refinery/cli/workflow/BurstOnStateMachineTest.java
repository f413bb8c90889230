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
 * definition's throttling budget (10 attempts, delays to 300 s, full jitter) must carry every session through.
 * Time runs 20× faster than real (waits are real sleeps, scaled), and each model edit holds its slot 150 ms,
 * so the backlog (50 sessions × 4 model stages × 150 ms over 5 slots: about 6 s) stands to the budget as
 * a real burst does (30-120 s edits against about 10 minutes of retries).
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
                assertThat(run.get(5, java.util.concurrent.TimeUnit.MINUTES).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
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
