package dev.refinery.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.refinery.aws.Engines;
import dev.refinery.cli.workflow.InProcessWorkflow;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.RefineryException;
import dev.refinery.domain.Session;
import dev.refinery.domain.SessionStatus;
import dev.refinery.domain.Source;
import dev.refinery.pipeline.RefinementService;
import dev.refinery.pipeline.StartRequest;
import dev.refinery.ports.memory.InMemoryImageStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import dev.refinery.workflow.runner.Execution;

/**
 * Refines photo files with the repo's state machine run in this process ({@link InProcessWorkflow}: the
 * definition's states, retries and fix-up loop, the contract's stage handlers, memory stores) and writes,
 * per photo, {@code OUT/<stem>/}: the final(s), the cut-out, every version and {@code report.json}, whose
 * {@code states} are the states the execution entered (as {@code make run}'s). One bad photo never stops the others.
 */
public final class PhotoRefiner {
    static final String TENANT = "local";
    private static final ObjectMapper JSON = SessionOutputs.JSON;

    private final InProcessWorkflow workflow;
    private final RefinementService service;
    private final InMemoryImageStore images;
    private final SessionOutputs outputs;
    private final List<String> presets;
    private final String engine;
    private final Map<String, Map<String, String>> facts;

    public PhotoRefiner(Engines engines, String engine, List<String> presets) {
        this(new InProcessWorkflow(engines), engine, presets);
    }

    /** Over a given workflow (tests give one whose retries do not really wait). */
    public PhotoRefiner(InProcessWorkflow workflow, String engine, List<String> presets) {
        this.workflow = workflow;
        this.images = workflow.images();
        this.service = workflow.wiring().service();
        this.outputs = new SessionOutputs(images, service::load);
        this.presets = List.copyOf(presets);
        this.engine = engine;
        this.facts = Map.of();
    }

    private PhotoRefiner(PhotoRefiner r, Map<String, Map<String, String>> facts) {
        this.workflow = r.workflow;
        this.images = r.images;
        this.service = r.service;
        this.outputs = r.outputs;
        this.presets = r.presets;
        this.engine = r.engine;
        this.facts = Map.copyOf(facts);
    }

    /** The same refiner, starting each photo's session with its facts (by the photo's stem): a size for true scale. */
    public PhotoRefiner withFacts(Map<String, Map<String, String>> facts) {
        return new PhotoRefiner(this, facts);
    }

    /** Refines one photo into {@code outDir}; never throws for a bad photo (the report says why). */
    public PhotoResult refine(Path photo, String stem, Path outDir) {
        long t0 = System.nanoTime();
        ObjectNode report = JSON.createObjectNode();
        report.put("photo", photo.toString());
        report.put("engine", engine);
        report.set("presets", JSON.valueToTree(presets));
        Session session = null;
        Execution execution = null;
        long photoBytes = 0;
        String key = "uploads/" + TENANT + "/" + stem + "/" + photo.getFileName();
        try {
            Files.createDirectories(outDir.resolve("versions"));
            byte[] bytes = Files.readAllBytes(photo);
            photoBytes = bytes.length;
            images.put(key, bytes, "application/octet-stream", Map.of("kind", "original"));
            session = service.start(new StartRequest(TENANT, null, stem, Source.upload("local", key, null), presets, engine, null,
                    facts.get(stem)));
            report.put("sessionId", session.id());
            execution = workflow.firstPass(TENANT, session.id());
            session = service.session(TENANT, session.id());
            outputs.writeImages(session, service.versions(TENANT, session.id()), outDir, report);
        } catch (RefineryException e) {
            session = session == null ? null : service.fail(TENANT, session.id(), e.reason());
            report.put("status", SessionStatus.FAILED.name());
            report.put("reason", e.reason());
        } catch (IOException e) {
            report.put("status", SessionStatus.FAILED.name());
            report.put("reason", "could not read or write files: " + e.getMessage());
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        if (session != null) {
            report.put("status", session.status().name());
            report.put("reason", session.reason());
        }
        List<ImageVersion> versions = session == null ? List.of() : service.versions(TENANT, session.id());
        if (execution != null) {
            report.set("states", JSON.valueToTree(execution.statesEntered()));
            report.set("invocations", SessionOutputs.invocations(execution));
            report.set("verdict", SessionOutputs.verdict(session, versions));
        }
        Map<String, Double> metrics = session == null ? Map.of() : SessionOutputs.finalMetrics(session, versions);
        report.set("metrics", JSON.valueToTree(metrics));
        if (session != null) {
            report.set("timings", SessionOutputs.timings(versions, millis));
            report.set("versions", SessionOutputs.versions(versions));
        }
        if (session != null) {
            // what the deployed functions would have asked of DynamoDB, S3 and EventBridge for this photo (Refinery cost)
            var usage = workflow.calls().take(session.id(), key);
            ObjectNode requests = report.putObject("portCalls");
            usage.calls().forEach(requests::put);
            report.put("storedBytesKept", usage.keptBytes() + photoBytes);
            report.put("storedBytesExpiring", usage.expiringBytes());
        }
        SessionOutputs.writeReport(outDir, report);
        // Everything of this photo is on disk now: a folder of any size runs in bounded memory.
        images.removeByPrefix(key);
        if (session != null) {
            images.removeByPrefix(dev.refinery.pipeline.SessionKeys.prefix(TENANT, session.id()));
        }
        return SessionOutputs.result(photo, stem, report, metrics, millis, outDir);
    }
}
