package dev.refinery.domain;

import java.time.Instant;
import java.util.Map;

/**
 * One recorded image: the output of one stage, with its lineage and everything that produced it.
 *
 * @param parent       the version this one was made from (0 for a base)
 * @param imageKey     where the image lives in the image store
 * @param maskKey      for renditions, the product mask at canvas size (what the quality check reads)
 * @param params       engine parameters, prompt, template version... (strings, for any store)
 * @param metrics      measurements of the output (and, on renditions, the quality check's)
 * @param imageExpired true when a lifecycle rule removed the intermediate image; the record stays
 */
public record ImageVersion(
        String tenant,
        String sessionId,
        int number,
        int parent,
        VersionSlot slot,
        String engine,
        String imageKey,
        String contentType,
        String maskKey,
        Map<String, String> params,
        Map<String, Double> metrics,
        long millis,
        double costUsd,
        Approval approval,
        String note,
        Instant createdAt,
        boolean imageExpired) {
    /** A rendition's metrics: the product's mean L*, a*, b* in the master it was made from (the quality check records them). */
    public static final String LOOK_L = "look.L", LOOK_A = "look.a", LOOK_B = "look.b";


    public ImageVersion {
        params = params == null ? Map.of() : Map.copyOf(params);
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }

    public Stage stage() {
        return slot.stage();
    }

    public String preset() {
        return slot.preset();
    }

    /** File name used in exports and under OUT/versions: v3-background.png, v5-finalize-amazon-main.jpg. */
    public String fileName() {
        String ext = imageKey.substring(imageKey.lastIndexOf('.') + 1);
        return "v" + number + "-" + stage().id() + (preset() == null ? "" : "-" + preset()) + "." + ext;
    }

    public ImageVersion withApproval(Approval a, String why) {
        return new ImageVersion(tenant, sessionId, number, parent, slot, engine, imageKey, contentType, maskKey, params, metrics, millis, costUsd, a, why, createdAt, imageExpired);
    }

    public ImageVersion withParams(Map<String, String> p) {
        return new ImageVersion(tenant, sessionId, number, parent, slot, engine, imageKey, contentType, maskKey, p, metrics, millis, costUsd, approval, note, createdAt, imageExpired);
    }

    public ImageVersion withMetrics(Map<String, Double> m) {
        return new ImageVersion(tenant, sessionId, number, parent, slot, engine, imageKey, contentType, maskKey, params, m, millis, costUsd, approval, note, createdAt, imageExpired);
    }

    /** The same version once a lifecycle rule deleted its image: the record stays, the API says the image expired. */
    public ImageVersion withImageExpired() {
        return new ImageVersion(tenant, sessionId, number, parent, slot, engine, imageKey, contentType, maskKey, params, metrics, millis, costUsd, approval, note, createdAt, true);
    }
}
