package dev.refinery.openai;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * Writes the IPTC Digital Source Type into an encoded final as an XMP packet
 * ({@code Iptc4xmpExt:DigitalSourceType}): in a JPEG as an APP1 segment, in a PNG as an
 * {@code iTXt} chunk with the keyword {@code XML:com.adobe.xmp}. Pixels are not touched (the
 * image data is copied byte for byte); an XMP packet already in the file is replaced, so tagging
 * twice leaves one packet.
 *
 * <p>Use on finals whose lineage has an AI step: {@code Provenance.tag(rendition.bytes(), type, agent)}
 * with the type from {@link DigitalSourceType#forLineage}.
 */
public final class Provenance {
    private static final byte[] XMP_JPEG_HEADER = "http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.US_ASCII);
    private static final String PNG_XMP_KEYWORD = "XML:com.adobe.xmp";
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final Pattern DST = Pattern.compile(
            "Iptc4xmpExt:DigitalSourceType\\s*(?:=\\s*\"([^\"]*)\"|>\\s*([^<\\s]*)\\s*<)");

    private Provenance() {
    }

    /**
     * @param encoded       a JPEG or PNG file
     * @param softwareAgent what made it (recorded as xmp:CreatorTool), or null
     * @return the same file with the XMP packet
     * @throws IllegalArgumentException for other formats or a file that is not a well-formed JPEG/PNG
     */
    public static byte[] tag(byte[] encoded, DigitalSourceType type, String softwareAgent) {
        byte[] xmp = packet(type, softwareAgent).getBytes(StandardCharsets.UTF_8);
        if (isJpeg(encoded)) {
            return tagJpeg(encoded, xmp);
        }
        if (isPng(encoded)) {
            return tagPng(encoded, xmp);
        }
        throw new IllegalArgumentException("provenance metadata is written into JPEG and PNG files only"
                + " (WebP would need an extended VP8X container); encode the final as JPEG or PNG");
    }

    /** The Digital Source Type an encoded file declares, if any. */
    public static Optional<DigitalSourceType> read(byte[] encoded) {
        return xmpPacket(encoded).flatMap(x -> {
            Matcher m = DST.matcher(x);
            return m.find() ? DigitalSourceType.fromCode(m.group(1) != null ? m.group(1) : m.group(2)) : Optional.empty();
        });
    }

    /** The XMP packet of a JPEG or PNG file, if it has one. */
    public static Optional<String> xmpPacket(byte[] encoded) {
        if (isJpeg(encoded)) {
            int i = 2;
            while (i + 4 <= encoded.length && (encoded[i] & 0xFF) == 0xFF) {
                int marker = encoded[i + 1] & 0xFF;
                if (marker == 0xDA || marker == 0xD9) {
                    break;
                }
                int len = ((encoded[i + 2] & 0xFF) << 8) | (encoded[i + 3] & 0xFF);
                if (marker == 0xE1 && startsWith(encoded, i + 4, XMP_JPEG_HEADER)) {
                    int start = i + 4 + XMP_JPEG_HEADER.length;
                    return Optional.of(new String(encoded, start, i + 2 + len - start, StandardCharsets.UTF_8));
                }
                i += 2 + len;
            }
            return Optional.empty();
        }
        if (isPng(encoded)) {
            int i = 8;
            while (i + 12 <= encoded.length) {
                int len = readInt(encoded, i);
                String chunk = new String(encoded, i + 4, 4, StandardCharsets.US_ASCII);
                if (chunk.equals("iTXt") && isXmpItxt(encoded, i + 8, len)) {
                    // keyword\0 compression-flag compression-method language\0 translated\0 text
                    int p = i + 8 + PNG_XMP_KEYWORD.length() + 1 + 2;
                    p = indexOf(encoded, (byte) 0, p, i + 8 + len) + 1;
                    p = indexOf(encoded, (byte) 0, p, i + 8 + len) + 1;
                    return Optional.of(new String(encoded, p, i + 8 + len - p, StandardCharsets.UTF_8));
                }
                if (chunk.equals("IEND")) {
                    break;
                }
                i += 12 + len;
            }
        }
        return Optional.empty();
    }

    static String packet(DigitalSourceType type, String softwareAgent) {
        String agent = softwareAgent == null ? "" : "\n    xmp:CreatorTool=\"" + escape(softwareAgent) + "\"";
        return "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                + " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                + "  <rdf:Description rdf:about=\"\"\n"
                + "    xmlns:Iptc4xmpExt=\"http://iptc.org/std/Iptc4xmpExt/2008-02-29/\"\n"
                + "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
                + "    Iptc4xmpExt:DigitalSourceType=\"" + type.uri() + "\"" + agent + "/>\n"
                + " </rdf:RDF>\n"
                + "</x:xmpmeta>\n"
                + "<?xpacket end=\"w\"?>";
    }

    private static byte[] tagJpeg(byte[] jpg, byte[] xmp) {
        int segmentLength = 2 + XMP_JPEG_HEADER.length + xmp.length;
        if (segmentLength > 0xFFFF) {
            throw new IllegalArgumentException("XMP packet too large for one APP1 segment");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(jpg.length + segmentLength + 2);
        out.write(jpg, 0, 2); // SOI
        int i = 2;
        boolean written = false;
        while (true) {
            if (i + 4 > jpg.length || (jpg[i] & 0xFF) != 0xFF) {
                throw new IllegalArgumentException("not a well-formed JPEG: no marker at byte " + i);
            }
            int marker = jpg[i + 1] & 0xFF;
            if (marker == 0xDA || marker == 0xD9) {
                break; // start of scan: the rest is image data, copied as it is
            }
            int len = ((jpg[i + 2] & 0xFF) << 8) | (jpg[i + 3] & 0xFF);
            if (len < 2 || i + 2 + len > jpg.length) {
                throw new IllegalArgumentException("not a well-formed JPEG: segment at byte " + i + " overruns the file");
            }
            boolean isApp0OrExif = marker == 0xE0 || (marker == 0xE1 && !startsWith(jpg, i + 4, XMP_JPEG_HEADER));
            boolean isOldXmp = marker == 0xE1 && startsWith(jpg, i + 4, XMP_JPEG_HEADER);
            if (!written && !isApp0OrExif && !isOldXmp) {
                writeXmpSegment(out, xmp, segmentLength);
                written = true;
            }
            if (!isOldXmp) {
                out.write(jpg, i, 2 + len);
            }
            i += 2 + len;
        }
        if (!written) {
            writeXmpSegment(out, xmp, segmentLength);
        }
        out.write(jpg, i, jpg.length - i);
        return out.toByteArray();
    }

    private static void writeXmpSegment(ByteArrayOutputStream out, byte[] xmp, int segmentLength) {
        out.write(0xFF);
        out.write(0xE1);
        out.write(segmentLength >> 8);
        out.write(segmentLength & 0xFF);
        out.writeBytes(XMP_JPEG_HEADER);
        out.writeBytes(xmp);
    }

    private static byte[] tagPng(byte[] png, byte[] xmp) {
        ByteArrayOutputStream data = new ByteArrayOutputStream(xmp.length + 32);
        data.writeBytes(PNG_XMP_KEYWORD.getBytes(StandardCharsets.ISO_8859_1));
        data.write(0); // keyword terminator
        data.write(0); // not compressed
        data.write(0); // compression method
        data.write(0); // empty language tag
        data.write(0); // empty translated keyword
        data.writeBytes(xmp);
        byte[] chunkData = data.toByteArray();

        ByteArrayOutputStream out = new ByteArrayOutputStream(png.length + chunkData.length + 12);
        out.write(png, 0, 8);
        int i = 8;
        boolean written = false;
        while (i + 12 <= png.length) {
            int len = readInt(png, i);
            if (len < 0 || i + 12 + len > png.length) {
                throw new IllegalArgumentException("not a well-formed PNG: chunk at byte " + i + " overruns the file");
            }
            String type = new String(png, i + 4, 4, StandardCharsets.US_ASCII);
            boolean oldXmp = type.equals("iTXt") && isXmpItxt(png, i + 8, len);
            if (!oldXmp) {
                out.write(png, i, 12 + len);
            }
            i += 12 + len;
            if (type.equals("IHDR") && !written) {
                writeChunk(out, "iTXt", chunkData);
                written = true;
            }
            if (type.equals("IEND")) {
                break;
            }
        }
        if (!written) {
            throw new IllegalArgumentException("not a well-formed PNG: no IHDR chunk");
        }
        return out.toByteArray();
    }

    private static void writeChunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        writeInt(out, data.length);
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        writeInt(out, (int) crc.getValue());
    }

    private static boolean isXmpItxt(byte[] b, int dataStart, int len) {
        byte[] k = (PNG_XMP_KEYWORD + "\0").getBytes(StandardCharsets.ISO_8859_1);
        return len >= k.length && startsWith(b, dataStart, k);
    }

    private static boolean isJpeg(byte[] b) {
        return b.length > 4 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8;
    }

    private static boolean isPng(byte[] b) {
        return b.length > 8 && Arrays.equals(Arrays.copyOf(b, 8), PNG_SIGNATURE);
    }

    private static boolean startsWith(byte[] b, int at, byte[] prefix) {
        if (at + prefix.length > b.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (b[at + k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] b, byte v, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        throw new IllegalArgumentException("malformed iTXt chunk");
    }

    private static int readInt(byte[] b, int i) {
        return ((b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write((v >>> 16) & 0xFF);
        out.write((v >>> 8) & 0xFF);
        out.write(v & 0xFF);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
