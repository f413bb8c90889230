package dev.refinery.aws.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import dev.refinery.aws.Json;
import dev.refinery.aws.Wiring;
import dev.refinery.aws.observability.Observability;
import dev.refinery.application.ImageExpiry;
import dev.refinery.application.UploadIntake;
import dev.refinery.application.UploadNotice;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The image bucket's events. Starts one session per uploaded original; records a version's image as expired
 * when S3's lifecycle rule deleted it ({@code LifecycleExpiration:*} notifications under sessions/, {@link ImageExpiry}). Takes both delivery forms: an S3 event notification
 * ({"Records":[...]}, read with the Lambda runtime's own S3Event deserializer) and EventBridge's
 * "Object Created". Keys arrive URL-encoded ('+' for a space) and are decoded before use. A
 * notification of anything else is ignored or rejected with the reason in the log and the answer;
 * only a failure that a retry may fix is thrown (the intake is idempotent, so retries are safe).
 */
public final class UploadTriggerHandler implements RequestStreamHandler {
    private static final Logger LOG = LogManager.getLogger(UploadTriggerHandler.class);
    private static final PojoSerializer<S3Event> S3_EVENTS =
            LambdaEventSerializers.serializerFor(S3Event.class, UploadTriggerHandler.class.getClassLoader());

    /** S3's event names for deletions by a lifecycle rule: Delete, or DeleteMarkerCreated in a versioned bucket. */
    static final String LIFECYCLE_EXPIRATION = "LifecycleExpiration:";

    private final Supplier<Wiring> wiring;

    public UploadTriggerHandler() {
        this.wiring = Priming.control();
    }

    public UploadTriggerHandler(Wiring wiring) {
        this.wiring = () -> wiring;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] bytes = input.readAllBytes();
        Map<String, Object> answer = Observability.logged(context, () -> handle(bytes));
        output.write(Json.write(answer).getBytes(StandardCharsets.UTF_8));
    }

    /** The answer: one result per object, and counts by outcome. */
    public Map<String, Object> handle(byte[] event) {
        List<UploadIntake.Result> results = new ArrayList<>();
        List<ImageExpiry.Result> expired = new ArrayList<>();
        JsonNode tree;
        try {
            tree = Json.tree(new String(event, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return answer(List.of(rejected("the event is not JSON: " + e.getMessage())));
        }
        switch (EventKind.of(tree)) {
            case S3_NOTIFICATION -> {
                S3Event s3 = S3_EVENTS.fromJson(new ByteArrayInputStream(event));
                for (S3EventNotificationRecord r : s3.getRecords()) {
                    if (r.getEventName() != null && r.getEventName().startsWith(LIFECYCLE_EXPIRATION) && "aws:s3".equals(r.getEventSource())) {
                        expired.add(expired(r));
                    } else {
                        results.add(fromNotification(r));
                    }
                }
            }
            case S3_EVENTBRIDGE -> results.add(fromEventBridge(tree));
            default -> results.add(rejected("not an S3 object-created event (" + EventKind.of(tree) + "): the upload trigger takes S3 notifications and EventBridge 'Object Created'"));
        }
        Map<String, Object> answer = answer(results);
        if (!expired.isEmpty()) {
            answer.put("expired", expired);
        }
        return answer;
    }

    private ImageExpiry.Result expired(S3EventNotificationRecord r) {
        String key = decode(r.getS3().getObject().getKey());
        ImageExpiry.Result result = wiring.get().imageExpiry().expired(key);
        LOG.info("image expired ({}): key={} outcome={} {}", r.getEventName(), key, result.outcome(), result.reason() == null ? "" : result.reason());
        return result;
    }

    private UploadIntake.Result fromNotification(S3EventNotificationRecord r) {
        String name = r.getEventName() == null ? "" : r.getEventName();
        String rawKey = r.getS3() == null || r.getS3().getObject() == null ? null : r.getS3().getObject().getKey();
        if (!"aws:s3".equals(r.getEventSource()) || !name.startsWith("ObjectCreated:")) {
            return log(new UploadIntake.Result(rawKey, UploadIntake.Outcome.IGNORED,
                    "event " + name + " from " + r.getEventSource() + " is not an object creation", null, null, null));
        }
        var o = r.getS3().getObject();
        return wiring.get().uploadIntake().accept(new UploadNotice(r.getS3().getBucket().getName(), decode(o.getKey()),
                o.getSizeAsLong() == null ? -1 : o.getSizeAsLong(), o.getVersionId(), o.getSequencer(), o.geteTag(), "s3-notification"));
    }

    private UploadIntake.Result fromEventBridge(JsonNode e) {
        JsonNode d = e.path("detail");
        JsonNode o = d.path("object");
        return wiring.get().uploadIntake().accept(new UploadNotice(d.path("bucket").path("name").asText(null),
                decode(o.path("key").asText(null)), o.path("size").asLong(-1), o.path("version-id").asText(null),
                o.path("sequencer").asText(null), o.path("etag").asText(null), "eventbridge"));
    }

    /**
     * S3 URL-encodes keys in notifications, with '+' for a space (form encoding), which URLDecoder
     * reverses. A key that is not valid form encoding (a '%' that starts no escape, as in a key
     * delivered unencoded) cannot have been encoded: it is taken as it is rather than failing the
     * whole event, which Lambda would retry and drop.
     */
    static String decode(String key) {
        if (key == null) {
            return null;
        }
        try {
            return URLDecoder.decode(key, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notEncoded) {
            return key;
        }
    }

    private static UploadIntake.Result rejected(String reason) {
        return log(new UploadIntake.Result(null, UploadIntake.Outcome.REJECTED, reason, null, null, null));
    }

    private static UploadIntake.Result log(UploadIntake.Result r) {
        LOG.warn("upload trigger {}: key={} reason={}", r.outcome(), r.key(), r.reason());
        return r;
    }

    private static Map<String, Object> answer(List<UploadIntake.Result> results) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (UploadIntake.Outcome o : UploadIntake.Outcome.values()) {
            out.put(o.name().toLowerCase(java.util.Locale.ROOT), results.stream().filter(r -> r.outcome() == o).count());
        }
        out.put("results", results);
        return out;
    }
}
