package dev.refinery.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.refinery.cli.PhotoResult;
import dev.refinery.cli.SessionOutputs;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.Preset;
import dev.refinery.domain.PresetCatalog;
import dev.refinery.domain.Session;
import dev.refinery.domain.SessionStatus;
import dev.refinery.domain.Stage;
import dev.refinery.engine.ImageCodec;
import dev.refinery.local.LocalStack;
import dev.refinery.local.workflow.ExecutionRecord;
import dev.refinery.pipeline.CheckOutcome;
import dev.refinery.quality.QualityChecker;
import dev.refinery.quality.QualityReport;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code OUT/<stem>/} for a session refined on the local stack, in make refine's layout (through
 * the CLI's {@link SessionOutputs}), plus what only the stack has: the upload's key and version,
 * and the execution with its history (the states entered, in order).
 */
final class StackReports {
    private final LocalStack stack;
    private final String tenant;
    private final String engine;
    private final List<String> presets;
    private final SessionOutputs outputs;
    private final PresetCatalog catalog = PresetCatalog.bundled();
    private final QualityChecker checker = new QualityChecker();

    StackReports(LocalStack stack, String tenant, String engine, List<String> presets) {
        this.stack = stack;
        this.tenant = tenant;
        this.engine = engine;
        this.presets = List.copyOf(presets);
        this.outputs = new SessionOutputs(stack.images(), v -> ImageCodec.decode(stack.images().get(v.imageKey())));
    }

    /** What became of one photo on the stack. */
    record Outcome(Path photo, String stem, LocalStack.Uploaded upload, String sessionId, ExecutionRecord execution, String rejection,
                   long millis, Instant uploadedAt) {
    }

    PhotoResult write(Outcome o, Path outDir) {
        ObjectNode report = SessionOutputs.JSON.createObjectNode();
        report.put("photo", o.photo().toString());
        report.put("engine", engine);
        report.set("presets", SessionOutputs.JSON.valueToTree(presets));
        Optional<Session> found = o.sessionId() == null ? Optional.empty() : stack.store().find(tenant, o.sessionId());
        if (o.sessionId() != null) {
            report.put("sessionId", o.sessionId());
        }
        List<ImageVersion> versions = found.map(s -> stack.store().versions(tenant, s.id())).orElse(List.of());
        String ioError = null;
        if (found.isPresent() && !versions.isEmpty()) {
            try {
                outputs.writeImages(found.get(), versions, outDir, report);
            } catch (IOException e) {
                ioError = "could not write the outputs: " + e.getMessage();
            }
        }
        if (found.isPresent()) {
            report.put("status", ioError != null ? SessionStatus.FAILED.name() : found.get().status().name());
            report.put("reason", ioError != null ? ioError : found.get().reason());
        } else {
            report.put("status", SessionStatus.FAILED.name());
            report.put("reason", o.rejection() == null ? "the upload started no session" : o.rejection());
        }
        if (o.execution() != null) {
            report.set("states", SessionOutputs.JSON.valueToTree(o.execution().statesEntered()));
            report.set("verdict", SessionOutputs.verdict(found.map(s -> recheck(s, versions)).orElse(null)));
        }
        Map<String, Double> metrics = found.map(s -> SessionOutputs.finalMetrics(s, versions)).orElse(Map.of());
        report.set("metrics", SessionOutputs.JSON.valueToTree(metrics));
        if (found.isPresent()) {
            report.set("timings", SessionOutputs.timings(versions, o.millis()));
            report.set("versions", SessionOutputs.versions(versions));
        }
        if (o.upload() != null) {
            ObjectNode upload = report.putObject("upload");
            upload.put("bucket", stack.bucket());
            upload.put("key", o.upload().key());
            upload.put("versionId", o.upload().versionId());
        }
        if (o.execution() != null) {
            report.set("execution", execution(o.execution()));
        }
        SessionOutputs.writeReport(outDir, report);
        return SessionOutputs.result(o.photo(), o.stem(), report, metrics, o.millis(), outDir);
    }

    private static ObjectNode execution(ExecutionRecord r) {
        ObjectNode e = SessionOutputs.JSON.createObjectNode();
        e.put("name", r.name());
        e.put("arn", r.executionArn());
        e.put("status", r.status());
        e.put("startedAt", r.startedAt().toString());
        if (r.stoppedAt() != null) {
            e.put("stoppedAt", r.stoppedAt().toString());
        }
        if (r.error() != null) {
            e.put("error", r.error());
            e.put("cause", r.cause());
        }
        ArrayNode history = e.putArray("history");
        for (JsonNode h : r.history()) {
            ObjectNode x = history.addObject();
            x.put("id", h.path("id").asLong());
            x.put("timestamp", h.path("timestamp").asText());
            x.put("type", h.path("type").asText());
            if (h.hasNonNull("state")) {
                x.put("state", h.get("state").asText());
            }
            JsonNode d = h.path("details");
            for (String f : List.of("error", "attempt", "delayMillis", "next")) {
                if (d.hasNonNull(f)) {
                    x.set(f, d.get(f));
                }
            }
        }
        return e;
    }

    /**
     * The quality check's findings per preset for the session's last renditions. The QualityCheck
     * stage keeps only its verdict (approval, note, check.* metrics) on each rendition, so the
     * findings are derived again with the same deterministic checker on the same stored rendition,
     * mask and master: the verdict the stage reached, in make refine's report shape.
     */
    private CheckOutcome recheck(Session s, List<ImageVersion> versions) {
        Optional<ImageVersion> head = versions.stream().filter(v -> v.number() == s.head()).findFirst();
        if (head.isEmpty()) {
            return null;
        }
        BufferedImage reference = null;
        List<QualityReport> reports = new ArrayList<>();
        for (String presetId : s.presets()) {
            Optional<ImageVersion> rendition = versions.stream()
                    .filter(v -> v.stage() == Stage.FINALIZE && presetId.equals(v.preset()) && v.slot().round() == s.round() && v.maskKey() != null)
                    .max(Comparator.comparingInt(ImageVersion::number));
            if (rendition.isEmpty()) {
                continue;
            }
            Preset preset = catalog.get(presetId);
            if (reference == null) {
                reference = ImageCodec.decode(stack.images().get(head.get().imageKey()));
            }
            BufferedImage ref = preset.background().kind() == Preset.Backdrop.Kind.SCENE ? null : reference;
            reports.add(checker.check(preset, stack.images().get(rendition.get().imageKey()),
                    ImageCodec.decode(stack.images().get(rendition.get().maskKey())), ref));
        }
        return reports.isEmpty() ? null : new CheckOutcome(reports.stream().allMatch(QualityReport::passed), reports, null, "", Map.of());
    }
}
