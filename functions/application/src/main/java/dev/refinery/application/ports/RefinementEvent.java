package dev.refinery.application.ports;

import java.time.Instant;
import java.util.List;

/**
 * The event a seller can route to email, a queue or a webhook when a session ends, or when its finals were exported.
 *
 * @param detailType "Refinement Completed", "Refinement Failed", "Refinement Needs Review", "Refinement Exported"
 *                   (then {@code finals} are the files the export wrote, each under its {@code exports/} key) or "Refinement Sent To Store"
 */
public record RefinementEvent(String detailType, String tenant, String sessionId, String sku, String status,
                              String reason, List<FinalImage> finals, Instant at) {
    public static final String COMPLETED = "Refinement Completed";
    public static final String FAILED = "Refinement Failed";
    public static final String NEEDS_REVIEW = "Refinement Needs Review";
    public static final String EXPORTED = "Refinement Exported";
    /** A final put into the seller's connected store ({@code reason}: the store, its address, what was done and the media id). */
    public static final String SENT_TO_STORE = "Refinement Sent To Store";
    public static final String SOURCE = "dev.refinery";

    public RefinementEvent {
        finals = finals == null ? List.of() : List.copyOf(finals);
    }

    public record FinalImage(String preset, int version, String key) {
    }
}
