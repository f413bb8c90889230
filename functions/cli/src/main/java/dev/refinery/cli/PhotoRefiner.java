package dev.refinery.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.PresetCatalog;
import dev.refinery.domain.RefineryException;
import dev.refinery.domain.Session;
import dev.refinery.domain.SessionStatus;
import dev.refinery.domain.Source;
import dev.refinery.domain.Stage;
import dev.refinery.engine.Finisher;
import dev.refinery.engine.ImageCodec;
import dev.refinery.engine.ImageIngestor;
import dev.refinery.engine.RefinementEngine;
import dev.refinery.imaging.ingest.SafeImageIngestor;
import dev.refinery.pipeline.CheckOutcome;
import dev.refinery.pipeline.LocalPipeline;
import dev.refinery.pipeline.RefinementService;
import dev.refinery.pipeline.StartRequest;
import dev.refinery.ports.memory.InMemoryImageStore;
import dev.refinery.ports.memory.InMemorySessionStore;
import dev.refinery.quality.Finding;
import dev.refinery.quality.QualityReport;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Refines photo files with the in-process pipeline and writes, per photo, {@code OUT/<stem>/}:
 * the final(s), the cut-out, every version and {@code report.json}. One bad photo never stops the others.
 */
public final class PhotoRefiner {
    static final String TENANT = "local";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final RefinementService service;
    private final InMemoryImageStore images;
    private final LocalPipeline pipeline;
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
            writeOutputs(session, outDir, report);
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
            report.set("verdict", verdict(run.lastCheck()));
        }
        Map<String, Double> metrics = session == null ? Map.of() : finalMetrics(session);
        report.set("metrics", JSON.valueToTree(metrics));
        if (session != null) {
            report.set("timings", timings(session, millis));
            report.set("versions", versions(session));
        }
        try {
            Files.createDirectories(outDir);
            JSON.writeValue(outDir.resolve("report.json").toFile(), report);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + outDir.resolve("report.json"), e);
        }
        return new PhotoResult(photo, stem, report.path("status").asText(), report.path("reason").isNull() ? null : report.path("reason").asText(null),
                metrics, millis, outDir);
    }

    private void writeOutputs(Session session, Path outDir, ObjectNode report) throws IOException {
        List<ImageVersion> versions = service.versions(TENANT, session.id());
        for (ImageVersion v : versions) {
            Files.write(outDir.resolve("versions").resolve(v.fileName()), images.get(v.imageKey()));
        }
        ObjectNode outputs = report.putObject("outputs");
        for (String preset : session.presets()) {
            // The approved final; when the check could not pass, the last attempt (the report says NEEDS_REVIEW).
            ImageVersion fin = session.finals().containsKey(preset)
                    ? versions.stream().filter(v -> v.number() == session.finals().get(preset)).findFirst().orElseThrow()
                    : versions.stream().filter(v -> v.stage() == Stage.FINALIZE && preset.equals(v.preset())).reduce((a, b) -> b).orElse(null);
            if (fin == null) {
                continue;
            }
            String ext = fin.imageKey().substring(fin.imageKey().lastIndexOf('.') + 1);
            String name = session.presets().size() == 1 ? "final." + ext : "final-" + preset + "." + ext;
            Files.write(outDir.resolve(name), images.get(fin.imageKey()));
            outputs.put(preset, name);
        }
        versions.stream().filter(v -> v.stage() == Stage.BACKGROUND && v.approval() != dev.refinery.domain.Approval.REJECTED)
                .reduce((a, b) -> b)
                .ifPresent(cut -> {
                    BufferedImage cutout = service.load(cut);
                    ImageVersion base = versions.get(0);
                    int w = Integer.parseInt(base.params().getOrDefault("originalWidth", String.valueOf(cutout.getWidth())));
                    int h = Integer.parseInt(base.params().getOrDefault("originalHeight", String.valueOf(cutout.getHeight())));
                    try {
                        Files.write(outDir.resolve("cutout.png"), ImageCodec.png(atSize(cutout, w, h)));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    outputs.put("cutout", "cutout.png");
                });
    }

    /** The cut-out at the source photo's (upright) resolution: the working image may have been capped. */
    private static BufferedImage atSize(BufferedImage img, int w, int h) {
        if (img.getWidth() == w && img.getHeight() == h) {
            return img;
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    private ObjectNode verdict(CheckOutcome check) {
        ObjectNode v = JSON.createObjectNode();
        if (check == null) {
            return v;
        }
        for (QualityReport r : check.reports()) {
            ObjectNode p = v.putObject(r.preset());
            p.put("passed", r.passed());
            ArrayNode findings = p.putArray("findings");
            for (Finding f : r.findings()) {
                ObjectNode fo = findings.addObject();
                fo.put("check", f.check());
                fo.put("passed", f.passed());
                if (!Double.isNaN(f.measured())) {
                    fo.put("measured", f.measured());
                }
                fo.put("expected", f.expected());
                if (!f.passed()) {
                    fo.put("message", f.message());
                }
            }
        }
        return v;
    }

    private Map<String, Double> finalMetrics(Session session) {
        Map<String, Double> m = new LinkedHashMap<>();
        List<ImageVersion> versions = service.versions(TENANT, session.id());
        for (ImageVersion v : versions) {
            if (v.stage() == Stage.FINALIZE && session.finals().getOrDefault(v.preset(), -1) == v.number()) {
                v.metrics().forEach((k, val) -> m.put((session.presets().size() == 1 ? "" : v.preset() + ".") + k, val));
            }
        }
        if (m.isEmpty()) {
            versions.stream().filter(v -> v.stage() == Stage.FINALIZE).reduce((a, b) -> b)
                    .ifPresent(v -> m.putAll(v.metrics()));
        }
        return m;
    }

    private ObjectNode timings(Session session, long totalMillis) {
        ObjectNode t = JSON.createObjectNode();
        for (ImageVersion v : service.versions(TENANT, session.id())) {
            String k = v.stage().id();
            t.put(k, t.path(k).asLong(0) + v.millis());
        }
        t.put("total", totalMillis);
        return t;
    }

    private ArrayNode versions(Session session) {
        ArrayNode arr = JSON.createArrayNode();
        for (ImageVersion v : service.versions(TENANT, session.id())) {
            ObjectNode o = arr.addObject();
            o.put("number", v.number());
            o.put("parent", v.parent());
            o.put("stage", v.stage().id());
            if (v.preset() != null) {
                o.put("preset", v.preset());
            }
            o.put("round", v.slot().round());
            o.put("iteration", v.slot().iteration());
            o.put("engine", v.engine());
            o.put("file", "versions/" + v.fileName());
            o.put("approval", v.approval().name());
            if (v.note() != null) {
                o.put("note", v.note());
            }
            o.put("millis", v.millis());
            o.put("costUsd", v.costUsd());
            o.set("params", JSON.valueToTree(v.params()));
            o.set("metrics", JSON.valueToTree(v.metrics()));
        }
        return arr;
    }
}
