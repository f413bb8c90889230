package dev.refinery.imaging.classic;

import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.PresetCatalog;
import dev.refinery.domain.Source;
import dev.refinery.domain.Stage;
import dev.refinery.engine.ImageCodec;
import dev.refinery.pipeline.LocalPipeline;
import dev.refinery.pipeline.RefinementService;
import dev.refinery.pipeline.StartRequest;
import dev.refinery.ports.memory.InMemoryImageStore;
import dev.refinery.ports.memory.InMemorySessionStore;
import dev.refinery.quality.QualityChecker;
import java.awt.image.BufferedImage;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The core pipeline wired with the classic engine and finisher over in-memory stores. */
final class PipelineFixture {
    static final String TENANT = "tenant-" + UUID.randomUUID();

    final InMemorySessionStore sessions = new InMemorySessionStore();
    final InMemoryImageStore images = new InMemoryImageStore();
    final RefinementService service;
    final LocalPipeline pipeline;

    PipelineFixture() {
        service = new RefinementService(sessions, images, List.of(new ClassicEngine()), new DecodingIngestor(),
                new ClassicFinisher(), new QualityChecker(), PresetCatalog.bundled(), Clock.systemUTC());
        pipeline = new LocalPipeline(service, 2, 1);
    }

    /** Uploads the photo as PNG and runs the first pass for the given presets. */
    LocalPipeline.Run refine(String name, BufferedImage photo, List<String> presets) {
        return refine(name, ImageCodec.png(photo), "png", presets);
    }

    LocalPipeline.Run refine(String name, byte[] upload, String extension, List<String> presets) {
        String key = "uploads/" + name + "-" + UUID.randomUUID() + "." + extension;
        images.put(key, upload, "image/" + extension, Map.of());
        var session = service.start(new StartRequest(TENANT, null, name, Source.upload("uploads", key, "v1"), presets,
                "classic", "test", Map.of()));
        return pipeline.runFirstPass(TENANT, session.id());
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
