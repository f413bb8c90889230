package dev.refinery.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.PresetCatalog;
import dev.refinery.domain.RefineryException;
import dev.refinery.domain.Session;
import dev.refinery.domain.SessionStatus;
import dev.refinery.domain.Source;
import dev.refinery.engine.Finisher;
import dev.refinery.engine.ImageIngestor;
import dev.refinery.engine.RefinementEngine;
import dev.refinery.imaging.ingest.SafeImageIngestor;
import dev.refinery.pipeline.LocalPipeline;
import dev.refinery.pipeline.RefinementService;
import dev.refinery.pipeline.StartRequest;
import dev.refinery.ports.memory.InMemoryImageStore;
import dev.refinery.ports.memory.InMemorySessionStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Refines photo files with the in-process pipeline and writes, per photo, {@code OUT/<stem>/}:
 * the final(s), the cut-out, every version and {@code report.json}. One bad photo never stops the others.
 */
public final class PhotoRefiner {
    static final String TENANT = "local";
    private static final ObjectMapper JSON = SessionOutputs.JSON;

    private final RefinementService service;
    private final InMemoryImageStore images;
    private final LocalPipeline pipeline;
    private final SessionOutputs outputs;
    private final List<String> presets;
    private final String engine;

    public PhotoRefiner(List<RefinementEngine> engines, String engine, List<String> presets, int maxFixups) {
        this(engines, engine, presets, maxFixups, new SafeImageIngestor(), Engines.finisher());
    }

    PhotoRefiner(List<RefinementEngine> engines, String engine, List<String> presets, int maxFixups,
                 ImageIngestor ingestor, Finisher finisher) {
        this.images = new InMemoryImageStore();
        this.service = new RefinementService(new InMemorySessionStore(), images, engines, ingestor, finisher,
                new dev.refinery.quality.QualityChecker(), PresetCatalog.bundled(), Clock.systemUTC());
        this.pipeline = new LocalPipeline(service, maxFixups, 3);
        this.outputs = new SessionOutputs(images, service::load);
        this.presets = List.copyOf(presets);
        this.engine = engine;
    }

    /** Refines one photo into {@code outDir}; never throws for a bad photo (the report says why). */
    public PhotoResult refine(Path photo, String stem, Path outDir) {
        long t0 = System.nanoTime();
        ObjectNode report = JSON.createObjectNode();
        report.put("photo", photo.toString());
        report.put("engine", engine);
        report.set("presets", JSON.valueToTree(presets));
        Session session = null;
        LocalPipeline.Run run = null;
        try {
            Files.createDirectories(outDir.resolve("versions"));
            byte[] bytes = Files.readAllBytes(photo);
            String key = "uploads/" + TENANT + "/" + stem + "/" + photo.getFileName();
            images.put(key, bytes, "application/octet-stream", Map.of("kind", "original"));
            session = service.start(new StartRequest(TENANT, null, stem, Source.upload("local", key, null), presets, engine, null, null));
            report.put("sessionId", session.id());
            run = pipeline.runFirstPass(TENANT, session.id());
            session = run.session();
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
        if (run != null) {
            report.set("states", JSON.valueToTree(run.states()));
            report.set("verdict", SessionOutputs.verdict(run.lastCheck()));
        }
        List<ImageVersion> versions = session == null ? List.of() : service.versions(TENANT, session.id());
        Map<String, Double> metrics = session == null ? Map.of() : SessionOutputs.finalMetrics(session, versions);
        report.set("metrics", JSON.valueToTree(metrics));
        if (session != null) {
            report.set("timings", SessionOutputs.timings(versions, millis));
            report.set("versions", SessionOutputs.versions(versions));
        }
        SessionOutputs.writeReport(outDir, report);
        return SessionOutputs.result(photo, stem, report, metrics, millis, outDir);
    }
}
