package dev.refinery.imaging.classic;

import dev.refinery.aws.Engines;
import dev.refinery.cli.workflow.InProcessWorkflow;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.Session;
import dev.refinery.domain.Source;
import dev.refinery.domain.Stage;
import dev.refinery.engine.ImageCodec;
import dev.refinery.pipeline.CheckOutcome;
import dev.refinery.pipeline.RefinementService;
import dev.refinery.pipeline.StartRequest;
import dev.refinery.ports.memory.InMemoryImageStore;
import dev.refinery.ports.memory.InMemorySessionStore;
import dev.refinery.quality.QualityReport;
import dev.refinery.quality.StoredFindings;
import dev.refinery.workflow.runner.Execution;
import dev.refinery.workflow.runner.ManualClock;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The classic engine and finisher through the repo's state machine run in-process (the contract's stage
 * handlers over in-memory stores, as make refine runs it; retries on a manual clock).
 */
final class PipelineFixture {
    static final String TENANT = "tenant-" + UUID.randomUUID();

    final InProcessWorkflow workflow;
    final InMemorySessionStore sessions;
    final InMemoryImageStore images;
    final RefinementService service;

    /** What ran: the session at the end, the states the execution entered, the last check's findings (null before a check). */
    record Run(Session session, List<String> states, CheckOutcome lastCheck) {
    }

    PipelineFixture() {
        ManualClock time = new ManualClock();
        workflow = new InProcessWorkflow(new Engines(List.of(new ClassicEngine()), new DecodingIngestor(), new ClassicFinisher()), time, time);
        sessions = workflow.sessions();
        images = workflow.images();
        service = workflow.wiring().service();
    }

    /** Uploads the photo as PNG and runs the first pass for the given presets. */
    Run refine(String name, BufferedImage photo, List<String> presets) {
        return refine(name, ImageCodec.png(photo), "png", presets);
    }

    Run refine(String name, byte[] upload, String extension, List<String> presets) {
        String key = "uploads/" + name + "-" + UUID.randomUUID() + "." + extension;
        images.put(key, upload, "image/" + extension, Map.of());
        var session = service.start(new StartRequest(TENANT, null, name, Source.upload("uploads", key, "v1"), presets,
                "classic", "test", Map.of()));
        Execution ex = workflow.firstPass(TENANT, session.id());
        return run(workflow, TENANT, session.id(), ex);
    }

    /** The run's outcome, the last check's findings as the check stage stored them on each preset's last rendition. */
    static Run run(InProcessWorkflow workflow, String tenant, String sessionId, Execution ex) {
        Session s = workflow.wiring().service().session(tenant, sessionId);
        List<ImageVersion> versions = workflow.wiring().service().versions(tenant, sessionId);
        List<QualityReport> reports = s.presets().stream()
                .map(p -> versions.stream().filter(v -> v.stage() == Stage.FINALIZE && p.equals(v.preset()))
                        .map(StoredFindings::read).flatMap(Optional::stream).reduce((a, b) -> b))
                .flatMap(Optional::stream).toList();
        CheckOutcome last = reports.isEmpty() ? null
                : new CheckOutcome(reports.stream().allMatch(QualityReport::passed), reports, null, "", Map.of());
        return new Run(s, ex.statesEntered(), last);
    }

    List<ImageVersion> versions(String sessionId) {
        return service.versions(TENANT, sessionId);
    }

    /** The latest approved version of a master stage. */
    ImageVersion latestApproved(String sessionId, Stage stage) {
        return versions(sessionId).stream()
                .filter(v -> v.stage() == stage && v.approval() == dev.refinery.domain.Approval.APPROVED)
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no approved " + stage.id() + " version"));
    }

    BufferedImage image(ImageVersion v) {
        return ImageCodec.decode(images.get(v.imageKey()));
    }

    BufferedImage mask(ImageVersion v) {
        return ImageCodec.decode(images.get(v.maskKey()));
    }
}
