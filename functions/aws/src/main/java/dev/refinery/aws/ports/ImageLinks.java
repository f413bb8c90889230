package dev.refinery.aws.ports;

import java.net.URI;
import java.time.Duration;

/** Time-limited links to the image store for browsers: upload forms and downloads. */
public interface ImageLinks {
    /**
     * A form that uploads one photo straight to the store, only as {@code key} (which lies under
     * {@code keyPrefix}, the tenant's prefix), of at most {@code maxBytes}, with this content type,
     * within {@code ttl}.
     */
    PresignedPost uploadForm(String keyPrefix, String key, String contentType, long maxBytes, Duration ttl);

    URI downloadUrl(String key, Duration ttl);
}
