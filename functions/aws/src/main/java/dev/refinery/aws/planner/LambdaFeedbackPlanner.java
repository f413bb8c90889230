package dev.refinery.aws.planner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.refinery.aws.Json;
import dev.refinery.domain.EngineUnavailableException;
import dev.refinery.domain.TransientRefineryException;
import dev.refinery.engine.CostEstimate;
import dev.refinery.engine.EstimateRequest;
import dev.refinery.feedback.FeedbackPlan;
import dev.refinery.feedback.FeedbackPlanner;
import dev.refinery.feedback.PlanContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * The API's feedback planner for an engine that plans with a model: the control package carries no model SDK, so
 * it asks the stage package's planner function ({@code FeedbackPlannerHandler}) with a synchronous Invoke and
 * waits for the plan (the seller gets the answer to their words in the API's response, declined requests
 * included). Capabilities depend only on the engine and the presets: asked once per combination and kept for the
 * container's life, so the polled session view costs no invocation after the first.
 */
public final class LambdaFeedbackPlanner implements FeedbackPlanner {
    private final LambdaClient lambda;
    private final String function;
    private final Map<String, List<String>> capabilities = new ConcurrentHashMap<>();

    public LambdaFeedbackPlanner(LambdaClient lambda, String function) {
        this.lambda = lambda;
        this.function = function;
    }

    @Override
    public FeedbackPlan plan(String feedback, PlanContext context) {
        return Json.MAPPER.convertValue(invoke(PlanningRequest.of(context, feedback == null ? "" : feedback)), FeedbackPlan.class);
    }

    @Override
    public List<String> capabilities(PlanContext context) {
        PlanningRequest req = PlanningRequest.of(context, null);
        String key = req.engine() + "|" + String.join(",", req.presets());
        return capabilities.computeIfAbsent(key, k -> {
            JsonNode answer = invoke(req);
            return Json.MAPPER.convertValue(answer.path("capabilities"), Json.MAPPER.getTypeFactory().constructCollectionType(List.class, String.class));
        });
    }

    /** What work on {@code engine} will cost, priced by the stage package (which has the engine and its price table). */
    public CostEstimate estimate(String engine, EstimateRequest request) {
        return Json.MAPPER.convertValue(invoke(PlanningRequest.of(engine, request)), CostEstimate.class);
    }

    private JsonNode invoke(PlanningRequest req) {
        InvokeResponse r;
        try {
            r = lambda.invoke(b -> b.functionName(function).invocationType(InvocationType.REQUEST_RESPONSE)
                    .payload(SdkBytes.fromString(Json.write(req), StandardCharsets.UTF_8)));
        } catch (SdkException e) {
            throw new TransientRefineryException("The feedback planner could not be reached (" + function + "): " + e.getMessage()
                    + "; ask again in a moment", e);
        }
        JsonNode body = Json.tree(r.payload() == null ? "null" : r.payload().asUtf8String());
        if (r.functionError() != null) {
            // the planner's own error, as a Java Lambda reports it: {errorMessage, errorType, stackTrace}
            String type = body.path("errorType").asText("");
            String message = body.path("errorMessage").asText("the planner failed");
            if (type.endsWith("SpendingCapExceededException") || type.endsWith("BudgetExceededException")) {
                throw new dev.refinery.domain.BudgetExceededException(message, "ask for changes the classic engine makes, or raise the tenant's AI spending cap");
            }
            if (type.endsWith("EngineUnavailableException")) {
                throw new EngineUnavailableException(message, "ask for changes the classic engine makes");
            }
            throw new TransientRefineryException("The feedback planner failed: " + message + "; ask again in a moment", null);
        }
        return body;
    }
}
