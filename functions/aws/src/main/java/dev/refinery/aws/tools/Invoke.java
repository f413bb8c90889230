package dev.refinery.aws.tools;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.refinery.aws.Engines;
import dev.refinery.aws.Json;
import dev.refinery.aws.Wiring;
import dev.refinery.aws.config.RefineryConfig;
import dev.refinery.application.ports.ImageLinks;
import dev.refinery.application.ports.PresignedPost;
import dev.refinery.application.ports.memory.InMemoryCatalogStore;
import dev.refinery.application.ports.memory.InMemorySessionEventLog;
import dev.refinery.application.ports.memory.InMemoryUploadLedger;
import dev.refinery.application.ports.memory.RecordingNotifier;
import dev.refinery.application.ports.memory.RecordingWorkflowStarter;
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

    public static void main(String[] args) {
        System.exit(invoke(args, System.getenv().getOrDefault("REFINERY_INVOKE_STACK", "memory"), System.out, System.err));
    }

    /**
     * Runs the handler and prints its answer; every way it can go wrong is one line saying what to do (exit 2 for
     * a wrong command, 1 for a failed handler); REFINERY_INVOKE_TRACE=1 adds the stack trace.
     */
    static int invoke(String[] args, String stack, java.io.PrintStream out, java.io.PrintStream err) {
        if (args.length != 2) {
            err.println("usage: make invoke FN=<handler, e.g. UploadTriggerHandler> EVENT=<event file, e.g. events/s3-put-upload.json> [STACK=memory|env]");
            return 2;
        }
        String name = args[0].contains(".") ? args[0] : "dev.refinery.aws.handlers." + args[0];
        Path eventFile = Path.of(args[1]);
        if (!Files.isRegularFile(eventFile)) {
            err.println("invoke: no event file " + eventFile + ": pass one of the files in events/ (events/README.md says which handler takes which)");
            return 2;
        }
        Class<?> type;
        try {
            type = Class.forName(name);
        } catch (ClassNotFoundException e) {
            err.println("invoke: no handler " + args[0] + ": use a class of dev.refinery.aws.handlers by its simple name, e.g. "
                    + "UploadTriggerHandler, ApiHandler, PublisherHandler, LightingStageHandler (events/README.md lists them)");
            return 2;
        }
        try {
            Object handler = construct(type, stack);
            out.println(run(handler, Files.readAllBytes(eventFile)));
            return 0;
        } catch (Exception e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException && e.getCause() != null ? e.getCause() : e;
            String hint = cause instanceof dev.refinery.domain.NotFoundException && "memory".equals(stack)
                    ? " (STACK=memory starts empty: start with the upload trigger's event, or run on the local stack with STACK=env)"
                    : cause instanceof NoSuchMethodException
                    ? " (" + type.getSimpleName() + " is not a Lambda handler with a Wiring constructor: pick a class in dev.refinery.aws.handlers)"
                    : "";
            err.println("invoke: " + type.getSimpleName() + " failed: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + hint);
            if ("1".equals(System.getenv("REFINERY_INVOKE_TRACE"))) {
                cause.printStackTrace(err);
            } else {
                err.println("invoke: REFINERY_INVOKE_TRACE=1 shows the stack trace");
            }
            return 1;
        }
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

            @Override
            public URI attachmentUrl(String key, Duration ttl, String fileName) {
                return URI.create("memory://" + config.bucket() + "/" + key.replace(" ", "%20") + "?response-content-disposition="
                        + java.net.URLEncoder.encode(ImageLinks.attachment(fileName), java.nio.charset.StandardCharsets.UTF_8));
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
