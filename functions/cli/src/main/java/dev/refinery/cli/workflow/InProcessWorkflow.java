package dev.refinery.cli.workflow;

import dev.refinery.aws.Engines;
import dev.refinery.aws.Wiring;
import dev.refinery.aws.config.RefineryConfig;
import dev.refinery.application.ports.ImageLinks;
import dev.refinery.application.ports.PresignedPost;
import dev.refinery.application.ports.CatalogStore;
import dev.refinery.application.ports.CompletionNotifier;
import dev.refinery.application.ports.SessionEventLog;
import dev.refinery.application.ports.memory.InMemoryCatalogStore;
import dev.refinery.application.ports.memory.InMemorySessionEventLog;
import dev.refinery.application.ports.memory.InMemoryUploadLedger;
import dev.refinery.application.ports.memory.RecordingWorkflowStarter;
import dev.refinery.domain.PresetCatalog;
import dev.refinery.domain.Session;
import dev.refinery.domain.Stage;
import dev.refinery.domain.InvalidInputException;
import dev.refinery.feedback.FeedbackPlan;
import dev.refinery.feedback.RoundPlanning;
import dev.refinery.ports.ImageStore;
import dev.refinery.ports.SessionStore;
import dev.refinery.ports.memory.InMemoryImageStore;
import dev.refinery.ports.memory.InMemorySessionStore;
import dev.refinery.workflow.runner.AslRunner;
import dev.refinery.workflow.runner.Execution;
import dev.refinery.workflow.runner.Sleeper;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The repo's state machine ({@code refinery.asl.json}) run in this process over in-memory adapters:
 * the stage handlers the contract deploys, built with a {@link Wiring} of memory stores, each called
 * by the ASL runner as Step Functions calls its Lambda (retries, backoff, the fix-up loop and the
 * state names are the definition's). Images travel as keys in the memory store, never through the
 * state. What {@code make refine} and {@code make bench} run.
 */
public final class InProcessWorkflow {
    private final InMemoryImageStore images = new InMemoryImageStore();
    private final InMemorySessionStore sessions = new InMemorySessionStore();
    private final PortCalls calls = new PortCalls();
    private final Wiring wiring;
    private final AslRunner runner;

    /**
     * @param clock   the sessions' and the runner's clock
     * @param sleeper how the runner waits between retries and in Wait states (tests pass a ManualClock: nothing sleeps)
     */
    public InProcessWorkflow(Engines engines, Clock clock, Sleeper sleeper) {
        this(engines, clock, sleeper, false);
    }

    /**
     * @param containerPerFunction each Lambda function's handlers get a wiring of their own over the same stores, as
     *                             deployed functions run in containers of their own: a stage then reads its input
     *                             from the image store and decodes it, where one shared wiring hands the previous
     *                             stage's decoded image over in memory ({@code RefinementService}'s cache). What
     *                             {@code Refinery cost} measures; {@code make refine} and {@code make bench} share one.
     */
    public InProcessWorkflow(Engines engines, Clock clock, Sleeper sleeper, boolean containerPerFunction) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("REFINERY_BUCKET", "refinery-local");
        env.put("REFINERY_STATE_MACHINE_ARN", StateMachineFunctions.STATE_MACHINE_ARN);
        env.put("REFINERY_ENGINES", String.join(",", engines.engines().stream().map(e -> e.id()).toList()));
        RefineryConfig config = RefineryConfig.from(env);
        // the handlers' calls on the ports that are AWS services when deployed are counted per session (PortCalls)
        SessionStore countedSessions = calls.wrap(SessionStore.class, sessions);
        ImageStore countedImages = calls.wrap(ImageStore.class, images);
        CatalogStore catalog = calls.wrap(CatalogStore.class, new InMemoryCatalogStore());
        SessionEventLog events = calls.wrap(SessionEventLog.class, new InMemorySessionEventLog());
        CompletionNotifier notifier = calls.wrap(CompletionNotifier.class, event -> { });
        // one table's brand kits, which every function's wiring reads
        dev.refinery.ports.BrandKits kits = new dev.refinery.ports.memory.InMemoryBrandKits();
        java.util.function.Supplier<Wiring> wire = () -> new Wiring(config, countedSessions, countedImages,
                new MemoryLinks(config.bucket(), clock), catalog, new InMemoryUploadLedger(), events, new RecordingWorkflowStarter(),
                notifier, engines, PresetCatalog.bundled(), clock).withBrandKits(kits);
        this.wiring = wire.get();
        var handlers = containerPerFunction ? StateMachineFunctions.handlers(f -> wire.get()) : StateMachineFunctions.handlers(wiring);
        this.runner = StateMachineFunctions.runner(handlers, f -> f.timeoutSeconds() * 1000L).clock(clock).sleeper(sleeper).build();
    }

    /** Real time: retries wait as the definition says. */
    public InProcessWorkflow(Engines engines) {
        this(engines, Clock.systemUTC(), Sleeper.REAL);
    }

    public Wiring wiring() {
        return wiring;
    }

    public InMemoryImageStore images() {
        return images;
    }

    public InMemorySessionStore sessions() {
        return sessions;
    }

    /** The handlers' calls on the AWS-backed ports, per session. */
    public PortCalls calls() {
        return calls;
    }

    public AslRunner runner() {
        return runner;
    }

    /** Runs a session's first pass (base, edits, finalize, check, the fix-up loop, publish) to its end. */
    public Execution firstPass(String tenant, String sessionId) {
        return runner.run(Map.of("tenant", tenant, "sessionId", sessionId, "mode", "first-pass"), "first-pass-" + sessionId);
    }

    /**
     * Opens a feedback round as the session API does (the round, the stage the feedback is about) and runs it:
     * that stage edits the head, then finalize, the check and its fix-up loop, publish.
     */
    public Execution feedbackRound(String tenant, String sessionId, String feedback) {
        var service = wiring.service();
        var versions = service.versions(tenant, sessionId);
        Session current = service.session(tenant, sessionId);
        FeedbackPlan plan = RoundPlanning.plan(service.planner(current.engine()), current, versions, service.presets(), feedback);
        if (!plan.actionable()) {
            throw new InvalidInputException("Nothing in this feedback can be done: " + plan.answer(), "ask for: " + String.join(", ", plan.capabilities()));
        }
        Session s = service.beginRound(tenant, sessionId);
        RoundPlanning.Run run = RoundPlanning.run(plan, s, versions);
        return runner.run(Map.of("tenant", tenant, "sessionId", sessionId, "mode", "feedback-round",
                "feedback", feedback, "feedbackStage", run.firstStage(), "hints", plan.hints(), "plan", run.editStages()),
                "round-" + s.round() + "-" + sessionId);
    }

    /** Links to memory objects: nothing here serves them, the stages never ask for one. */
    private record MemoryLinks(String bucket, Clock clock) implements ImageLinks {
        @Override
        public PresignedPost uploadForm(String keyPrefix, String key, String contentType, long maxBytes, Duration ttl) {
            return new PresignedPost("memory://" + bucket, key, Map.of("key", key, "Content-Type", contentType), clock.instant().plus(ttl), maxBytes);
        }

        @Override
        public URI downloadUrl(String key, Duration ttl) {
            return URI.create("memory://" + bucket + "/" + key.replace(" ", "%20"));
        }

        @Override
        public URI attachmentUrl(String key, Duration ttl, String fileName) {
            return URI.create("memory://" + bucket + "/" + key.replace(" ", "%20") + "?response-content-disposition="
                    + java.net.URLEncoder.encode(ImageLinks.attachment(fileName), java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
