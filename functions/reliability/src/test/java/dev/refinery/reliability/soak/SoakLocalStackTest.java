package dev.refinery.reliability.soak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refinery.aws.Engines;
import dev.refinery.aws.testing.TestEngines;
import dev.refinery.domain.Session;
import dev.refinery.imaging.ingest.BadInputs;
import dev.refinery.imaging.ingest.SafeImageIngestor;
import dev.refinery.local.workflow.ExecutionRecord;
import dev.refinery.reliability.faults.Fault;
import dev.refinery.reliability.faults.FaultPlan;
import dev.refinery.reliability.faults.Faults;
import dev.refinery.reliability.faults.FaultyEngine;
import dev.refinery.reliability.faults.FaultyImaging;
import dev.refinery.reliability.harness.Finishers;
import dev.refinery.reliability.harness.Invariants;
import dev.refinery.reliability.harness.LocalStackHarness;
import dev.refinery.reliability.harness.Photos;
import dev.refinery.reliability.harness.ReliabilityStack;
import java.awt.Color;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak through the local stack: many uploads (a few of them bad), with the image model, the
 * ingest and the finisher failing at seeded random rates (the seed is printed; -Drefinery.soak.seed
 * replays it). Every upload ends as completed, needs-review, failed-with-reason or rejected-with-reason;
 * none is lost. The local stack's stores are not wrapped (it has no seam for it); the suite on moto_server
 * ({@link SoakMotoTest}) injects the adapter and invocation faults.
 */
class SoakLocalStackTest {
    @TempDir
    Path dir;

    static FaultPlan<Fault> engineFaults(long seed) {
        return FaultPlan.seeded(seed)
                .atRate("engine.edit.*", 0.05, Faults.modelRateLimited())
                .atRate("engine.edit.*", 0.03, Faults.modelServerError())
                .atRate("engine.edit.*", 0.03, Faults.modelTimeout())
                .atRate("engine.edit.*", 0.02, Faults.modelRetryAfter(1))
                .atRate("engine.edit.*", 0.01, Faults.modelModeration())
                .atRate("ingest", 0.04, Faults.storeUnavailable("s3"))
                .atRate("ingest", 0.01, Faults.crash())
                .atRate("finish.*", 0.03, Faults.storeUnavailable("s3"));
    }

    @Test
    void sessionsUnderSeededFaultsAllEndAndNoneIsLost() throws Exception {
        long seed = SoakFigures.seed();
        int n = SoakFigures.sessions(40);
        System.out.println("soak [local stack]: seed " + seed + ", " + n + " uploads (replay with -Drefinery.soak.seed=" + seed + ")");
        FaultPlan<Fault> plan = engineFaults(seed);
        Engines engines = new Engines(List.of(new FaultyEngine(new TestEngines.CutoutEngine("classic"), plan)),
                FaultyImaging.ingestor(new SafeImageIngestor(), plan),
                FaultyImaging.finisher(Finishers.framesTooSmallUntilTold(new TestEngines.CentringFinisher()), plan));
        SoakFigures figures = new SoakFigures("local stack", seed);
        figures.uploads = n;
        Random mix = new Random(seed);
        long t0 = System.nanoTime();
        try (LocalStackHarness h = new LocalStackHarness(dir.resolve("stack"), engines, Map.of("REFINERY_DEFAULT_PRESETS", "google-merchant"),
                Math.max(2, Runtime.getRuntime().availableProcessors()))) {
            ExecutorService sellers = Executors.newFixedThreadPool(8);
            List<Future<LocalStackHarness.Started>> started = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                double roll = mix.nextDouble();
                started.add(sellers.submit(() -> {
                    String tenant = k % 4 == 0 ? "globex" : "acme";
                    ReliabilityStack.Upload u;
                    if (roll < 0.04) {
                        u = h.upload(tenant, "SOAK-" + k, "notes " + k + ".jpg", BadInputs.text());
                    } else if (roll < 0.06) {
                        u = h.upload(tenant, "SOAK-" + k, "IMG_" + k + ".heic", BadInputs.heic());
                    } else {
                        u = h.upload(tenant, "SOAK-" + k, "photo " + k + ".png", (k % 2 == 0 ? Photos.flatPng(400 + k % 150, 300 + k % 7, new Color(20 + k % 180, 100, 140))
                                : Photos.png(400 + k % 150, 300 + k % 7, new Color(20 + k % 180, 100, 140))));
                    }
                    return h.delivered(u, Duration.ofMinutes(5));
                }));
            }
            Map<String, Invariants.SessionRef> sessions = new LinkedHashMap<>();
            List<String> executions = new ArrayList<>();
            for (Future<LocalStackHarness.Started> f : started) {
                LocalStackHarness.Started s;
                try {
                    s = f.get();
                } catch (Exception e) {
                    figures.lost("an upload was never handed to the trigger: " + e.getCause());
                    continue;
                }
                if (s.sessionId() == null || s.executionName() == null) {
                    // refused by the trigger (its session, when the key names a tenant, ended FAILED with the reason)
                    figures.rejected(s.reason());
                    continue;
                }
                sessions.put(s.sessionId(), new Invariants.SessionRef(s.upload().key().split("/")[1], s.sessionId()));
                executions.add(s.executionName());
            }
            sellers.shutdown();
            for (String name : executions) {
                try {
                    ExecutionRecord r = h.finished(name, Duration.ofMinutes(10));
                    if (r.running()) {
                        figures.lost("execution " + name + " still running");
                    }
                } catch (IllegalStateException e) {
                    figures.lost(e.getMessage());
                }
            }
            figures.millis = (System.nanoTime() - t0) / 1_000_000;
            for (Invariants.SessionRef ref : sessions.values()) {
                Session s = h.rawSessions().find(ref.tenant(), ref.sessionId()).orElse(null);
                figures.startedSession(s);
                if (s == null || !s.status().terminal()) {
                    figures.lost(ref.sessionId() + (s == null ? ": no session" : ": still " + s.status()));
                }
            }
            Invariants.Report report = Invariants.check(h, sessions.values());
            figures.injected = plan.injectedCounts();
            figures.publish("soak-local-stack.txt");

            assertThat(figures.lost).as("lost sessions " + figures.lostDetails).isZero();
            assertThat(figures.problems).isEmpty();
            assertThat(report.violations()).isEmpty();
            assertThat(figures.started + figures.rejectedWithReason).isEqualTo(n);
            assertThat(figures.completed + figures.needsReview + figures.failedWithReason).isEqualTo(figures.started);
            assertThat(plan.injections()).as("the soak injected faults").isNotEmpty();
        }
    }
}
