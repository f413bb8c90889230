package dev.refinery.aws.tools;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.refinery.aws.Engines;
import dev.refinery.aws.Json;
import dev.refinery.aws.Wiring;
import dev.refinery.aws.config.RefineryConfig;
import dev.refinery.aws.ports.ImageLinks;
import dev.refinery.aws.ports.PresignedPost;
import dev.refinery.aws.ports.memory.InMemoryCatalogStore;
import dev.refinery.aws.ports.memory.InMemorySessionEventLog;
import dev.refinery.aws.ports.memory.InMemoryUploadLedger;
import dev.refinery.aws.ports.memory.RecordingNotifier;
import dev.refinery.aws.ports.memory.RecordingWorkflowStarter;
import dev.refinery.domain.PresetCatalog;
import dev.refinery.ports.memory.InMemoryImageStore;
import dev.refinery.ports.memory.InMemorySessionStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Constructor;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code make invoke FN=<handler> EVENT=<file>}: runs one handler on one event file, in this JVM.
 * <ul>
 *   <li>STACK=memory (default): the handler gets in-memory stores, a recording workflow starter and
 *       notifier, and the control wiring (no engines) — for the trigger, API, refresh, publisher and
 *       failure recorder; a stage event fails with "No session" because memory starts empty.</li>
 *   <li>STACK=env: the handler's own no-argument constructor, exactly as Lambda builds it, reading
 *       REFINERY_* and AWS_* from the environment: a real account, moto_server or the local stack's
 *       endpoints (REFINERY_S3_ENDPOINT...).</li>
 * </ul>
 */
public final class Invoke {
    private Invoke() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: Invoke <HandlerClass or simple name> <event.json>   (env REFINERY_INVOKE_STACK=memory|env)");
            System.exit(2);
        }
        String name = args[0].contains(".") ? args[0] : "dev.refinery.aws.handlers." + args[0];
        byte[] event = Files.readAllBytes(Path.of(args[1]));
        String stack = System.getenv().getOrDefault("REFINERY_INVOKE_STACK", "memory");
        Object handler = construct(Class.forName(name), stack);
        System.out.println(run(handler, event));
    }

    static Object construct(Class<?> type, String stack) throws ReflectiveOperationException {
        if ("env".equals(stack)) {
            return type.getConstructor().newInstance();
        }
        if (!"memory".equals(stack)) {
            throw new IllegalArgumentException("REFINERY_INVOKE_STACK must be memory or env, got " + stack);
        }
        Constructor<?> c = type.getConstructor(Wiring.class);
        return c.newInstance(memory());
    }

    /** A wiring over memory, with the configuration the environment gives (or defaults). */
    public static Wiring memory() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putIfAbsent("REFINERY_BUCKET", "refinery-local");
        RefineryConfig config = RefineryConfig.from(env);
        Clock clock = Clock.systemUTC();
        ImageLinks links = new ImageLinks() {
            @Override
            public PresignedPost uploadForm(String keyPrefix, String key, String contentType, long maxBytes, Duration ttl) {
                return new PresignedPost("memory://" + config.bucket(), key, Map.of("key", key, "Content-Type", contentType),
                        clock.instant().plus(ttl), maxBytes);
            }

            @Override
            public URI downloadUrl(String key, Duration ttl) {
                return URI.create("memory://" + config.bucket() + "/" + key.replace(" ", "%20"));
            }
        };
        InMemoryImageStore images = new InMemoryImageStore();
        InMemoryCatalogStore catalog = new InMemoryCatalogStore();
        InMemorySessionEventLog events = new InMemorySessionEventLog();
        return new Wiring(config, new InMemorySessionStore(), images, links, catalog, new InMemoryUploadLedger(), events,
                new RecordingWorkflowStarter(), new RecordingNotifier(), Engines.forControl(config), PresetCatalog.bundled(), clock);
    }

    /** Runs a handler the way the Lambda runtime would: stream handlers get the bytes, typed ones their event class. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static String run(Object handler, byte[] event) throws Exception {
        if (handler instanceof RequestStreamHandler s) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            s.handleRequest(new ByteArrayInputStream(event), out, null);
            return out.toString(StandardCharsets.UTF_8);
        }
        RequestHandler h = (RequestHandler) handler;
        Object input = handler.getClass().getSimpleName().equals("ApiHandler")
                ? LambdaEventSerializers.serializerFor(APIGatewayProxyRequestEvent.class, Invoke.class.getClassLoader())
                        .fromJson(new ByteArrayInputStream(event))
                : Json.MAPPER.readValue(event, Map.class);
        return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(h.handleRequest(input, null));
    }
}
