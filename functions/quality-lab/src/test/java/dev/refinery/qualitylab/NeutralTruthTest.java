package dev.refinery.qualitylab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Java neutral image is the photo lab's neutral truth: averaged over each region's inside it gives back the
 * {@code neutralSrgb} that {@code neutral.py} wrote into truth.json, on photos with each kind of fault it undoes.
 */
class NeutralTruthTest {
    private static final Path CORPUS = Path.of("../photolab/corpus");

    @Test
    void regionMeansOfTheNeutralImageAreTheCommittedNeutralTruth() throws IOException {
        // pl-029 faultless; pl-002 under-exposed, vignetted, green cast; pl-043 tungsten; pl-011 over-exposed, strong
        // vignetting, blue cast; pl-047 mixed light
        for (String id : new String[] {"pl-029", "pl-002", "pl-043", "pl-011", "pl-047"}) {
            Path dir = CORPUS.resolve(id);
            assumeTrue(Files.isRegularFile(dir.resolve("truth.json")), "the photo lab corpus (functions/photolab/corpus) is absent");
            CorpusPhoto p = CorpusPhoto.read(dir);
            Raster8 photo = Raster8.rgb(p.photo()), regions = Raster8.gray(p.regionsPng());
            Raster8 neutral = NeutralTruth.of(photo, regions, p.truth());
            assertThat(neutral).as(id).isNotNull();
            int w = photo.width(), h = photo.height();
            for (JsonNode r : p.truth().path("regions")) {
                boolean[] inside = NeutralTruth.erode(regions, r.path("id").asInt(), w, h, 3);
                double[] mean = new double[3];
                long n = 0;
                for (int i = 0; i < inside.length; i++) {
                    if (inside[i]) {
                        int v = neutral.px()[i];
                        mean[0] += (v >> 16) & 0xFF;
                        mean[1] += (v >> 8) & 0xFF;
                        mean[2] += v & 0xFF;
                        n++;
                    }
                }
                if (n < 50) {
                    continue;
                }
                JsonNode expected = r.path("neutralSrgb");
                for (int c = 0; c < 3; c++) {
                    // JPEG decoders differ by a level here and there (ImageIO against PIL); a region's mean by well under 2
                    assertThat(mean[c] / n).as(id + " " + r.path("name").asText() + " channel " + c)
                            .isCloseTo(expected.get(c).asDouble(), org.assertj.core.data.Offset.offset(2.0));
                }
            }
        }
    }

    @Test
    void aPerfectCutOfAFaultlessPhotoHasNoFringeWhileAWhiteRimDoes() throws IOException {
        Path dir = CORPUS.resolve("pl-029");
        assumeTrue(Files.isRegularFile(dir.resolve("truth.json")), "the photo lab corpus (functions/photolab/corpus) is absent");
        CorpusPhoto p = CorpusPhoto.read(dir);
        Raster8 photo = Raster8.rgb(p.photo()), regions = Raster8.gray(p.regionsPng());
        int w = photo.width(), h = photo.height();
        boolean[] mask = Raster8.gray(p.mask()).mask();
        Map<Integer, CorpusPhoto.Region> byId = new java.util.HashMap<>();
        p.regions().forEach(r -> byId.put(r.id(), r));
        FinalizeTransform identity = new FinalizeTransform(1, 0, 0, 0, 0, w, h, 1);
        Raster8 neutral = NeutralTruth.of(photo, regions, p.truth());

        double perfect = Evaluator.fringe(photo, identity, mask, regions, byId, neutral, w, h);
        double againstRegionMeans = Evaluator.fringe(photo, identity, mask, regions, byId, null, w, h);
        // the photo as shot, cut exactly: its own edge shading is no fringe
        assertThat(perfect).isLessThan(2.0);
        assertThat(againstRegionMeans).isGreaterThan(6.0);

        // the same cut-out three pixels tight, the background white showing in the band
        float[] inside = Segmentation.insideDistance(mask, w, h);
        int[] px = photo.px().clone();
        for (int i = 0; i < px.length; i++) {
            if (mask[i] && inside[i] <= 3) {
                px[i] = 0xFFFFFF;
            }
        }
        assertThat(Evaluator.fringe(new Raster8(w, h, px), identity, mask, regions, byId, neutral, w, h)).isGreaterThan(20.0);
    }
}
