package dev.refinery.qualitylab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One photo of the photo lab's corpus, {@code corpus/<id>/}: {@code photo.jpg}, {@code mask.png}
 * (255 product), {@code regions.png} (k = product region k), {@code truth.json},
 * {@code clean-label.png} (the label box of a clean render) when the product has a label.
 */
record CorpusPhoto(Path dir, String id, String family, String kind, int[] labelBox, List<Region> regions, JsonNode truth) {
    static final ObjectMapper JSON = new ObjectMapper();

    /** A product region and its true colour (sRGB 0..255 and CIE Lab, D65). */
    record Region(int id, String name, int[] trueSrgb, double[] trueLab, long pixels) {
    }

    Path photo() {
        return dir.resolve("photo.jpg");
    }

    Path mask() {
        return dir.resolve("mask.png");
    }

    Path regionsPng() {
        return dir.resolve("regions.png");
    }

    /** Optional: the whole clean render (neutral light, correct exposure, no faults), pixel-aligned with the photo. */
    Path cleanRender() {
        return dir.resolve("clean.png");
    }

    Path cleanLabel() {
        return dir.resolve("clean-label.png");
    }

    static CorpusPhoto read(Path dir) {
        try {
            JsonNode t = JSON.readTree(dir.resolve("truth.json").toFile());
            String id = t.path("id").asText(dir.getFileName().toString());
            int[] box = null;
            JsonNode lb = t.path("labelBox");
            if (lb.isArray() && lb.size() == 4) {
                box = new int[] {lb.get(0).asInt(), lb.get(1).asInt(), lb.get(2).asInt(), lb.get(3).asInt()};
            }
            List<Region> regions = new ArrayList<>();
            for (JsonNode r : t.path("regions")) {
                // the neutral truth (photo lab's neutral.py: the photo with its faults and light colour divided out) when
                // the corpus has it; the clean render's colour (close to the albedo) otherwise
                boolean neutral = r.path("neutralSrgb").isArray() && r.path("neutralLab").isArray();
                JsonNode s = r.path(neutral ? "neutralSrgb" : "trueSrgb"), l = r.path(neutral ? "neutralLab" : "trueLab");
                int[] srgb = {s.path(0).asInt(), s.path(1).asInt(), s.path(2).asInt()};
                double[] lab = l.isArray() && l.size() == 3
                        ? new double[] {l.get(0).asDouble(), l.get(1).asDouble(), l.get(2).asDouble()}
                        : dev.refinery.color.ColorMath.rgbToLab((srgb[0] << 16) | (srgb[1] << 8) | srgb[2]);
                regions.add(new Region(r.path("id").asInt(), r.path("name").asText(""), srgb, lab, r.path("pixels").asLong()));
            }
            return new CorpusPhoto(dir, id, t.path("family").asText("unknown"), t.path("kind").asText("unknown"), box, regions, t);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve("truth.json"), e);
        }
    }

    /** Every photo of a corpus folder: the ids of {@code index.json} when it lists them, else every sub-folder with a truth.json; sorted by id. */
    static List<CorpusPhoto> corpus(Path root) throws IOException {
        List<Path> dirs = new ArrayList<>();
        Path index = root.resolve("index.json");
        if (Files.isRegularFile(index)) {
            JsonNode idx = JSON.readTree(index.toFile());
            JsonNode list = idx.isArray() ? idx : idx.has("photos") ? idx.get("photos") : JSON.createArrayNode();
            for (JsonNode e : list) {
                String id = e.isTextual() ? e.asText() : e.path("id").asText(null);
                if (id != null && Files.isRegularFile(root.resolve(id).resolve("truth.json"))) {
                    dirs.add(root.resolve(id));
                }
            }
        }
        if (dirs.isEmpty()) {
            try (Stream<Path> s = Files.list(root)) {
                s.filter(d -> Files.isRegularFile(d.resolve("truth.json")) && Files.isRegularFile(d.resolve("photo.jpg")))
                        .forEach(dirs::add);
            }
        }
        return dirs.stream().filter(d -> Files.isRegularFile(d.resolve("photo.jpg"))).sorted()
                .map(CorpusPhoto::read).toList();
    }
}
