package dev.refinery.local.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refinery.aws.s3.S3ImageStore;
import dev.refinery.ports.ImageStore;
import dev.refinery.testkit.ImageStoreContract;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.GetObjectTaggingResponse;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/** The aws module's S3 adapter on the embedded S3 passes the ImageStore contract (and what the local stack relies on). */
class EmbeddedS3ImageStoreTest extends ImageStoreContract {
    @TempDir
    static Path data;
    private static EmbeddedS3 s3;
    private static S3ImageStore store;

    @BeforeAll
    static void start() {
        s3 = EmbeddedS3.start(data.resolve("s3"));
        s3.ensureBucket("refinery-test");
        store = new S3ImageStore(s3.client(), s3.presigner(), EmbeddedS3.CREDENTIALS, "refinery-test", EmbeddedS3.REGION.id(),
                Optional.of(s3.endpoint()), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    @Override
    protected ImageStore store() {
        return store;
    }

    @Test
    void listensOnTheLoopbackAddressOnly() {
        assertThat(s3.boundAddress().getAddress().isLoopbackAddress()).isTrue();
        assertThat(s3.endpoint().getHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void tagsAndVersionsAreKeptAndAPresignedGetWorks() throws Exception {
        String key = "uploads/t1/SKU-1/front photo+1.jpg";
        store.put(key, new byte[] {1, 2, 3}, "image/jpeg", Map.of("kind", "base"));
        store.put(key, new byte[] {4, 5}, "image/jpeg", Map.of("kind", "base"));
        GetObjectTaggingResponse tags = s3.client().getObjectTagging(b -> b.bucket("refinery-test").key(key));
        assertThat(tags.tagSet()).anySatisfy(t -> assertThat(t.key() + "=" + t.value()).isEqualTo("kind=base"));
        var versions = s3.client().listObjectVersions(b -> b.bucket("refinery-test").prefix("uploads/t1/")).versions();
        assertThat(versions).filteredOn(v -> v.key().equals(key)).hasSize(2)
                .allSatisfy(v -> assertThat(v.versionId()).isNotBlank())
                .extracting(ObjectVersion::size).containsExactlyInAnyOrder(3L, 2L);
        URI url = store.downloadUrl(key, Duration.ofMinutes(5));
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).containsExactly(4, 5);
    }

    @Test
    void anAttachmentLinkIsAnsweredWithTheFileNameToSaveAs() throws Exception {
        String key = "sessions/t1/s1/v5-finalize-amazon-main.jpg";
        store.put(key, new byte[] {7, 8, 9}, "image/jpeg", Map.of("kind", "final"));
        URI url = store.attachmentUrl(key, Duration.ofMinutes(5), "MUG-1-amazon-main.jpg");
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"MUG-1-amazon-main.jpg\"");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(r.body()).containsExactly(7, 8, 9);
        // a plain link, next on the same kept-alive connection, stays an inline image
        HttpResponse<byte[]> plain = http.send(HttpRequest.newBuilder(store.downloadUrl(key, Duration.ofMinutes(5))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(plain.headers().firstValue("Content-Disposition")).isEmpty();
        // an override on a missing object leaves the error as S3 words it
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(
                store.attachmentUrl("sessions/t1/s1/none.jpg", Duration.ofMinutes(5), "none.jpg")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Disposition")).isEmpty();
    }

    @Test
    void dataSurvivesARestartFromTheSameFolder() {
        Path dir = data.resolve("restart");
        try (EmbeddedS3 first = EmbeddedS3.start(dir)) {
            first.ensureBucket("bucket-one");
            first.client().putObject(b -> b.bucket("bucket-one").key("uploads/x/y/z.jpg"), software.amazon.awssdk.core.sync.RequestBody.fromBytes(new byte[] {9}));
        }
        try (EmbeddedS3 second = EmbeddedS3.start(dir)) {
            assertThat(second.client().getObjectAsBytes(b -> b.bucket("bucket-one").key("uploads/x/y/z.jpg")).asByteArray()).containsExactly(9);
        }
    }
}
