package dev.refinery.engine;

/**
 * An engine a deployment package can offer, found with {@link java.util.ServiceLoader}: a module lists its
 * provider in {@code META-INF/services/dev.refinery.engine.EngineProvider} (refinery-imaging: classic;
 * refinery-engine-openai: openai), and {@link EngineAssembly} puts together what a run needs from the
 * providers on the classpath. Nothing is looked up by class name.
 */
public interface EngineProvider {
    /** The engine id sessions name ({@code classic}, {@code openai}). */
    String id();

    /**
     * Builds the engine. Contacts nothing: a key or other secret is read through the context on first use,
     * never while the wiring is built (a SnapStart snapshot must hold no secret).
     */
    RefinementEngine create(EngineContext context);

    /** The deterministic ingestor, when this module has one (classic). */
    default ImageIngestor ingestor() {
        return null;
    }

    /** The deterministic finisher every preset is finished with, when this module has one (classic). */
    default Finisher finisher() {
        return null;
    }

    /** Wraps the finisher, e.g. to render the engine's scenes and declare AI provenance (openai); unchanged by default. */
    default Finisher decorate(Finisher finisher) {
        return finisher;
    }

    /** The product segmenter engines that lock the product use, when this module has one (classic). */
    default ProductSegmenter segmenter() {
        return null;
    }

    /** The light meter engines that do not measure light themselves record as evidence, when this module has one (classic). */
    default LightMeter lightMeter() {
        return null;
    }
}
