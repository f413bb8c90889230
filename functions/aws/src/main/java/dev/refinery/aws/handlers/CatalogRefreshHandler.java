package dev.refinery.aws.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.refinery.aws.Json;
import dev.refinery.aws.Wiring;
import dev.refinery.aws.observability.Observability;
import dev.refinery.application.CatalogRefresh;
import dev.refinery.domain.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The scheduled catalog refresh. Takes an EventBridge rule's "Scheduled Event" (source aws.events,
 * detail an object) and an EventBridge Scheduler event (source aws.scheduler, detail a JSON string).
 * The detail may carry {"batchSize": n} to override the configured batch. The event id is the run
 * id: a redelivered event starts the same sessions under the same execution names.
 */
public final class CatalogRefreshHandler implements RequestStreamHandler {
    private static final int MAX_BATCH = 500;
    private final Supplier<Wiring> wiring;

    public CatalogRefreshHandler() {
        this.wiring = Priming.control();
    }

    public CatalogRefreshHandler(Wiring wiring) {
        this.wiring = () -> wiring;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        CatalogRefresh.Report report = Observability.logged(context, () -> handle(event));
        output.write(Json.write(report).getBytes(StandardCharsets.UTF_8));
    }

    public CatalogRefresh.Report handle(String event) {
        JsonNode e;
        try {
            e = Json.tree(event);
        } catch (IllegalArgumentException notJson) {
            throw new InvalidInputException("The refresh event is not JSON", "schedule the refresh with an EventBridge rule or Scheduler");
        }
        EventKind kind = EventKind.of(e);
        if (kind != EventKind.SCHEDULED_RULE && kind != EventKind.SCHEDULER) {
            throw new InvalidInputException("The catalog refresh takes scheduled events, got " + kind,
                    "target it from an EventBridge schedule (rule or Scheduler)");
        }
        JsonNode detail = e.path("detail");
        if (detail.isTextual()) {
            // Scheduler sends the detail as a JSON string ("{}").
            detail = detail.asText().isBlank() ? Json.MAPPER.createObjectNode() : Json.tree(detail.asText());
        }
        int batch = wiring.get().config().refreshBatchSize();
        if (detail.has("batchSize")) {
            int asked = detail.get("batchSize").asInt(-1);
            if (asked < 1 || asked > MAX_BATCH) {
                throw new InvalidInputException("batchSize must be 1.." + MAX_BATCH + ", got " + detail.get("batchSize"), "fix the schedule's input");
            }
            batch = asked;
        }
        String runId = e.path("id").asText(null);
        if (runId == null || runId.isBlank()) {
            runId = e.path("time").asText("unscheduled");
        }
        return wiring.get().catalogRefresh().run(runId, batch);
    }
}
