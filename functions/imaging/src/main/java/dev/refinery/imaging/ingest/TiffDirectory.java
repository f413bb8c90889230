package dev.refinery.imaging.ingest;

import java.util.HashMap;
import java.util.Map;

/**
 * One image file directory of a TIFF structure: a TIFF file itself or the Exif block of a JPEG,
 * PNG or WebP. Only what ingest needs; every offset is checked against the block's bounds.
 */
final class TiffDirectory {
    static final int TAG_WIDTH = 256;
    static final int TAG_HEIGHT = 257;
    static final int TAG_ORIENTATION = 274;
    static final int TAG_STRIP_OFFSETS = 273;
    static final int TAG_STRIP_BYTE_COUNTS = 279;
    static final int TAG_TILE_OFFSETS = 324;
    static final int TAG_TILE_BYTE_COUNTS = 325;
    static final int TAG_PHOTOMETRIC = 262;
    static final int TAG_BITS_PER_SAMPLE = 258;
    static final int TAG_ICC_PROFILE = 34675;

    private static final int[] TYPE_SIZES = {0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4};

    private final byte[] b;
    private final int base;
    private final int end;
    private final boolean little;
    /** tag -> {type, count, absolute offset of the value} */
    private final Map<Integer, long[]> entries = new HashMap<>();
    private final long next;

    private TiffDirectory(byte[] b, int base, int end, boolean little, long ifdOffset) {
        this.b = b;
        this.base = base;
        this.end = end;
        this.little = little;
        int p = checkedOffset(ifdOffset, 2);
        int count = u16(p);
        checkedOffset(ifdOffset + 2, 12L * count + 4);
        for (int i = 0; i < count; i++) {
            int e = p + 2 + 12 * i;
            int tag = u16(e);
            int type = u16(e + 2);
            long n = u32(e + 4);
            if (type <= 0 || type >= TYPE_SIZES.length) {
                continue; // unknown types are skipped, as the TIFF specification asks
            }
            long size = n * TYPE_SIZES[type];
            long valueAt = size <= 4 ? e + 8 : base + u32(e + 8);
            entries.putIfAbsent(tag, new long[] {type, n, valueAt});
        }
        this.next = u32(p + 2 + 12 * count);
    }

    /**
     * The first directory of the TIFF structure starting at {@code base} ("II*\0" or "MM\0*").
     *
     * @throws Bytes.Truncated when the structure points outside {@code [base, end)}
     * @throws IllegalArgumentException when there is no TIFF header at {@code base}
     */
    static TiffDirectory first(byte[] b, int base, int end) {
        boolean little;
        if (Bytes.ascii(b, base, "II") && end - base >= 8 && Bytes.le16(b, base + 2) == 42) {
            little = true;
        } else if (Bytes.ascii(b, base, "MM") && end - base >= 8 && Bytes.be16(b, base + 2) == 42) {
            little = false;
        } else {
            throw new IllegalArgumentException("no TIFF header");
        }
        long ifd = little ? Bytes.le32(b, base + 4) : Bytes.be32(b, base + 4);
        return new TiffDirectory(b, base, end, little, ifd);
    }

    /** The directory this one links to, or null at the end of the chain. */
    TiffDirectory next() {
        return next == 0 ? null : new TiffDirectory(b, base, end, little, next);
    }

    boolean has(int tag) {
        return entries.containsKey(tag);
    }

    /** Integer values of a BYTE, SHORT or LONG tag, or null when absent or of another type. */
    long[] values(int tag) {
        long[] e = entries.get(tag);
        if (e == null) {
            return null;
        }
        int type = (int) e[0];
        int size = switch (type) {
            case 1, 7 -> 1;
            case 3 -> 2;
            case 4, 13 -> 4;
            default -> 0;
        };
        if (size == 0) {
            return null;
        }
        long n = e[1];
        int at = checkedAbsolute(e[2], n * size);
        long[] v = new long[(int) n];
        for (int i = 0; i < n; i++) {
            int o = at + i * size;
            v[i] = switch (size) {
                case 1 -> b[o] & 0xFF;
                case 2 -> u16(o);
                default -> u32(o);
            };
        }
        return v;
    }

    long value(int tag, long fallback) {
        long[] v = values(tag);
        return v == null || v.length == 0 ? fallback : v[0];
    }

    /** Raw bytes of a tag's value (e.g. an embedded ICC profile), or null when absent. */
    byte[] bytes(int tag) {
        long[] e = entries.get(tag);
        if (e == null) {
            return null;
        }
        long size = e[1] * TYPE_SIZES[(int) e[0]];
        int at = checkedAbsolute(e[2], size);
        byte[] out = new byte[(int) size];
        System.arraycopy(b, at, out, 0, (int) size);
        return out;
    }

    /** EXIF/TIFF orientation 1-8; 1 when absent or out of range. */
    int orientation() {
        long o = value(TAG_ORIENTATION, 1);
        return o >= 1 && o <= 8 ? (int) o : 1;
    }

    private int checkedOffset(long relative, long length) {
        return checkedAbsolute(base + relative, length);
    }

    private int checkedAbsolute(long absolute, long length) {
        if (absolute < base || length < 0 || absolute + length > end) {
            throw new Bytes.Truncated("TIFF directory points outside its block");
        }
        return (int) absolute;
    }

    private int u16(int o) {
        return little ? Bytes.le16(b, o) : Bytes.be16(b, o);
    }

    private long u32(int o) {
        return little ? Bytes.le32(b, o) : Bytes.be32(b, o);
    }

    /**
     * Orientation from an Exif block ({@code [offset, offset+length)}, with or without its
     * "Exif\0\0" prefix); 1 when it cannot be read: a broken Exif block never fails an upload.
     */
    static int exifOrientation(byte[] b, int offset, int length) {
        int start = Bytes.ascii(b, offset, "Exif\0\0") ? offset + 6 : offset;
        int end = Math.min(b.length, offset + length);
        try {
            return first(b, start, end).orientation();
        } catch (RuntimeException e) {
            return 1;
        }
    }
}
