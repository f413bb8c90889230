package dev.refinery.local.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * S3 event notifications in S3's own JSON shape (event structure version 2.1), as S3 sends them to a
 * Lambda function: one record per object; the key URL-encoded the way S3 does it (form encoding:
 * a space becomes '+', a '+' becomes %2B, other bytes outside the unreserved set %XX of their
 * UTF-8 encoding; '/' stays as it is); the eTag without quotes; the object's version id; a
 * sequencer that orders the writes of one key and is repeated on every redelivery of the same write.
 */
public final class S3EventNotifications {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter EVENT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private S3EventNotifications() {
    }

    /** One write of one object. */
    public record ObjectCreated(String bucket, String key, long size, String eTag, String versionId, String sequencer, Instant eventTime,
                                String eventName) {
    }

    /** S3's encoding of a key in a notification; {@code URLDecoder.decode} (what the trigger does) reverses it. */
    public static String encodeKey(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    public static String json(ObjectCreated o, String region, String configurationId) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode r = root.putArray("Records").addObject();
        r.put("eventVersion", "2.1");
        r.put("eventSource", "aws:s3");
        r.put("awsRegion", region);
        r.put("eventTime", EVENT_TIME.format(o.eventTime().truncatedTo(ChronoUnit.MILLIS)));
        r.put("eventName", o.eventName());
        r.putObject("userIdentity").put("principalId", "AWS:LOCALSTACKUSER");
        r.putObject("requestParameters").put("sourceIPAddress", "127.0.0.1");
        ObjectNode response = r.putObject("responseElements");
        response.put("x-amz-request-id", o.sequencer().substring(Math.max(0, o.sequencer().length() - 16)));
        response.put("x-amz-id-2", "local/" + o.sequencer());
        ObjectNode s3 = r.putObject("s3");
        s3.put("s3SchemaVersion", "1.0");
        s3.put("configurationId", configurationId);
        ObjectNode bucket = s3.putObject("bucket");
        bucket.put("name", o.bucket());
        bucket.putObject("ownerIdentity").put("principalId", "LOCALSTACKOWNER");
        bucket.put("arn", "arn:aws:s3:::" + o.bucket());
        ObjectNode object = s3.putObject("object");
        object.put("key", encodeKey(o.key()));
        object.put("size", o.size());
        object.put("eTag", o.eTag() == null ? "" : o.eTag().replace("\"", ""));
        // An unversioned bucket's objects have the version id "null", which S3 leaves out of the event.
        if (o.versionId() != null && !"null".equals(o.versionId())) {
            object.put("versionId", o.versionId());
        }
        object.put("sequencer", o.sequencer());
        return root.toString();
    }
}
