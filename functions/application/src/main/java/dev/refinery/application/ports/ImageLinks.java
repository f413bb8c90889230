package dev.refinery.application.ports;

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

    /**
     * A link that makes a browser save the object as {@code fileName} rather than show it: the store answers it with
     * {@code Content-Disposition: attachment; filename="fileName"} (S3's {@code response-content-disposition}).
     * A page's {@code <a download>} cannot do this for a link to another origin, which browsers open instead.
     * {@code fileName} is made of letters, digits, '.', '_' and '-' only.
     */
    URI attachmentUrl(String key, Duration ttl, String fileName);

    /** The {@code Content-Disposition} of an {@link #attachmentUrl}. */
    static String attachment(String fileName) {
        if (!fileName.matches("[A-Za-z0-9._-]{1,200}")) {
            throw new IllegalArgumentException("not a plain file name: " + fileName);
        }
        return "attachment; filename=\"" + fileName + "\"";
    }
}
