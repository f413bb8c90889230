package dev.refinery.aws.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import dev.refinery.aws.Engines;
import dev.refinery.aws.Json;
import dev.refinery.aws.Wiring;
import dev.refinery.aws.config.RefineryConfig;
import dev.refinery.application.ports.memory.InMemoryCatalogStore;
import dev.refinery.application.ports.memory.InMemorySessionEventLog;
import dev.refinery.application.ports.memory.InMemoryUploadLedger;
import dev.refinery.application.ports.memory.RecordingNotifier;
import dev.refinery.application.ports.memory.RecordingWorkflowStarter;
import dev.refinery.application.ports.ImageLinks;
import dev.refinery.application.ports.PresignedPost;
import dev.refinery.domain.PresetCatalog;
import dev.refinery.ports.memory.InMemoryImageStore;
import dev.refinery.ports.memory.InMemorySessionStore;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builders for events and an all-in-memory wiring, for unit tests of the handlers. */
public final class Fixtures {
    public static final String BUCKET = "refinery-test-bucket";

    private Fixtures() {
    }

    public static Map<String, String> env(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", "us-east-1");
        env.put("REFINERY_BUCKET", BUCKET);
        env.put("REFINERY_TABLE", "refinery-test");
        env.put("REFINERY_STATE_MACHINE_ARN", "arn:aws:states:us-east-1:123456789012:stateMachine:refinery");
        env.putAll(extra);
        return env;
    }

    public static RefineryConfig config() {
        return RefineryConfig.from(env(Map.of()));
    }

    /** Every port in memory; the image links are plain strings so tests can read them. */
    public static final class Memory {
        public final RefineryConfig config;
        public final InMemorySessionStore sessions = new InMemorySessionStore();
        public final InMemoryImageStore images = new InMemoryImageStore();
        public final InMemoryCatalogStore catalog = new InMemoryCatalogStore();
        public final InMemoryUploadLedger ledger = new InMemoryUploadLedger();
        public final InMemorySessionEventLog events = new InMemorySessionEventLog();
        public final RecordingWorkflowStarter starter = new RecordingWorkflowStarter();
        public final RecordingNotifier notifier = new RecordingNotifier();
        public final Wiring wiring;

        public Memory(RefineryConfig config, Engines engines, Clock clock) {
            this.config = config;
            ImageLinks links = new ImageLinks() {
                @Override
                public PresignedPost uploadForm(String keyPrefix, String key, String contentType, long maxBytes, Duration ttl) {
                    return new PresignedPost("memory://" + BUCKET, key, Map.of("key", key, "Content-Type", contentType, "prefix", keyPrefix),
                            clock.instant().plus(ttl), maxBytes);
                }

                @Override
                public URI downloadUrl(String key, Duration ttl) {
                    return URI.create("memory://" + BUCKET + "/" + key.replace(" ", "%20"));
                }

                @Override
                public URI attachmentUrl(String key, Duration ttl, String fileName) {
                    return URI.create("memory://" + BUCKET + "/" + key.replace(" ", "%20") + "?response-content-disposition="
                            + java.net.URLEncoder.encode(ImageLinks.attachment(fileName), java.nio.charset.StandardCharsets.UTF_8));
                }
            };
            this.wiring = new Wiring(config, sessions, images, links, catalog, ledger, events, starter, notifier, engines,
                    PresetCatalog.bundled(), clock);
        }

        public Memory() {
            this(config(), TestEngines.engines(), Clock.systemUTC());
        }
    }

    /** An S3 event notification as S3 sends it: the key URL-encoded with '+' for spaces. */
    public static String s3Put(String bucket, String encodedKey, long size, String versionId, String sequencer) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("key", encodedKey);
        object.put("size", size);
        object.put("eTag", "0123456789abcdef0123456789abcdef");
        if (versionId != null) {
            object.put("versionId", versionId);
        }
        object.put("sequencer", sequencer);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("eventVersion", "2.1");
        record.put("eventSource", "aws:s3");
        record.put("awsRegion", "us-east-1");
        record.put("eventTime", "2026-11-20T10:00:00.000Z");
        record.put("eventName", "ObjectCreated:Put");
        record.put("s3", Map.of("s3SchemaVersion", "1.0", "configurationId", "uploads",
                "bucket", Map.of("name", bucket, "arn", "arn:aws:s3:::" + bucket), "object", object));
        return Json.write(Map.of("Records", java.util.List.of(record)));
    }

    public static String objectCreated(String bucket, String encodedKey, long size, String sequencer) {
        return Json.write(Map.of("version", "0", "id", "e-" + sequencer, "detail-type", "Object Created", "source", "aws.s3",
                "account", "123456789012", "time", "2026-11-20T10:00:00Z", "region", "us-east-1",
                "resources", java.util.List.of("arn:aws:s3:::" + bucket),
                "detail", Map.of("version", "0", "bucket", Map.of("name", bucket),
                        "object", Map.of("key", encodedKey, "size", size, "etag", "4e68adba0abe2dc8653dc3354e14c01d", "sequencer", sequencer),
                        "reason", "PutObject")));
    }

    /** A REST proxy request with the tenant in the Cognito claims (null for none). */
    public static APIGatewayProxyRequestEvent api(String method, String path, String tenant, Object body) {
        APIGatewayProxyRequestEvent.ProxyRequestContext ctx = new APIGatewayProxyRequestEvent.ProxyRequestContext();
        ctx.setRequestId("req-" + Instant.now().toEpochMilli());
        if (tenant != null) {
            Map<String, Object> authorizer = new HashMap<>();
            authorizer.put("claims", Map.of("custom:tenant", tenant, "sub", "user-" + tenant));
            ctx.setAuthorizer(authorizer);
        }
        APIGatewayProxyRequestEvent e = new APIGatewayProxyRequestEvent().withHttpMethod(method).withPath(path)
                .withRequestContext(ctx).withBody(body == null ? null : body instanceof String s ? s : Json.write(body));
        int q = path.indexOf('?');
        if (q >= 0) {
            Map<String, String> params = new HashMap<>();
            for (String kv : path.substring(q + 1).split("&")) {
                String[] p = kv.split("=", 2);
                params.put(p[0], p.length > 1 ? p[1] : "");
            }
            e.setPath(path.substring(0, q));
            e.setQueryStringParameters(params);
        }
        return e;
    }
}
