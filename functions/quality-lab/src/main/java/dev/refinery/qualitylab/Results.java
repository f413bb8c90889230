package dev.refinery.qualitylab;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One run of make quality, as written to {@code OUT/results-<engine>.json} (for diffs between runs)
 * and rendered into docs/quality.md.
 *
 * @param corpusKind  "photolab" (the rendered corpus) or "fixture" (synthetic photos in its format, while the corpus is not there)
 * @param seconds     wall time per part of the run
 * @param notes       what the run could not do, and why
 * @param mutants     the quality check's mutation test (markdown), or null when not run (classic engine only)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record Results(String engine, String date, String corpus, String corpusKind, String preset, List<String> commands,
               Map<String, Double> seconds, List<PhotoScore> photos, List<Bars.Family> families, List<Bars.Bar> bars,
               List<RealWorldScore> realworld, String realworldNote, List<PhotoScore> synthetic, List<String> notes,
               String mutants) {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    void write(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }

    static Results read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), Results.class);
    }
}
