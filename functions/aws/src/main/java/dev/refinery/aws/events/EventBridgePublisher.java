package dev.refinery.aws.events;

import dev.refinery.aws.Json;
import dev.refinery.application.ports.CompletionNotifier;
import dev.refinery.application.ports.RefinementEvent;
import dev.refinery.domain.TransientRefineryException;
import java.util.LinkedHashMap;
import java.util.Map;
import dev.refinery.aws.SdkErrors;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Puts "Refinement Completed/Failed/Needs Review" events (source {@code dev.refinery}) on the
 * configured bus; a seller's rule routes them to email, a queue or a webhook.
 */
public final class EventBridgePublisher implements CompletionNotifier {
    private final EventBridgeClient events;
    private final String bus;

    public EventBridgePublisher(EventBridgeClient events, String bus) {
        this.events = events;
        this.bus = bus;
    }

    @Override
    public void publish(RefinementEvent e) {
        PutEventsResponse r;
        try {
            r = events.putEvents(b -> b.entries(x -> x.eventBusName(bus).source(RefinementEvent.SOURCE)
                    .detailType(e.detailType()).detail(Json.write(detail(e))).resources()));
        } catch (SdkClientException ex) {
            throw new TransientRefineryException("EventBridge could not be reached: " + ex.getMessage(), ex);
        } catch (EventBridgeException ex) {
            if (SdkErrors.transientService(ex)) {
                throw new TransientRefineryException("EventBridge answered " + ex.statusCode() + " "
                        + (ex.awsErrorDetails() == null ? "" : ex.awsErrorDetails().errorCode()), ex);
            }
            throw ex;
        }
        if (r.failedEntryCount() != null && r.failedEntryCount() > 0) {
            PutEventsResultEntry entry = r.entries().get(0);
            throw new TransientRefineryException("EventBridge refused the " + e.detailType() + " event: "
                    + entry.errorCode() + " " + entry.errorMessage(), null);
        }
    }

    /** The event's detail: small, and only what a seller's automation needs. */
    public static Map<String, Object> detail(RefinementEvent e) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("tenant", e.tenant());
        d.put("sessionId", e.sessionId());
        d.put("sku", e.sku());
        d.put("status", e.status());
        d.put("reason", e.reason());
        d.put("finals", e.finals());
        d.put("at", e.at().toString());
        return d;
    }
}
