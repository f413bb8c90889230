package dev.refinery.imaging.classic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refinery.samples.SamplePhoto;
import dev.refinery.samples.SyntheticPhotos;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The segmenter runs its second GrabCut start on a helper thread and is shared by the photos a
 * folder run refines at once: concurrent segmentations must give exactly the sequential cuts.
 */
class SegmenterConcurrencyTest {

    @Test
    void concurrentSegmentationsGiveTheSequentialCuts() throws Exception {
        SyntheticPhotos generator = new SyntheticPhotos();
        List<SamplePhoto> photos = new ArrayList<>();
        for (var spec : generator.batchSpecs(2, 360, 270, 7)) {
            photos.add(generator.generate(spec));
        }
        ClassicSegmenter segmenter = new ClassicSegmenter();
        List<float[]> sequential = new ArrayList<>();
        for (SamplePhoto p : photos) {
            sequential.add(segmenter.segment(p.photo(), Map.of()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<float[]>> cuts = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                SamplePhoto p = photos.get(i % photos.size());
                cuts.add(pool.submit(() -> segmenter.segment(p.photo(), Map.of())));
            }
            for (int i = 0; i < cuts.size(); i++) {
                assertThat(cuts.get(i).get()).as("photo %d, run %d", i % photos.size(), i).containsExactly(sequential.get(i % photos.size()));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
