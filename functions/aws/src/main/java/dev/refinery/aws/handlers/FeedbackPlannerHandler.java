package dev.refinery.aws.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.refinery.aws.Json;
import dev.refinery.aws.Wiring;
import dev.refinery.aws.observability.Observability;
import dev.refinery.aws.planner.PlanningRequest;
import dev.refinery.feedback.FeedbackPlan;
import dev.refinery.feedback.FeedbackPlanner;
import dev.refinery.feedback.PlanContext;
import dev.refinery.application.Ids;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Input a {@link PlanningRequest} (from the API's {@code LambdaFeedbackPlanner}): the plan of a feedback round by
 * the session engine's own planner (openai: its language model), with {@code feedback} null only the
 * capabilities, or with {@code estimate} the cost of the work ({@code CostEstimate}). Runs in the stage package, which carries the engines; the seller's words are not logged.
 */
public final class FeedbackPlannerHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private static final Logger LOG = LogManager.getLogger(FeedbackPlannerHandler.class);
    private final Supplier<Wiring> wiring;

    public FeedbackPlannerHandler() {
        this.wiring = Priming.stages();
    }

    public FeedbackPlannerHandler(Wiring wiring) {
        this.wiring = () -> wiring;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> in, Context context) {
        return Observability.logged(context, () -> handle(in));
    }

    private Map<String, Object> handle(Map<String, Object> in) {
        PlanningRequest req = Json.MAPPER.convertValue(in, PlanningRequest.class);
        Ids.tenant(req.tenant());
        var service = wiring.get().service();
        if (req.estimate() != null) {
            return Json.toMap(service.estimate(req.engine(), req.estimate()));
        }
        PlanContext ctx = req.context(service.presets());
        FeedbackPlanner planner = service.planner(req.engine());
        if (req.feedback() == null) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("capabilities", planner.capabilities(ctx));
            return out;
        }
        FeedbackPlan plan = planner.plan(req.feedback(), ctx);
        LOG.info("planned tenant={} engine={} steps={} declined={}", req.tenant(), req.engine(), plan.steps().size(), plan.declined().size());
        return Json.toMap(plan);
    }
}
