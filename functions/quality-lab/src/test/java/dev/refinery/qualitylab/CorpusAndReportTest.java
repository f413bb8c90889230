package dev.refinery.qualitylab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusAndReportTest {
    @TempDir
    Path tmp;

    @Test
    void readsThePhotoLabsIndexAndTruth() throws Exception {
        Path root = tmp.resolve("corpus");
        HandMade.corpusPhoto(root, "b-second");
        HandMade.corpusPhoto(root, "a-first");
        Files.createDirectories(root.resolve("c-still-rendering")); // no truth.json yet: skipped
        // the photo lab's index: {"count": n, "photos": [{"id": ..., "family": ...}]}
        ObjectNode idx = HandMade.JSON.createObjectNode().put("count", 2);
        ArrayNode photos = idx.putArray("photos");
        photos.addObject().put("id", "b-second").put("family", "hand-made");
        photos.addObject().put("id", "a-first").put("family", "hand-made");
        HandMade.JSON.writeValue(root.resolve("index.json").toFile(), idx);
        List<CorpusPhoto> corpus = CorpusPhoto.corpus(root);
        assertThat(corpus).extracting(CorpusPhoto::id).containsExactly("a-first", "b-second");
        CorpusPhoto p = corpus.get(0);
        assertThat(p.family()).isEqualTo("hand-made");
        assertThat(p.labelBox()).containsExactly(HandMade.LABEL);
        assertThat(p.regions()).extracting(CorpusPhoto.Region::name).containsExactly("body", "label");
        // without an index: every folder with a truth.json
        Files.delete(root.resolve("index.json"));
        assertThat(CorpusPhoto.corpus(root)).hasSize(2);
    }

    @Test
    void theFinalsTransformIsTheFinalizeVersionWhoseBytesItHas() throws Exception {
        Path dir = HandMade.refined(tmp, "box", "NEEDS_REVIEW", HandMade.exactCutout(), null);
        // a later, rejected finalize attempt with other parameters: not the final's
        ObjectNode report = (ObjectNode) HandMade.JSON.readTree(dir.resolve("report.json").toFile());
        ObjectNode other = ((ArrayNode) report.get("versions")).addObject();
        other.put("number", 7).put("stage", "finalize").put("preset", "amazon-main").put("file", "versions/v7-finalize-amazon-main.jpg");
        other.putObject("params").put("scale", "1.0").put("crop", "0,0,1,1").put("offsetX", "0").put("offsetY", "0").put("canvas", "2000x2000");
        Files.write(dir.resolve("versions/v7-finalize-amazon-main.jpg"), new byte[] {1, 2, 3});
        HandMade.JSON.writeValue(dir.resolve("report.json").toFile(), report);
        Refined r = Refined.read(dir, "amazon-main");
        assertThat(r.status()).isEqualTo("NEEDS_REVIEW");
        assertThat(r.reason()).isEqualTo("hand-made reason");
        assertThat(r.transform().scale()).isGreaterThan(20);
        assertThat(r.sourcePerMaster()).isEqualTo(1.0);
        assertThat(r.millis()).isEqualTo(123);
        // no report at all: MISSING
        assertThat(Refined.read(tmp.resolve("nothing"), "amazon-main").status()).isEqualTo("MISSING");
    }
}
