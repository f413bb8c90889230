package dev.refinery.imaging.ingest;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Recognises what a file is from its first bytes, never from its name. Known formats that ingest
 * cannot decode are refused here with their name, so the seller learns what to convert to.
 */
final class FormatSniffer {
    private static final String EXPORT_HINT = "Save or export the photo as JPEG or PNG and upload it again.";

    private FormatSniffer() {
    }

    /** @throws dev.refinery.domain.InvalidInputException for empty, unsupported or unrecognised content */
    static SourceFormat sniff(byte[] b) {
        if (b.length == 0) {
            throw Rejections.empty();
        }
        if (startsWith(b, 0, 0xFF, 0xD8, 0xFF)) {
            return SourceFormat.JPEG;
        }
        if (startsWith(b, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return SourceFormat.PNG;
        }
        if (startsWith(b, 0, 'R', 'I', 'F', 'F') && startsWith(b, 8, 'W', 'E', 'B', 'P')) {
            return SourceFormat.WEBP;
        }
        if (startsWith(b, 0, 'G', 'I', 'F', '8', '7', 'a') || startsWith(b, 0, 'G', 'I', 'F', '8', '9', 'a')) {
            return SourceFormat.GIF;
        }
        if (startsWith(b, 0, 'I', 'I', 42, 0) || startsWith(b, 0, 'M', 'M', 0, 42)) {
            return SourceFormat.TIFF;
        }
        if (startsWith(b, 0, 'B', 'M') && b.length >= 18 && plausibleBmpHeader(le32(b, 14))) {
            return SourceFormat.BMP;
        }
        throw unsupported(b);
    }

    private static RuntimeException unsupported(byte[] b) {
        if (startsWith(b, 4, 'f', 't', 'y', 'p') && b.length >= 12) {
            return isoMedia(b);
        }
        if (startsWith(b, 0, 'I', 'I', 43, 0) || startsWith(b, 0, 'M', 'M', 0, 43)) {
            return Rejections.unsupported("BigTIFF", EXPORT_HINT);
        }
        if (startsWith(b, 0, '%', 'P', 'D', 'F', '-')) {
            return Rejections.unsupported("PDF document",
                    "Upload a photo of the product as JPEG or PNG rather than a document.");
        }
        if (startsWith(b, 0, '8', 'B', 'P', 'S')) {
            return Rejections.unsupported("Photoshop document (PSD)", "In Photoshop, use Export As PNG or JPEG and upload that.");
        }
        if (startsWith(b, 0, 0xFF, 0x0A) || startsWith(b, 0, 0, 0, 0, 0x0C, 'J', 'X', 'L', ' ')) {
            return Rejections.unsupported("JPEG XL", EXPORT_HINT);
        }
        if (startsWith(b, 0, 0, 0, 0, 0x0C, 'j', 'P', ' ', ' ') || startsWith(b, 0, 0xFF, 0x4F, 0xFF, 0x51)) {
            return Rejections.unsupported("JPEG 2000", EXPORT_HINT);
        }
        if (startsWith(b, 0, 0, 0, 1, 0) && b.length >= 6) {
            return Rejections.unsupported("Windows icon (ICO)", "Upload the product photo itself as JPEG or PNG.");
        }
        if (startsWith(b, 0, 'P', 'K', 3, 4)) {
            return Rejections.unsupported("ZIP archive", "Unpack the archive and upload the photos one by one.");
        }
        if (startsWith(b, 0, 'R', 'I', 'F', 'F')) {
            return Rejections.unsupported("RIFF container that is not WebP (audio or video?)", EXPORT_HINT);
        }
        String text = textPrefix(b);
        if (text != null) {
            String lower = text.toLowerCase(Locale.ROOT);
            if (lower.contains("<svg")) {
                return Rejections.unsupported("SVG vector drawing",
                        "Export the drawing as a PNG of at least 1000 px per side and upload that.");
            }
            if (lower.startsWith("<!doctype html") || lower.startsWith("<html")) {
                return Rejections.unsupported("an HTML web page, not an image",
                        "Save the image itself (right-click › Save image as…) and upload that file.");
            }
            return Rejections.unsupported("text file, not an image",
                    "Upload the photo file itself (JPEG or PNG), not a text or link file.");
        }
        return Rejections.unsupported("unrecognised data (starts with " + hex(b, 8) + ")",
                "Upload a " + Rejections.SUPPORTED + " photo.");
    }

    /** HEIF family and other ISO base media files, told apart by their ftyp brands. */
    private static RuntimeException isoMedia(byte[] b) {
        long boxSize = be32(b, 0) & 0xFFFFFFFFL;
        int end = (int) Math.min(b.length, Math.max(16, Math.min(boxSize, 256)));
        StringBuilder brands = new StringBuilder(new String(b, 8, 4, StandardCharsets.ISO_8859_1));
        for (int i = 16; i + 4 <= end; i += 4) {
            brands.append(',').append(new String(b, i, 4, StandardCharsets.ISO_8859_1));
        }
        String all = brands.toString();
        String major = all.substring(0, 4);
        if (major.startsWith("avi") || all.contains("avif") || all.contains("avis")) {
            return Rejections.unsupported("AVIF",
                    "Save the photo as JPEG, PNG or WebP instead (most editors and converters can) and upload it again.");
        }
        if (major.startsWith("hei") || major.startsWith("hev") || major.equals("mif1") || major.equals("msf1")
                || all.contains("heic") || all.contains("heix") || all.contains("mif1")) {
            return Rejections.unsupported("HEIC/HEIF",
                    "Export or share the photo as JPEG (on an iPhone: Settings › Camera › Formats › Most Compatible, "
                            + "or share it as JPEG) and upload it again.");
        }
        if (major.equals("crx ")) {
            return Rejections.unsupported("Canon raw (CR3)", "Export the photo from your raw converter as JPEG and upload that.");
        }
        return Rejections.unsupported("video or media container (" + major.trim() + ")",
                "Upload a still photo as JPEG or PNG; for a video, take a screenshot of the best frame.");
    }

    private static boolean plausibleBmpHeader(int dibSize) {
        return dibSize == 12 || dibSize == 16 || dibSize == 40 || dibSize == 52 || dibSize == 56 || dibSize == 64
                || dibSize == 108 || dibSize == 124;
    }

    /** The first few KB decoded as UTF-8 when they look like text (no control characters but whitespace), else null. */
    private static String textPrefix(byte[] b) {
        int n = Math.min(b.length, 4096);
        int start = startsWith(b, 0, 0xEF, 0xBB, 0xBF) ? 3 : 0;
        for (int i = start; i < n; i++) {
            int c = b[i] & 0xFF;
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') {
                return null;
            }
            if (c == 0x7F) {
                return null;
            }
        }
        // A multi-byte character may be cut at n: drop up to three trailing bytes of it.
        for (int cut = 0; cut <= 3 && n - cut > start; cut++) {
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(b, start, n - cut - start)).toString().trim();
            } catch (CharacterCodingException e) {
                if (n == b.length) {
                    return null;
                }
            }
        }
        return null;
    }

    static boolean startsWith(byte[] b, int offset, int... magic) {
        if (b.length < offset + magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((b[offset + i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    static String hex(byte[] b, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(n, b.length); i++) {
            if (i > 0) {
                s.append(' ');
            }
            s.append(String.format(Locale.ROOT, "%02X", b[i] & 0xFF));
        }
        return s.toString();
    }

    private static int le32(byte[] b, int o) {
        return (b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8 | (b[o + 2] & 0xFF) << 16 | (b[o + 3] & 0xFF) << 24;
    }

    private static int be32(byte[] b, int o) {
        return (b[o] & 0xFF) << 24 | (b[o + 1] & 0xFF) << 16 | (b[o + 2] & 0xFF) << 8 | (b[o + 3] & 0xFF);
    }
}
