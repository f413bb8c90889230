package dev.refinery.aws;

import dev.refinery.aws.config.RefineryConfig;
import dev.refinery.domain.EngineUnavailableException;
import dev.refinery.domain.Preset;
import dev.refinery.engine.EditRequest;
import dev.refinery.engine.EditResult;
import dev.refinery.engine.Finisher;
import dev.refinery.engine.ImageIngestor;
import dev.refinery.engine.RefinementEngine;
import dev.refinery.engine.Rendition;
import dev.refinery.ports.SpendTotals;
import dev.refinery.domain.Stage;
import java.awt.image.BufferedImage;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The engines, ingestor and finisher a function runs with. They are loaded by class name so that
 * each deployment package carries only what it needs: the stage package has the classic engine and
 * the openai engine, the control package has neither (it only validates engine ids against the
 * list the stage functions provide, REFINERY_ENGINES).
 */
public record Engines(List<RefinementEngine> engines, ImageIngestor ingestor, Finisher finisher) {
    private static final Logger LOG = LogManager.getLogger(Engines.class);

    public static final String CLASSIC_ENGINE = "dev.refinery.imaging.classic.ClassicEngine";
    public static final String CLASSIC_FINISHER = "dev.refinery.imaging.classic.ClassicFinisher";
    public static final String INGESTOR = "dev.refinery.imaging.ingest.SafeImageIngestor";
    /**
     * The openai engine's entry point: a public static {@code create(Map<String,String>, SpendTotals)} returning a
     * RefinementEngine, given the settings below ("apiKey" from Secrets Manager and every REFINERY_OPENAI_* variable)
     * and the spending totals the containers share.
     */
    public static final String OPENAI_FACTORY = "dev.refinery.openai.OpenAiEngineFactory";
    /** Wraps the classic finisher: renders the openai engine's scenes and declares AI provenance on finals. */
    public static final String SCENE_AWARE_FINISHER = "dev.refinery.openai.SceneAwareFinisher";

    public Engines {
        engines = List.copyOf(engines);
    }

    /** What runs the stages: the classic engine, ingestor and finisher, and the openai engine when configured. */
    public static Engines forStages(RefineryConfig config, Function<String, String> secretReader, Map<String, String> env) {
        return forStages(config, secretReader, env, null);
    }

    /**
     * As above; {@code spend} holds the tenants' AI spending for every container (the table in AWS), so the
     * openai engine's per-tenant caps hold across containers. Null: each process counts its own.
     */
    public static Engines forStages(RefineryConfig config, Function<String, String> secretReader, Map<String, String> env,
                                    SpendTotals spend) {
        List<RefinementEngine> list = new ArrayList<>();
        list.add(instantiate(CLASSIC_ENGINE, RefinementEngine.class));
        if (config.openaiSecretArn() != null && config.deployedEngines().contains("openai")) {
            Map<String, String> settings = new HashMap<>();
            env.forEach((k, v) -> {
                if (k.startsWith("REFINERY_OPENAI_") && !k.equals("REFINERY_OPENAI_SECRET_ARN")) {
                    settings.put(k, v);
                }
            });
            settings.put("apiKey", secretReader.apply(config.openaiSecretArn()));
            list.add(openai(settings, spend));
        }
        return new Engines(list, instantiate(INGESTOR, ImageIngestor.class), finisher(instantiate(CLASSIC_FINISHER, Finisher.class)));
    }

    /** The classic finisher, wrapped by the scene-aware one where the package carries the openai engine. */
    static Finisher finisher(Finisher classic) {
        try {
            return (Finisher) Class.forName(SCENE_AWARE_FINISHER).getConstructor(Finisher.class).newInstance(classic);
        } catch (ClassNotFoundException e) {
            return classic;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Could not create " + SCENE_AWARE_FINISHER + ": " + e, e);
        }
    }

    /**
     * What the control functions need: engine ids to validate requests against. An engine that
     * runs only in the stage functions is represented by its id; asking it to edit is an error.
     */
    public static Engines forControl(RefineryConfig config) {
        List<RefinementEngine> list = new ArrayList<>();
        for (String id : config.deployedEngines()) {
            list.add(new RunsInStageFunctions(id));
        }
        return new Engines(list, new IngestorInStageFunctions(), new FinisherInStageFunctions());
    }

    private static RefinementEngine openai(Map<String, String> settings, SpendTotals spend) {
        try {
            Class<?> factory = Class.forName(OPENAI_FACTORY);
            Method create = factory.getMethod("create", Map.class, SpendTotals.class);
            if (!Modifier.isStatic(create.getModifiers())) {
                throw new IllegalStateException(OPENAI_FACTORY + ".create(Map, SpendTotals) must be static");
            }
            return (RefinementEngine) create.invoke(null, Map.copyOf(settings), spend);
        } catch (ClassNotFoundException e) {
            throw new EngineUnavailableException("The openai engine is configured but not in this deployment package",
                    "deploy the stage functions from refinery-lambda-stages.jar built with refinery-engine-openai");
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("Could not create the openai engine: " + cause.getMessage(), cause);
        }
    }

    static <T> T instantiate(String className, Class<T> type) {
        try {
            Object o = Class.forName(className).getDeclaredConstructor().newInstance();
            LOG.debug("loaded {}", className);
            return type.cast(o);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(className + " is not on the classpath: the stage functions need refinery-imaging", e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Could not create " + className + ": " + e, e);
        }
    }

    public Optional<RefinementEngine> engine(String id) {
        return engines.stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /** An engine deployed in the stage functions; the control functions only know its id. */
    record RunsInStageFunctions(String id) implements RefinementEngine {
        @Override
        public EditResult edit(Stage stage, EditRequest request) {
            throw new EngineUnavailableException("The " + id + " engine runs in the stage functions, not here",
                    "invoke the stage handlers (refinery-lambda-stages.jar) for image work");
        }
    }

    record IngestorInStageFunctions() implements ImageIngestor {
        @Override
        public Ingested ingest(byte[] bytes, String fileName) {
            throw new EngineUnavailableException("Photos are ingested by the base stage function, not here",
                    "invoke BaseStageHandler from refinery-lambda-stages.jar");
        }
    }

    record FinisherInStageFunctions() implements Finisher {
        @Override
        public Rendition render(BufferedImage master, Preset preset, Map<String, String> hints) {
            throw new EngineUnavailableException("Renditions are made by the finalize stage function, not here",
                    "invoke FinalizeStageHandler from refinery-lambda-stages.jar");
        }
    }
}
