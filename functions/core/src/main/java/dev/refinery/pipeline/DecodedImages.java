package dev.refinery.pipeline;

import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.InvalidInputException;
import dev.refinery.engine.ImageCodec;
import dev.refinery.ports.ImageStore;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.Map;

/** The images of a session's versions, decoded, with the few most recent kept in memory. */
final class DecodedImages {
    private final ImageStore images;
    /** Images this process wrote or read recently, so an in-process run does not decode what it just encoded. */
    private final Map<String, BufferedImage> decoded = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, BufferedImage> eldest) {
            // a few versions of each photo a folder run refines at once (one per core)
            return size() > 12;
        }
    };

    DecodedImages(ImageStore images) {
        this.images = images;
    }

    synchronized void remember(String key, BufferedImage image) {
        decoded.put(key, image);
    }

    /**
     * The decoded image of a version, shared with the cache: engines and the finisher read their
     * input's pixels into arrays of their own and never draw on it.
     */
    BufferedImage load(ImageVersion v) {
        if (v.imageExpired()) {
            throw new InvalidInputException("The image of version " + v.number() + " has expired (lifecycle rule)", "revert to a kept version");
        }
        return byKey(v.imageKey());
    }

    /** The decoded image stored under {@code key} (a version's image or mask). */
    BufferedImage byKey(String key) {
        BufferedImage cached;
        synchronized (this) {
            cached = decoded.get(key);
        }
        if (cached == null) {
            cached = ImageCodec.decode(images.get(key));
            remember(key, cached);
        }
        return cached;
    }
}
