package dev.refinery.aws;

import dev.refinery.aws.config.RefineryConfig;
import dev.refinery.domain.EngineUnavailableException;
import dev.refinery.domain.Preset;
import dev.refinery.engine.EditRequest;
import dev.refinery.engine.EditResult;
import dev.refinery.engine.EngineAssembly;
import dev.refinery.engine.EngineContext;
import dev.refinery.engine.Finisher;
import dev.refinery.engine.ImageIngestor;
import dev.refinery.engine.RefinementEngine;
import dev.refinery.engine.Rendition;
import dev.refinery.ports.SpendTotals;
import dev.refinery.domain.Stage;
import java.awt.image.BufferedImage;
import dev.refinery.feedback.FeedbackPlanner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The engines, ingestor and finisher a function runs with. The stage functions get them from the engine
 * providers on the classpath ({@link EngineAssembly}, {@code java.util.ServiceLoader}): each deployment
 * package carries only what it needs (the stage package the classic and openai modules, the control package
 * neither: it only validates engine ids against the list the stage functions provide, REFINERY_ENGINES).
 * This module compiles against no engine.
 */
public record Engines(List<RefinementEngine> engines, ImageIngestor ingestor, Finisher finisher) {
    public Engines {
        engines = List.copyOf(engines);
    }

    /** What runs the stages: the classic engine, ingestor and finisher, and the openai engine when configured. */
    public static Engines forStages(RefineryConfig config, Function<String, String> secretReader, Map<String, String> env) {
        return forStages(config, secretReader, env, null);
    }

    /**
     * As above; {@code spend} holds the tenants' AI spending for every container (the table in AWS), so the
     * openai engine's per-tenant caps hold across containers. Null: each process counts its own. The key is
     * read with {@code secretReader} when the openai engine first calls the model, never here.
     */
    public static Engines forStages(RefineryConfig config, Function<String, String> secretReader, Map<String, String> env,
                                    SpendTotals spend) {
        List<String> ids = new ArrayList<>(List.of("classic"));
        Map<String, String> settings = new HashMap<>();
        Supplier<String> key = null;
        if (config.openaiSecretArn() != null && config.deployedEngines().contains("openai")) {
            ids.add("openai");
            env.forEach((k, v) -> {
                if ((k.startsWith("REFINERY_OPENAI_") && !k.equals("REFINERY_OPENAI_SECRET_ARN")) || k.equals("OPENAI_BASE_URL")) {
                    settings.put(k, v);
                }
            });
            String arn = config.openaiSecretArn();
            key = () -> secretReader.apply(arn);
        }
        return of(EngineAssembly.load(ids, new EngineContext(settings, key, spend, null)));
    }

    /** The engines of the given ids from the providers on the classpath, as a command-line run wants them. */
    public static Engines load(List<String> ids, EngineContext context) {
        return of(EngineAssembly.load(ids, context));
    }

    public static Engines of(EngineAssembly a) {
        return new Engines(a.engines(), a.ingestor(), a.finisher());
    }

    /**
     * What the control functions need: engine ids to validate requests against. An engine that
     * runs only in the stage functions is represented by its id; asking it to edit is an error.
     */
    public static Engines forControl(RefineryConfig config) {
        return forControl(config, null);
    }

    /**
     * As above; {@code remotePlanner} plans the feedback of every engine but classic (whose grammar runs here): the
     * stage package's planner function ({@code LambdaFeedbackPlanner}). Null: those rounds are planned from the
     * words alone ({@link dev.refinery.feedback.FreeTextPlanner}).
     */
    public static Engines forControl(RefineryConfig config, FeedbackPlanner remotePlanner) {
        List<RefinementEngine> list = new ArrayList<>();
        for (String id : config.deployedEngines()) {
            boolean classic = "classic".equals(id);
            list.add(new RunsInStageFunctions(id, classic ? null : remotePlanner,
                    !classic && remotePlanner instanceof dev.refinery.aws.planner.LambdaFeedbackPlanner remote ? remote::estimate : null));
        }
        return new Engines(list, new IngestorInStageFunctions(), new FinisherInStageFunctions());
    }

    public Optional<RefinementEngine> engine(String id) {
        return engines.stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /** An engine deployed in the stage functions; the control functions only know its id. */
    record RunsInStageFunctions(String id, FeedbackPlanner planner,
                                java.util.function.BiFunction<String, dev.refinery.engine.EstimateRequest, dev.refinery.engine.CostEstimate> estimates)
            implements RefinementEngine {
        @Override
        public EditResult edit(Stage stage, EditRequest request) {
            throw new EngineUnavailableException("The " + id + " engine runs in the stage functions, not here",
                    "invoke the stage handlers (refinery-lambda-stages.jar) for image work");
        }

        /** The classic engine only refines photos; every other engine the stage functions run (openai) generates too. */
        @Override
        public boolean generatesFromPrompt() {
            return !"classic".equals(id);
        }

        /** Priced where the engine and its price table are: the stage package's planner function. */
        @Override
        public dev.refinery.engine.CostEstimate estimate(dev.refinery.engine.EstimateRequest request) {
            if ("classic".equals(id)) {
                return RefinementEngine.super.estimate(request);
            }
            if (estimates == null) {
                throw new EngineUnavailableException("The " + id + " engine's work cannot be priced here: no planner function is configured",
                        "set REFINERY_PLANNER_FUNCTION to the stage package's planner function (the CDK app does)");
            }
            return estimates.apply(id, request);
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
