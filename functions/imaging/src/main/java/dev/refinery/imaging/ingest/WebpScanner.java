package dev.refinery.imaging.ingest;

import java.nio.charset.StandardCharsets;

/** Walks a WebP's RIFF chunks: canvas size, completeness, animation, ICC profile and Exif orientation. */
final class WebpScanner {
    private WebpScanner() {
    }

    static ContainerFacts scan(byte[] b) {
        ContainerFacts f = new ContainerFacts();
        try {
            long riffEnd = 8 + Bytes.le32(b, 4);
            if (riffEnd > b.length) {
                f.damage = "the WebP is shorter than its header says: the file was cut short";
            }
            int end = (int) Math.min(riffEnd, b.length);
            int pos = 12;
            boolean sawImage = false;
            while (pos + 8 <= end) {
                String type = new String(b, pos, 4, StandardCharsets.ISO_8859_1);
                long size = Bytes.le32(b, pos + 4);
                int data = pos + 8;
                if (data + size > end) {
                    if (f.damage == null) {
                        f.damage = "the WebP ends inside its " + type.trim() + " chunk: the file was cut short";
                    }
                    if (!type.startsWith("VP8")) {
                        break;
                    }
                }
                switch (type) {
                    case "VP8X" -> {
                        int flags = Bytes.u8(b, data);
                        f.width = 1L + Bytes.le24(b, data + 4);
                        f.height = 1L + Bytes.le24(b, data + 7);
                        if ((flags & 0x02) != 0) {
                            f.unsupported = animated();
                        }
                    }
                    case "VP8 " -> {
                        sawImage = true;
                        if (!Bytes.ascii(b, data + 3, "\u009d\u0001\u002a")) {
                            f.damage = "the WebP's image data has no valid frame header";
                        } else if (f.width < 0) {
                            f.width = Bytes.le16(b, data + 6) & 0x3FFF;
                            f.height = Bytes.le16(b, data + 8) & 0x3FFF;
                        }
                    }
                    case "VP8L" -> {
                        sawImage = true;
                        if (Bytes.u8(b, data) != 0x2F) {
                            f.damage = "the WebP's lossless data has no valid header";
                        } else if (f.width < 0) {
                            long bits = Bytes.le32(b, data + 1);
                            f.width = 1 + (bits & 0x3FFF);
                            f.height = 1 + ((bits >> 14) & 0x3FFF);
                        }
                    }
                    case "ANIM", "ANMF" -> f.unsupported = animated();
                    case "ICCP" -> f.iccProfile = copy(b, data, (int) Math.min(size, end - data));
                    case "EXIF" -> f.orientation = TiffDirectory.exifOrientation(b, data, (int) Math.min(size, end - data));
                    case "ALPH" -> f.colour.add("alpha");
                    default -> {
                    }
                }
                if (data + size > end) {
                    break;
                }
                pos = (int) (data + size + (size & 1));
            }
            if (!sawImage && f.unsupported == null && f.damage == null) {
                f.damage = "the WebP has no image data";
            }
        } catch (Bytes.Truncated e) {
            if (f.damage == null) {
                f.damage = "the WebP ends inside a chunk: the file was cut short";
            }
        }
        return f;
    }

    private static dev.refinery.domain.InvalidInputException animated() {
        return Rejections.unsupported("animated WebP: upload a single still frame",
                "Save one frame of the animation as PNG or JPEG and upload that.");
    }

    private static byte[] copy(byte[] b, int from, int length) {
        byte[] out = new byte[Math.max(0, length)];
        System.arraycopy(b, from, out, 0, out.length);
        return out;
    }
}
