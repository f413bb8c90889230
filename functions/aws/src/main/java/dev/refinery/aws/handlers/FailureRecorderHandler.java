package dev.refinery.aws.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.refinery.aws.Wiring;
import dev.refinery.aws.observability.Observability;
import dev.refinery.application.Ids;
import dev.refinery.domain.Session;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Input {"tenant","sessionId","error":{"Error":"<class>","Cause":"<json>"}} from a Catch: marks the
 * session FAILED with a reason a seller can act on and emits "Refinement Failed".
 */
public final class FailureRecorderHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private static final Logger LOG = LogManager.getLogger(FailureRecorderHandler.class);
    private final Supplier<Wiring> wiring;

    public FailureRecorderHandler() {
        this.wiring = Priming.control();
    }

    public FailureRecorderHandler(Wiring wiring) {
        this.wiring = () -> wiring;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> in, Context context) {
        return Observability.logged(context, () -> handle(in));
    }

    private Map<String, Object> handle(Map<String, Object> in) {
        String tenant = Ids.tenant(PublisherHandler.str(in, "tenant"));
        String sessionId = Ids.session(PublisherHandler.str(in, "sessionId"));
        String error = null;
        String cause = null;
        if (in.get("error") instanceof Map<?, ?> e) {
            error = e.get("Error") == null ? null : e.get("Error").toString();
            cause = e.get("Cause") == null ? null : e.get("Cause").toString();
        }
        Session s = wiring.get().outcomes().fail(tenant, sessionId, error, cause);
        LOG.info("recorded failure tenant={} session={} error={} reason={}", tenant, sessionId, error, s.reason());
        wiring.get().telemetry().sessionEnded(tenant, s.status().name(), java.util.List.of());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tenant", tenant);
        out.put("sessionId", sessionId);
        out.put("status", s.status().name());
        out.put("reason", s.reason());
        return out;
    }
}
