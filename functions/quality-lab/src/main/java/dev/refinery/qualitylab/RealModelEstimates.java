package dev.refinery.qualitylab;

import dev.refinery.engine.CostEstimate;
import dev.refinery.engine.EngineAssembly;
import dev.refinery.engine.EngineContext;
import dev.refinery.engine.RefinementEngine;
import dev.refinery.engine.EstimateRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The openai engine's own estimate of refining one corpus photo with the corpus's preset, as the session API gives it
 * before work starts: from its price table and output settings as this environment configures them
 * (REFINERY_OPENAI_MODEL, REFINERY_OPENAI_QUALITY, REFINERY_OPENAI_PRICES, ...), for the photo's own size. The key is
 * never read for it.
 */
final class RealModelEstimates {
    /** The state machine's fix-up bound (RefineryStateMachine.MAX_FIXUPS), unless REFINERY_MAX_FIXUPS says otherwise as it does for the pipeline. */
    static final int MAX_FIXUPS = 2;
    private static volatile RefinementEngine engine;

    private RealModelEstimates() {
    }

    static CostEstimate firstPass(CorpusPhoto photo) {
        int[] size = size(photo);
        int maxFixups = Integer.parseInt(System.getenv().getOrDefault("REFINERY_MAX_FIXUPS", String.valueOf(MAX_FIXUPS)));
        return engine().estimate(EstimateRequest.firstPass("quality-lab", List.of(QualityLab.CORPUS_PRESET), false, size[0], size[1], maxFixups));
    }

    private static RefinementEngine engine() {
        if (engine == null) {
            engine = EngineAssembly.load(List.of("openai"), new EngineContext(Map.copyOf(System.getenv()), () -> {
                throw new IllegalStateException("an estimate never calls the model");
            }, null, null)).engines().stream().filter(e -> e.id().equals("openai")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the openai engine is not on the quality lab's classpath"));
        }
        return engine;
    }

    /** The photo's width and height from its header, without decoding it. */
    static int[] size(CorpusPhoto photo) {
        try (ImageInputStream in = ImageIO.createImageInputStream(photo.photo().toFile())) {
            var readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IllegalStateException("not an image: " + photo.photo());
            }
            ImageReader r = readers.next();
            try {
                r.setInput(in);
                return new int[] {r.getWidth(0), r.getHeight(0)};
            } finally {
                r.dispose();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + photo.photo(), e);
        }
    }
}
