package dev.refinery.imaging.ingest;

/** Bounds-checked reads of integers from a byte array; reading past the end throws {@link Truncated}. */
final class Bytes {
    private Bytes() {
    }

    /** The data ended where more was promised. Cheap: no stack trace, it is an expected outcome. */
    static final class Truncated extends RuntimeException {
        Truncated(String what) {
            super(what, null, false, false);
        }
    }

    static void need(byte[] b, long offset, long length, String what) {
        if (offset < 0 || length < 0 || offset + length > b.length) {
            throw new Truncated(what);
        }
    }

    static int u8(byte[] b, int o) {
        need(b, o, 1, "byte at " + o);
        return b[o] & 0xFF;
    }

    static int be16(byte[] b, int o) {
        need(b, o, 2, "16-bit value at " + o);
        return (b[o] & 0xFF) << 8 | (b[o + 1] & 0xFF);
    }

    static int le16(byte[] b, int o) {
        need(b, o, 2, "16-bit value at " + o);
        return (b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8;
    }

    static long be32(byte[] b, int o) {
        need(b, o, 4, "32-bit value at " + o);
        return ((long) (b[o] & 0xFF) << 24) | (b[o + 1] & 0xFF) << 16 | (b[o + 2] & 0xFF) << 8 | (b[o + 3] & 0xFF);
    }

    static long le32(byte[] b, int o) {
        need(b, o, 4, "32-bit value at " + o);
        return (b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8 | (b[o + 2] & 0xFF) << 16 | ((long) (b[o + 3] & 0xFF) << 24);
    }

    static int le24(byte[] b, int o) {
        need(b, o, 3, "24-bit value at " + o);
        return (b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8 | (b[o + 2] & 0xFF) << 16;
    }

    static boolean ascii(byte[] b, int o, String s) {
        if (o < 0 || o + s.length() > b.length) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if ((b[o + i] & 0xFF) != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
