package dev.refinery.qualitylab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the command line wrote for one photo, {@code OUT/<stem>/}: {@code report.json} (status,
 * reason, verdict, versions with parameters), the final, {@code cutout.png}.
 *
 * @param finalizeParams the parameters of the finalize version that made the final written out (the one
 *                 whose bytes are the final's), or null when there is no final
 */
record Refined(Path dir, JsonNode report, String status, String reason, Path finalImage, Path cutout,
               Map<String, String> finalizeParams, double sourcePerMaster, long millis) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Refined read(Path dir, String preset) throws IOException {
        Path reportFile = dir.resolve("report.json");
        if (!Files.isRegularFile(reportFile)) {
            return new Refined(dir, JSON.createObjectNode(), "MISSING", "no report.json in " + dir, null, null, null, 1, 0);
        }
        JsonNode r = JSON.readTree(reportFile.toFile());
        String status = r.path("status").asText("UNKNOWN");
        String reason = r.path("reason").isNull() || r.path("reason").isMissingNode() ? null : r.path("reason").asText();
        JsonNode outputs = r.path("outputs");
        String finalName = outputs.path(preset).asText(null);
        Path fin = finalName == null ? null : dir.resolve(finalName);
        if (fin != null && !Files.isRegularFile(fin)) {
            fin = null;
        }
        Path cut = dir.resolve(outputs.path("cutout").asText("cutout.png"));
        if (!Files.isRegularFile(cut)) {
            cut = null;
        }
        Map<String, String> params = null;
        double sourcePerMaster = 1;
        JsonNode versions = r.path("versions");
        if (fin != null) {
            byte[] finalBytes = Files.readAllBytes(fin);
            JsonNode last = null;
            for (JsonNode v : versions) {
                if (!"finalize".equals(v.path("stage").asText()) || (v.has("preset") && !preset.equals(v.path("preset").asText()))) {
                    continue;
                }
                last = v;
                Path file = dir.resolve(v.path("file").asText(""));
                if (Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), finalBytes)) {
                    params = params(v);
                }
            }
            if (params == null && last != null) {
                params = params(last); // the versions folder is missing: the last finalize made the final
            }
        }
        for (JsonNode v : versions) {
            if ("base".equals(v.path("stage").asText())) {
                JsonNode p = v.path("params");
                double ow = p.path("originalWidth").asDouble(0), ww = p.path("width").asDouble(0);
                if (ow > 0 && ww > 0) {
                    sourcePerMaster = ow / ww;
                }
                break;
            }
        }
        return new Refined(dir, r, status, reason, fin, cut, params, sourcePerMaster, r.path("timings").path("total").asLong(0));
    }

    private static Map<String, String> params(JsonNode v) {
        Map<String, String> m = new LinkedHashMap<>();
        v.path("params").fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    /** The finalize transform, or null when there is no final or it records none (a scene, an AI-made final). */
    FinalizeTransform transform() {
        if (finalizeParams == null || !finalizeParams.containsKey("scale") || !finalizeParams.containsKey("crop") || !finalizeParams.containsKey("offsetX")) {
            return null;
        }
        return FinalizeTransform.of(finalizeParams, sourcePerMaster);
    }
}
