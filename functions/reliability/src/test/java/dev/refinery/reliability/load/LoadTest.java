package dev.refinery.reliability.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refinery.aws.Engines;
import dev.refinery.aws.testing.TestEngines;
import dev.refinery.domain.SessionStatus;
import dev.refinery.imaging.ingest.SafeImageIngestor;
import dev.refinery.local.workflow.ExecutionRecord;
import dev.refinery.reliability.harness.Finishers;
import dev.refinery.reliability.harness.Invariants;
import dev.refinery.reliability.harness.LocalStackHarness;
import dev.refinery.reliability.harness.Photos;
import dev.refinery.reliability.harness.ReliabilityStack;
import java.awt.Color;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 50 sellers upload at the same moment through the local stack (embedded S3, H2, the upload
 * notifier, the local workflow starter running the project's state machine with the contract's
 * handlers). Every session must end, and the version records and the stored objects must agree.
 */
class LoadTest {
    static final int UPLOADS = Integer.getInteger("refinery.load.uploads", 50);

    @TempDir
    Path dir;

    @Test
    void fiftyConcurrentUploadsAllEndWithRecordsAndObjectsInStep() throws Exception {
        Engines engines = new Engines(List.of(new TestEngines.CutoutEngine("classic")), new SafeImageIngestor(),
                Finishers.framesTooSmallUntilTold(new TestEngines.CentringFinisher()));
        try (LocalStackHarness h = new LocalStackHarness(dir.resolve("stack"), engines, Map.of("REFINERY_DEFAULT_PRESETS", "google-merchant"),
                Math.max(2, Runtime.getRuntime().availableProcessors()))) {
            long t0 = System.nanoTime();
            ExecutorService sellers = Executors.newFixedThreadPool(UPLOADS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<LocalStackHarness.Started>> started = new ArrayList<>();
            for (int i = 0; i < UPLOADS; i++) {
                int n = i;
                Callable<LocalStackHarness.Started> seller = () -> {
                    byte[] photo = Photos.flatPng(400 + n, 300, new Color(20 + n * 3 % 200, 90, 160 - n % 100));
                    go.await();
                    String tenant = n % 5 == 0 ? "globex" : "acme";
                    ReliabilityStack.Upload u = h.upload(tenant, "LOAD-" + n, "photo " + n + ".png", photo);
                    return h.delivered(u, Duration.ofMinutes(2));
                };
                started.add(sellers.submit(seller));
            }
            go.countDown();
            List<Invariants.SessionRef> refs = new ArrayList<>();
            List<ExecutionRecord> executions = new ArrayList<>();
            for (Future<LocalStackHarness.Started> f : started) {
                LocalStackHarness.Started s = f.get();
                assertThat(s.outcome()).as(s.reason()).isEqualTo("STARTED");
                refs.add(new Invariants.SessionRef(s.upload().key().split("/")[1], s.sessionId()));
                executions.add(h.finished(s.executionName(), Duration.ofMinutes(5)));
            }
            sellers.shutdown();
            long millis = (System.nanoTime() - t0) / 1_000_000;

            Invariants.Report report = Invariants.check(h, refs);
            String line = String.format("load: %d concurrent uploads through the local stack in %d ms: %s, %d versions, %d objects, violations %s%n",
                    UPLOADS, millis, report.byStatus(), report.versions(), report.objects(), report.violations());
            System.out.print(line);
            java.nio.file.Files.writeString(java.nio.file.Files.createDirectories(Path.of("target", "reliability")).resolve("load.txt"), line);
            assertThat(refs).extracting(Invariants.SessionRef::sessionId).doesNotHaveDuplicates().hasSize(UPLOADS);
            assertThat(executions).allSatisfy(e -> assertThat(e.status()).as(e.name()).isEqualTo("SUCCEEDED"));
            assertThat(report.lost()).isEmpty();
            assertThat(report.violations()).isEmpty();
            // Whether the check passes is the quality checker's business; here every session must end without failing.
            assertThat(report.count(SessionStatus.COMPLETED) + report.count(SessionStatus.NEEDS_REVIEW)).isEqualTo(UPLOADS);
            long renditions = refs.stream().flatMap(r -> h.rawSessions().versions(r.tenant(), r.sessionId()).stream())
                    .filter(v -> v.maskKey() != null).count();
            assertThat(report.objects()).as("each version's image, and a mask per rendition").isEqualTo(report.versions() + renditions);
        }
    }
}
