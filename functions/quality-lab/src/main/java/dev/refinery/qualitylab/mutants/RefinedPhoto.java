package dev.refinery.qualitylab.mutants;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.refinery.engine.ImageCodec;
import dev.refinery.quality.LightingIntent;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One photo as {@code make refine} left it in {@code OUT/<stem>/}: the seller's photo (the base
 * version), the master finalize rendered (its alpha is the cut-out), what lighting declared (null
 * when a step declared nothing, as in the pipeline) and
 * what the background stage measured, read from report.json and versions/.
 *
 * @param labelBox the label's box in photo pixels when the truth gives one, else null
 */
record RefinedPhoto(String stem, String status, String preset, BufferedImage base, BufferedImage master,
                    LightingIntent lighting, Map<String, Double> background, Rectangle labelBox) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static RefinedPhoto read(Path dir, Path truthDir) throws IOException {
        JsonNode report = JSON.readTree(dir.resolve("report.json").toFile());
        Map<Integer, JsonNode> byNumber = new HashMap<>();
        JsonNode finalize = null;
        for (JsonNode v : report.path("versions")) {
            byNumber.put(v.path("number").asInt(), v);
            if ("finalize".equals(v.path("stage").asText()) && "APPROVED".equals(v.path("approval").asText())) {
                finalize = v;
            }
        }
        if (finalize == null) {
            return null;
        }
        JsonNode head = byNumber.get(finalize.path("parent").asInt());
        JsonNode cur = head;
        JsonNode baseVersion = null;
        Map<String, Double> background = new LinkedHashMap<>();
        // the lineage's lighting steps, oldest first, composed as the pipeline's check composes them
        java.util.List<Map<String, String>> steps = new java.util.ArrayList<>();
        while (cur != null) {
            String stage = cur.path("stage").asText();
            if ("lighting".equals(stage)) {
                Map<String, String> params = new HashMap<>();
                cur.path("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
                steps.add(0, params);
            } else if ("background".equals(stage) && background.isEmpty()) {
                cur.path("metrics").fields().forEachRemaining(e -> background.put(e.getKey(), e.getValue().asDouble()));
            } else if ("base".equals(stage)) {
                baseVersion = cur;
            }
            int parent = cur.path("parent").asInt();
            cur = parent == 0 ? null : byNumber.get(parent);
        }
        LightingIntent lighting = LightingIntent.composed(steps);
        if (baseVersion == null || head == null) {
            return null;
        }
        BufferedImage base = ImageCodec.decode(Files.readAllBytes(dir.resolve(baseVersion.path("file").asText())));
        BufferedImage master = ImageCodec.decode(Files.readAllBytes(dir.resolve(head.path("file").asText())));
        Rectangle label = null;
        if (truthDir != null && Files.exists(truthDir.resolve("truth.json"))) {
            JsonNode box = JSON.readTree(truthDir.resolve("truth.json").toFile()).path("labelBox");
            if (box.isArray() && box.size() == 4) {
                label = new Rectangle(box.get(0).asInt(), box.get(1).asInt(), box.get(2).asInt(), box.get(3).asInt());
            }
        }
        return new RefinedPhoto(dir.getFileName().toString(), report.path("status").asText(), finalize.path("preset").asText(),
                base, master, lighting, background, label);
    }
}
