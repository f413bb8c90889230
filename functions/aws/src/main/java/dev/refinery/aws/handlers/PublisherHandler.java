package dev.refinery.aws.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.refinery.aws.Wiring;
import dev.refinery.aws.observability.Observability;
import dev.refinery.application.Ids;
import dev.refinery.domain.Session;
import dev.refinery.domain.SessionStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** Input {"tenant","sessionId","outcome":"COMPLETED"|"NEEDS_REVIEW","summary"}: marks the session and emits the event. */
public final class PublisherHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private static final Logger LOG = LogManager.getLogger(PublisherHandler.class);
    private final Supplier<Wiring> wiring;

    public PublisherHandler() {
        this.wiring = Priming.control();
    }

    public PublisherHandler(Wiring wiring) {
        this.wiring = () -> wiring;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> in, Context context) {
        return Observability.logged(context, () -> handle(in));
    }

    private Map<String, Object> handle(Map<String, Object> in) {
        String tenant = Ids.tenant(str(in, "tenant"));
        String sessionId = Ids.session(str(in, "sessionId"));
        Session s = wiring.get().outcomes().publish(tenant, sessionId, str(in, "outcome"), str(in, "summary"));
        LOG.info("published tenant={} session={} status={}", tenant, sessionId, s.status());
        // the checks that failed reach the publisher merged from the quality check's report
        List<String> failed = s.status() == SessionStatus.NEEDS_REVIEW && in.get("failedChecks") instanceof List<?> l
                ? l.stream().map(String::valueOf).toList() : List.of();
        wiring.get().telemetry().sessionEnded(tenant, s.status().name(), failed);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tenant", tenant);
        out.put("sessionId", sessionId);
        out.put("status", s.status().name());
        return out;
    }

    static String str(Map<String, Object> in, String name) {
        Object v = in == null ? null : in.get(name);
        return v == null ? null : v.toString();
    }
}
