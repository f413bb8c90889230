package dev.refinery.imaging.ingest;

import java.util.Locale;

/**
 * Walks a JPEG's marker segments and entropy-coded scans up to its end-of-image marker, without
 * decoding: frame size, Exif orientation, Adobe colour transform, and whether the file is whole.
 * Decoders paint a truncated JPEG's missing part grey and call it a warning; this walk makes a
 * missing end marker a refusal instead.
 */
final class JpegScanner {
    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;
    private static final int APP1 = 0xE1;
    private static final int APP2 = 0xE2;
    private static final int APP14 = 0xEE;

    private JpegScanner() {
    }

    static ContainerFacts scan(byte[] b) {
        ContainerFacts f = new ContainerFacts();
        boolean sawFrame = false;
        boolean sawScan = false;
        boolean sawExif = false;
        java.io.ByteArrayOutputStream icc = null;
        int adobeTransform = -1;
        int components = 0;
        int precision = 8;
        int extraneous = 0;
        int pos = 2;
        try {
            while (true) {
                if (pos >= b.length) {
                    f.damage = sawScan ? "the JPEG data ends before its end marker: the file was cut short"
                            : "the JPEG ends before its image data";
                    break;
                }
                if ((b[pos] & 0xFF) != 0xFF) {
                    // Garbage between segments: decoders skip it with a warning, and so do we.
                    extraneous++;
                    pos++;
                    continue;
                }
                while (pos + 1 < b.length && (b[pos + 1] & 0xFF) == 0xFF) {
                    pos++; // fill bytes
                }
                int marker = Bytes.u8(b, pos + 1);
                pos += 2;
                if (marker == EOI) {
                    break;
                }
                if (marker == SOI) {
                    f.damage = "a second start-of-image marker inside the JPEG";
                    break;
                }
                if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x00) {
                    continue; // markers without a length
                }
                int length = Bytes.be16(b, pos);
                if (length < 2) {
                    f.damage = String.format(Locale.ROOT, "a JPEG segment (marker %02X) with an invalid length", marker);
                    break;
                }
                Bytes.need(b, pos, length, "JPEG segment");
                int data = pos + 2;
                int dataLength = length - 2;
                if (isStartOfFrame(marker) && !sawFrame) {
                    sawFrame = true;
                    precision = Bytes.u8(b, data);
                    f.height = Bytes.be16(b, data + 1);
                    f.width = Bytes.be16(b, data + 3);
                    components = Bytes.u8(b, data + 5);
                    if (marker >= 0xC9 && marker != 0xCC) {
                        f.unsupported = Rejections.unsupported("arithmetic-coded JPEG",
                                "Save the photo again as a standard JPEG (any editor does) and upload it again.");
                    }
                    if (f.height == 0) {
                        f.unsupported = Rejections.unsupported("JPEG with its height defined after the image data (DNL)",
                                "Save the photo again as a standard JPEG and upload it again.");
                    }
                } else if (marker == APP1 && !sawExif && Bytes.ascii(b, data, "Exif\0")) {
                    sawExif = true;
                    f.orientation = TiffDirectory.exifOrientation(b, data, dataLength);
                } else if (marker == APP2 && Bytes.ascii(b, data, "ICC_PROFILE\0") && dataLength > 14) {
                    // Profiles larger than one segment come in numbered chunks, in order in practice.
                    icc = icc == null ? new java.io.ByteArrayOutputStream(dataLength) : icc;
                    icc.write(b, data + 14, dataLength - 14);
                } else if (marker == APP14 && Bytes.ascii(b, data, "Adobe") && dataLength >= 12) {
                    adobeTransform = Bytes.u8(b, data + 11);
                }
                pos += length;
                if (marker == SOS) {
                    if (!sawFrame) {
                        f.damage = "JPEG image data before its frame header";
                        break;
                    }
                    sawScan = true;
                    pos = skipEntropyCodedData(b, pos);
                }
            }
        } catch (Bytes.Truncated e) {
            f.damage = "the JPEG ends inside a segment: the file was cut short";
        }
        if (f.damage == null && !sawFrame) {
            f.damage = "the JPEG has no frame header";
        } else if (f.damage == null && !sawScan) {
            f.damage = "the JPEG has no image data";
        }
        if (components == 4) {
            f.colour.add(adobeTransform == 2 ? "YCCK" : "CMYK");
        } else if (components == 1) {
            f.colour.add("grayscale");
        }
        if (precision > 8) {
            f.colour.add(precision + "-bit");
        }
        if (icc != null) {
            f.iccProfile = icc.toByteArray();
        }
        if (extraneous > 0) {
            f.notes.add(extraneous + " stray bytes between JPEG segments skipped");
        }
        return f;
    }

    private static boolean isStartOfFrame(int m) {
        return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
    }

    /** Position of the next marker after a scan's entropy-coded data, or b.length when there is none. */
    private static int skipEntropyCodedData(byte[] b, int pos) {
        int n = b.length - 1;
        while (pos < n) {
            if (b[pos] == (byte) 0xFF) {
                int next = b[pos + 1] & 0xFF;
                if (next == 0x00 || (next >= 0xD0 && next <= 0xD7) || next == 0xFF) {
                    pos += next == 0xFF ? 1 : 2; // stuffed byte, restart marker, or fill before a marker
                    continue;
                }
                return pos;
            }
            pos++;
        }
        return b.length;
    }
}
