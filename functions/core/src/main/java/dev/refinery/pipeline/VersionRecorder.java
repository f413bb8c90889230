package dev.refinery.pipeline;

import dev.refinery.domain.Approval;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.Preset;
import dev.refinery.domain.Session;
import dev.refinery.domain.VersionSlot;
import dev.refinery.engine.ImageCodec;
import dev.refinery.engine.Rendition;
import dev.refinery.ports.ImageStore;
import dev.refinery.ports.SessionStore;
import java.awt.image.BufferedImage;
import java.time.Clock;
import java.util.Map;

/**
 * Records what a stage made as a new version: reserves its number in its slot, writes its image (and a
 * rendition's product mask) under the session's keys ({@link SessionKeys}) with the lifecycle tag its kind
 * gets, keeps the decoded image for the next stage, and saves the version.
 */
final class VersionRecorder {
    private final SessionStore sessions;
    private final ImageStore images;
    private final DecodedImages decodedImages;
    private final Clock clock;

    VersionRecorder(SessionStore sessions, ImageStore images, DecodedImages decodedImages, Clock clock) {
        this.sessions = sessions;
        this.images = images;
        this.decodedImages = decodedImages;
        this.clock = clock;
    }

    /** A master version (base or edit): a PNG tagged {@code kind} ({@code base}, or {@code intermediate} until kept). */
    ImageVersion record(Session s, VersionSlot slot, int parent, String engineId, BufferedImage image,
                        Map<String, String> params, Map<String, Double> metrics, long t0, double cost,
                        Approval approval, String note, String kind) {
        int n = sessions.reserveVersion(s.tenant(), s.id(), slot);
        String key = SessionKeys.prefix(s.tenant(), s.id()) + "v" + n + "-" + slot.stage().id() + ".png";
        images.put(key, ImageCodec.png(image), "image/png", Map.of("kind", kind));
        decodedImages.remember(key, image);
        ImageVersion v = new ImageVersion(s.tenant(), s.id(), n, parent, slot, engineId, key, "image/png", null,
                params, metrics, millisSince(t0), cost, approval, note, clock.instant(), false);
        sessions.saveVersion(v);
        return v;
    }

    /** A preset's rendition, pending its check: the file in the preset's format (tagged final: it never expires) and its product mask (intermediate until kept). */
    ImageVersion recordRendition(String tenant, String sessionId, VersionSlot slot, int parent, String engineId, Preset preset,
                                 Rendition r, Map<String, String> params, long t0, double cost) {
        int n = sessions.reserveVersion(tenant, sessionId, slot);
        String key = SessionKeys.prefix(tenant, sessionId) + "v" + n + "-finalize-" + slot.preset() + "." + preset.extension();
        String maskKey = SessionKeys.prefix(tenant, sessionId) + "v" + n + "-finalize-" + slot.preset() + ".mask.png";
        images.put(maskKey, ImageCodec.png(r.productMask()), "image/png", Map.of("kind", "intermediate"));
        decodedImages.remember(maskKey, r.productMask());
        images.put(key, r.bytes(), preset.format().contentType(), Map.of("kind", "final"));
        ImageVersion v = new ImageVersion(tenant, sessionId, n, parent, slot, engineId, key,
                preset.format().contentType(), maskKey, params, Map.of("bytes", (double) r.bytes().length),
                millisSince(t0), cost, Approval.PENDING, null, clock.instant(), false);
        sessions.saveVersion(v);
        return v;
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
