package dev.refinery.local.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class S3EventNotificationsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static S3EventNotifications.ObjectCreated created(String key) {
        return new S3EventNotifications.ObjectCreated("refinery-local", key, 1234, "\"0123456789abcdef0123456789abcdef\"", "v-7",
                "0000018C2F1A3B4C00", Instant.parse("2026-03-14T10:17:42.123456Z"), "ObjectCreated:Put");
    }

    @ParameterizedTest
    @ValueSource(strings = {"uploads/acme/SKU-1/front photo.jpg", "uploads/acme/SKU-1/a+b.jpg", "uploads/acme/SKU-1/été 50%.png",
            "uploads/acme/SKU-1/x=y&z.webp"})
    void keysAreEncodedAsS3DoesAndTheRuntimesDeserializerPlusUrlDecodingGivesThemBack(String key) {
        String json = S3EventNotifications.json(created(key), "us-east-1", "cfg");
        S3Event event = LambdaEventSerializers.serializerFor(S3Event.class, getClass().getClassLoader())
                .fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        var object = event.getRecords().get(0).getS3().getObject();
        assertThat(object.getKey()).doesNotContain(" ").startsWith("uploads/acme/SKU-1/");
        assertThat(URLDecoder.decode(object.getKey(), StandardCharsets.UTF_8)).isEqualTo(key);
        assertThat(object.getVersionId()).isEqualTo("v-7");
        assertThat(object.getSequencer()).isEqualTo("0000018C2F1A3B4C00");
        assertThat(object.geteTag()).isEqualTo("0123456789abcdef0123456789abcdef");
        assertThat(object.getSizeAsLong()).isEqualTo(1234);
        assertThat(event.getRecords().get(0).getEventName()).isEqualTo("ObjectCreated:Put");
    }

    @Test
    void spacesBecomePlusAndPlusBecomesPercent2B() {
        assertThat(S3EventNotifications.encodeKey("uploads/t/s/a b+c.jpg")).isEqualTo("uploads/t/s/a+b%2Bc.jpg");
    }

    @Test
    void theShapeHasEveryFieldOfAPublishedS3Notification() throws Exception {
        java.util.Optional<Path> found = dev.refinery.testkit.RealWorldMaterial.file("events/lambda-java-libs__s3_event.json");
        assumeTrue(found.isPresent(), "the real-world S3 event sample is absent (looked in " + dev.refinery.testkit.RealWorldMaterial.lookedFor() + "): skipped");
        Path sample = found.get();
        JsonNode published = JSON.readTree(sample.toFile());
        JsonNode ours = JSON.readTree(S3EventNotifications.json(created("uploads/a/b/c.jpg"), "us-east-1", "cfg"));
        TreeSet<String> expected = paths(published, "");
        // The published sample carries a field S3 never sends (the Java library's own "urlDecodedKey").
        expected.remove("Records[].s3.object.urlDecodedKey");
        assertThat(paths(ours, "")).containsAll(expected);
        assertThat(ours.at("/Records/0/eventTime").asText()).isEqualTo("2026-03-14T10:17:42.123Z");
    }

    private static TreeSet<String> paths(JsonNode n, String prefix) {
        TreeSet<String> out = new TreeSet<>();
        if (n.isObject()) {
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                String p = prefix.isEmpty() ? f : prefix + "." + f;
                out.add(p);
                out.addAll(paths(n.get(f), p));
            }
        } else if (n.isArray() && n.size() > 0) {
            out.addAll(paths(n.get(0), prefix + "[]"));
        }
        return out;
    }
}
