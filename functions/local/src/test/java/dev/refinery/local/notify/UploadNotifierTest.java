package dev.refinery.local.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.refinery.local.s3.EmbeddedS3;
import dev.refinery.local.store.H2Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

class UploadNotifierTest {
    @TempDir
    Path dir;
    private EmbeddedS3 s3;
    private H2Database db;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();

    @BeforeEach
    void start() {
        s3 = EmbeddedS3.start(dir.resolve("s3"));
        s3.ensureBucket("refinery-local");
        db = H2Database.file(dir.resolve("db"));
    }

    @AfterEach
    void stop() {
        db.close();
        s3.close();
    }

    private UploadNotifier notifier() {
        return new UploadNotifier(db, s3.client(), "refinery-local", "us-east-1", (in, out, ctx) -> {
            String event = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("the trigger failed on purpose");
            }
            received.add(event);
            out.write("{\"started\":1,\"results\":[{\"outcome\":\"STARTED\"}]}".getBytes(StandardCharsets.UTF_8));
        }, Clock.systemUTC());
    }

    private String put(String key, String body) {
        return s3.client().putObject(b -> b.bucket("refinery-local").key(key), RequestBody.fromString(body)).versionId();
    }

    @Test
    void everyNewVersionUnderUploadsIsDeliveredOnceAndNothingElse() throws Exception {
        try (UploadNotifier n = notifier().start(Duration.ofMillis(50))) {
            String v1 = put("uploads/t1/SKU-1/a b.jpg", "one");
            String v2 = put("uploads/t1/SKU-1/a b.jpg", "two");
            put("sessions/s1/v1-base.png", "not an upload");
            UploadNotifier.Delivery d1 = n.delivery("uploads/t1/SKU-1/a b.jpg", v1).get(10, TimeUnit.SECONDS);
            UploadNotifier.Delivery d2 = n.delivery("uploads/t1/SKU-1/a b.jpg", v2).get(10, TimeUnit.SECONDS);
            assertThat(d1.sequencer()).isLessThan(d2.sequencer());
            assertThat(d1.result().get("outcome").asText()).isEqualTo("STARTED");
            // Several more passes find nothing new.
            n.runPass();
            n.runPass();
            assertThat(received).hasSize(2).allSatisfy(e -> assertThat(e).contains("\"key\":\"uploads/t1/SKU-1/a+b.jpg\""));
            assertThat(received.get(0)).contains(v1);
            assertThat(received.get(1)).contains(v2);
        }
    }

    @Test
    void aFailedDeliveryIsRetriedWithTheSameSequencerAndAnUndeliveredOneSurvivesARestart() throws Exception {
        failuresLeft.set(2);
        String v;
        try (UploadNotifier n = notifier()) {
            v = put("uploads/t1/SKU-2/x.jpg", "x");
            n.runPass();
            n.runPass();
            assertThat(n.pending()).isEqualTo(1);
            assertThat(received).isEmpty();
        }
        // A new process over the same database and store: the outbox row is still due.
        try (UploadNotifier again = notifier().start(Duration.ofMillis(50))) {
            UploadNotifier.Delivery d = again.delivery("uploads/t1/SKU-2/x.jpg", v).get(30, TimeUnit.SECONDS);
            assertThat(received).hasSize(1);
            assertThat(received.get(0)).contains(d.sequencer());
            await().atMost(Duration.ofSeconds(5)).until(() -> again.pending() == 0);
        }
    }
}
