package dev.refinery.domain;

import java.util.Locale;

/** How a file's size is told to a seller against a limit. */
public final class FileSize {
    private FileSize() {
    }

    /**
     * "the file is 26.4 MB, the limit is 26.2 MB" (decimal megabytes, one decimal). When one decimal would show the
     * same figure twice — a file a few bytes over its limit read "26.2 MB, the limit is 26.2 MB" — the bytes are
     * given as well, so the message still says what is wrong.
     */
    public static String overLimit(long bytes, long limit) {
        String size = mb(bytes), max = mb(limit);
        if (size.equals(max)) {
            return String.format(Locale.ROOT, "the file is %s (%,d bytes), the limit is %,d bytes", size, bytes, limit);
        }
        return "the file is " + size + ", the limit is " + max;
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
