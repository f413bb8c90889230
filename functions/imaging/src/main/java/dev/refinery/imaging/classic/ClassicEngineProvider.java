package dev.refinery.imaging.classic;

import dev.refinery.engine.EngineContext;
import dev.refinery.engine.EngineProvider;
import dev.refinery.engine.Finisher;
import dev.refinery.engine.ImageIngestor;
import dev.refinery.engine.ProductSegmenter;
import dev.refinery.engine.RefinementEngine;
import dev.refinery.imaging.ingest.SafeImageIngestor;

/**
 * The classic engine, with the deterministic pieces every run needs (the safe ingestor, the classic
 * finisher, the segmenter the openai engine locks the product with), for {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.refinery.engine.EngineProvider}).
 */
public final class ClassicEngineProvider implements EngineProvider {
    @Override
    public String id() {
        return "classic";
    }

    @Override
    public RefinementEngine create(EngineContext context) {
        return new ClassicEngine();
    }

    @Override
    public ImageIngestor ingestor() {
        return new SafeImageIngestor();
    }

    @Override
    public Finisher finisher() {
        return new ClassicFinisher();
    }

    @Override
    public ProductSegmenter segmenter() {
        return new ClassicSegmenter();
    }

    @Override
    public dev.refinery.engine.LightMeter lightMeter() {
        return new LightingCorrector();
    }
}
