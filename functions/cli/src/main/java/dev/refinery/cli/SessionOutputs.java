package dev.refinery.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.refinery.domain.Approval;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.Session;
import dev.refinery.domain.Stage;
import dev.refinery.engine.ImageCodec;
import dev.refinery.ports.ImageStore;
import dev.refinery.quality.Finding;
import dev.refinery.quality.QualityReport;
import dev.refinery.quality.StoredFindings;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code OUT/<stem>/} layout of a refined session, shared by {@code make refine} (the state machine
 * in-process) and {@code make run} (the local stack): {@code final[-<preset>].<ext>},
 * {@code cutout.png}, {@code versions/v<n>-<stage>.<ext>} and the parts of {@code report.json} that
 * describe the session (outputs, verdict, metrics, timings, versions). Reads images from any
 * {@link ImageStore}, so it serves the memory store and S3 alike.
 */
public final class SessionOutputs {
    public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ImageStore images;
    private final Function<ImageVersion, BufferedImage> decoder;

    /**
     * @param decoder the decoded image of a version (the refinement service's cached {@code load}, or a decode of the stored bytes)
     */
    public SessionOutputs(ImageStore images, Function<ImageVersion, BufferedImage> decoder) {
        this.images = images;
        this.decoder = decoder;
    }

    /** Writes every version, the final per preset and the cut-out; records them under {@code outputs} in the report. */
    public void writeImages(Session session, List<ImageVersion> versions, Path outDir, ObjectNode report) throws IOException {
        Files.createDirectories(outDir.resolve("versions"));
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
        versions.stream().filter(v -> v.stage() == Stage.BACKGROUND && v.approval() != Approval.REJECTED)
                .reduce((a, b) -> b)
                .ifPresent(cut -> {
                    BufferedImage cutout = decoder.apply(cut);
                    ImageVersion base = versions.get(0);
                    int w = Integer.parseInt(base.params().getOrDefault("originalWidth", String.valueOf(cutout.getWidth())));
                    int h = Integer.parseInt(base.params().getOrDefault("originalHeight", String.valueOf(cutout.getHeight())));
                    try {
                        // At the working size already (photos up to the working cap): the stored PNG is the cut-out.
                        byte[] png = cutout.getWidth() == w && cutout.getHeight() == h
                                ? images.get(cut.imageKey()) : ImageCodec.png(atSize(cutout, w, h));
                        Files.write(outDir.resolve("cutout.png"), png);
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

    /**
     * The quality check's findings per preset, as the check stage stored them on the session's last judged
     * rendition of each preset in its current round (empty before any check).
     */
    public static ObjectNode verdict(Session session, List<ImageVersion> versions) {
        ObjectNode v = JSON.createObjectNode();
        for (String preset : session.presets()) {
            versions.stream()
                    .filter(x -> x.stage() == Stage.FINALIZE && preset.equals(x.preset()) && x.slot().round() == session.round())
                    .map(StoredFindings::read)
                    .flatMap(Optional::stream)
                    .reduce((a, b) -> b)
                    .ifPresent(r -> verdict(v.putObject(preset), r));
        }
        return v;
    }

    private static void verdict(ObjectNode p, QualityReport r) {
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

    /** The metrics of the final renditions (prefixed by preset when there are several). */
    public static Map<String, Double> finalMetrics(Session session, List<ImageVersion> versions) {
        Map<String, Double> m = new LinkedHashMap<>();
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

    /** Milliseconds per stage (summed over its versions) and the total. */
    public static ObjectNode timings(List<ImageVersion> versions, long totalMillis) {
        ObjectNode t = JSON.createObjectNode();
        for (ImageVersion v : versions) {
            String k = v.stage().id();
            t.put(k, t.path(k).asLong(0) + v.millis());
        }
        t.put("total", totalMillis);
        return t;
    }

    /**
     * Each Lambda invocation of the execution, in order: the function (its name in the list of functions), the Task
     * state and the milliseconds from TaskScheduled to its end (the handler's work: what Lambda bills, less the AWS
     * round trips the memory stores do not make). What {@code Refinery cost} prices.
     */
    public static ArrayNode invocations(dev.refinery.workflow.runner.Execution execution) {
        ArrayNode arr = JSON.createArrayNode();
        Map<String, java.time.Instant> open = new java.util.HashMap<>();
        Map<String, String> function = new java.util.HashMap<>();
        for (var e : execution.history()) {
            switch (e.type()) {
                case TASK_SCHEDULED -> {
                    open.put(e.stateName(), e.timestamp());
                    String arn = e.details().path("function").asText("");
                    function.put(e.stateName(), java.util.Arrays.stream(dev.refinery.workflow.RefineryStateMachine.LambdaFunction.values())
                            .filter(f -> arn.endsWith(f.localName())).map(f -> f.spec().name()).findFirst().orElse(arn));
                }
                case TASK_SUCCEEDED, TASK_FAILED, TASK_TIMED_OUT -> {
                    java.time.Instant start = open.remove(e.stateName());
                    if (start != null) {
                        ObjectNode o = arr.addObject();
                        o.put("function", function.get(e.stateName()));
                        o.put("state", e.stateName());
                        o.put("millis", Math.round(java.time.Duration.between(start, e.timestamp()).toNanos() / 100_000.0) / 10.0);
                        o.put("outcome", e.type().name());
                    }
                }
                default -> { }
            }
        }
        return arr;
    }

    /** Every version with its lineage, what made it and its verdict. */
    public static ArrayNode versions(List<ImageVersion> versions) {
        ArrayNode arr = JSON.createArrayNode();
        for (ImageVersion v : versions) {
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

    public static void writeReport(Path outDir, ObjectNode report) {
        try {
            Files.createDirectories(outDir);
            JSON.writeValue(outDir.resolve("report.json").toFile(), report);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + outDir.resolve("report.json"), e);
        }
    }

    /** The summary row of a photo from its finished report. */
    public static PhotoResult result(Path input, String stem, ObjectNode report, Map<String, Double> metrics, long millis, Path outDir) {
        return new PhotoResult(input, stem, report.path("status").asText(),
                report.path("reason").isNull() ? null : report.path("reason").asText(null), metrics, millis, outDir);
    }
}
