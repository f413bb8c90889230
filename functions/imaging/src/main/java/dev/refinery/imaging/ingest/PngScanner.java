package dev.refinery.imaging.ingest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Walks a PNG's chunks to IEND: the header's size, CRCs of the critical chunks (as libpng does,
 * ancillary chunks with a bad CRC are ignored), the embedded ICC profile (the JDK's reader ignores
 * it), Exif orientation, and animation (APNG).
 */
final class PngScanner {
    /** An ICC profile is a few KB; a larger inflated one is refused rather than trusted. */
    private static final int MAX_ICC_BYTES = 4 * 1024 * 1024;

    private PngScanner() {
    }

    static ContainerFacts scan(byte[] b) {
        ContainerFacts f = new ContainerFacts();
        int pos = 8;
        boolean sawEnd = false;
        boolean sawData = false;
        try {
            while (pos < b.length) {
                long length = Bytes.be32(b, pos);
                if (length > Integer.MAX_VALUE || pos + 12L + length > b.length) {
                    f.damage = "the PNG ends inside a chunk: the file was cut short";
                    break;
                }
                String type = new String(b, pos + 4, 4, StandardCharsets.ISO_8859_1);
                int data = pos + 8;
                int len = (int) length;
                boolean critical = Character.isUpperCase(type.charAt(0));
                if (critical && !crcMatches(b, pos + 4, len + 4, Bytes.be32(b, data + len))) {
                    f.damage = "the PNG's " + printable(type) + " chunk fails its checksum";
                    break;
                }
                if (pos == 8 && !type.equals("IHDR")) {
                    f.damage = "the PNG does not start with its header chunk";
                    break;
                }
                switch (type) {
                    case "IHDR" -> header(b, data, len, f);
                    case "IDAT" -> sawData = true;
                    case "iCCP" -> f.iccProfile = iccProfile(b, data, len, f);
                    case "eXIf" -> f.orientation = TiffDirectory.exifOrientation(b, data, len);
                    case "acTL" -> f.unsupported = Rejections.unsupported("animated PNG: upload a single still frame",
                            "Save one frame of the animation as a still PNG or JPEG and upload that.");
                    default -> {
                    }
                }
                pos = data + len + 4;
                if (type.equals("IEND")) {
                    sawEnd = true;
                    break;
                }
            }
        } catch (Bytes.Truncated e) {
            f.damage = "the PNG ends inside a chunk: the file was cut short";
        }
        if (f.damage == null && !sawData) {
            f.damage = "the PNG has no image data";
        } else if (f.damage == null && !sawEnd) {
            f.damage = "the PNG ends before its end chunk: the file was cut short";
        }
        return f;
    }

    private static void header(byte[] b, int data, int len, ContainerFacts f) {
        if (len < 13) {
            throw new Bytes.Truncated("IHDR");
        }
        f.width = Bytes.be32(b, data);
        f.height = Bytes.be32(b, data + 4);
        int depth = Bytes.u8(b, data + 8);
        int colourType = Bytes.u8(b, data + 9);
        if (depth == 16) {
            f.colour.add("16-bit");
        }
        switch (colourType) {
            case 0 -> f.colour.add("grayscale");
            case 3 -> f.colour.add("palette");
            case 4 -> f.colour.add("grayscale with alpha");
            default -> {
            }
        }
    }

    private static byte[] iccProfile(byte[] b, int data, int len, ContainerFacts f) {
        int nameEnd = data;
        int limit = Math.min(data + len, data + 80);
        while (nameEnd < limit && b[nameEnd] != 0) {
            nameEnd++;
        }
        int compressed = nameEnd + 2; // NUL, then the compression method (0 = deflate)
        if (nameEnd >= limit || compressed > data + len) {
            f.notes.add("malformed iCCP chunk ignored");
            return null;
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(b, compressed, data + len - compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
            byte[] buf = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                out.write(buf, 0, n);
                if (out.size() > MAX_ICC_BYTES) {
                    f.notes.add("oversized iCCP profile ignored");
                    return null;
                }
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            f.notes.add("corrupt iCCP profile ignored");
            return null;
        } finally {
            inflater.end();
        }
    }

    private static boolean crcMatches(byte[] b, int from, int length, long expected) {
        CRC32 crc = new CRC32();
        crc.update(b, from, length);
        return crc.getValue() == expected;
    }

    private static String printable(String type) {
        return type.chars().allMatch(c -> c >= 'A' && c <= 'z') ? type : "a";
    }
}
