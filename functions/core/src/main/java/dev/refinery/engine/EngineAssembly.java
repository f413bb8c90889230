package dev.refinery.engine;

import dev.refinery.domain.EngineUnavailableException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The engines, ingestor and finisher a run uses, put together from the {@link EngineProvider}s on the
 * classpath: the one place engines are assembled, for the stage functions, the local stack and
 * {@code make refine} alike. The ingestor, finisher and segmenter come from the provider that has them
 * (classic); every provider present may decorate the finisher (openai's scenes and provenance).
 */
public record EngineAssembly(List<RefinementEngine> engines, ImageIngestor ingestor, Finisher finisher) {
    public EngineAssembly {
        engines = List.copyOf(engines);
    }

    /** The providers on this class loader's classpath, in the order ServiceLoader finds them. */
    public static List<EngineProvider> providers() {
        List<EngineProvider> out = new ArrayList<>();
        ServiceLoader.load(EngineProvider.class, EngineAssembly.class.getClassLoader()).forEach(out::add);
        return out;
    }

    /** The engines of the given ids (each built once), with the package's ingestor and finisher. */
    public static EngineAssembly load(List<String> ids, EngineContext context) {
        return load(providers(), ids, context);
    }

    /**
     * As above from given providers.
     *
     * @throws EngineUnavailableException when an engine is not in this package, or no provider has an ingestor and finisher
     */
    public static EngineAssembly load(List<EngineProvider> providers, List<String> ids, EngineContext context) {
        ImageIngestor ingestor = providers.stream().map(EngineProvider::ingestor).filter(x -> x != null).findFirst().orElse(null);
        Finisher finisher = providers.stream().map(EngineProvider::finisher).filter(x -> x != null).findFirst().orElse(null);
        if (ingestor == null || finisher == null) {
            throw new EngineUnavailableException("No engine module with an ingestor and a finisher is on the classpath (found: "
                    + providers.stream().map(EngineProvider::id).toList() + ")",
                    "package refinery-imaging (the classic engine) with the stage functions");
        }
        for (EngineProvider p : providers) {
            finisher = p.decorate(finisher);
        }
        ProductSegmenter segmenter = providers.stream().map(EngineProvider::segmenter).filter(x -> x != null).findFirst().orElse(null);
        LightMeter lightMeter = providers.stream().map(EngineProvider::lightMeter).filter(x -> x != null).findFirst().orElse(null);
        EngineContext withTools = context.withPhotoTools(segmenter, lightMeter);
        List<RefinementEngine> engines = new ArrayList<>();
        for (String id : new LinkedHashSet<>(ids)) {
            EngineProvider p = providers.stream().filter(x -> x.id().equals(id)).findFirst()
                    .orElseThrow(() -> new EngineUnavailableException("The " + id + " engine is not in this package (found: "
                            + providers.stream().map(EngineProvider::id).toList() + ")",
                            "openai".equals(id) ? "build the package with refinery-engine-openai (refinery-lambda-stages does)"
                                    : "use one of the engines found"));
            engines.add(p.create(withTools));
        }
        return new EngineAssembly(engines, ingestor, finisher);
    }
}
