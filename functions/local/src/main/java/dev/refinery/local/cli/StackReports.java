package dev.refinery.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.refinery.cli.PhotoResult;
import dev.refinery.cli.SessionOutputs;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.Session;
import dev.refinery.domain.SessionStatus;
import dev.refinery.engine.ImageCodec;
import dev.refinery.local.LocalStack;
import dev.refinery.local.workflow.ExecutionRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
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
            report.set("verdict", found.map(s -> SessionOutputs.verdict(s, versions)).orElse(SessionOutputs.JSON.createObjectNode()));
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
        // the summary's ms is the photo's own processing (its stages' work), not the time its upload waited for a worker
        long processing = versions.isEmpty() ? o.millis() : versions.stream().mapToLong(ImageVersion::millis).sum();
        return SessionOutputs.result(o.photo(), o.stem(), report, metrics, processing, outDir);
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
}
