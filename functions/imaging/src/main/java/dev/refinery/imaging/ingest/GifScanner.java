package dev.refinery.imaging.ingest;

/**
 * Walks a GIF's blocks to count its frames (more than one: animated, refused) and to check that
 * the first frame's data is whole. A missing trailer after a complete frame is tolerated, as
 * browsers do.
 */
final class GifScanner {
    private GifScanner() {
    }

    static ContainerFacts scan(byte[] b) {
        ContainerFacts f = new ContainerFacts();
        int frames = 0;
        boolean inFrame = false;
        try {
            long screenWidth = Bytes.le16(b, 6);
            long screenHeight = Bytes.le16(b, 8);
            f.width = screenWidth;
            f.height = screenHeight;
            int packed = Bytes.u8(b, 10);
            int pos = 13;
            if ((packed & 0x80) != 0) {
                pos += 3 * (1 << ((packed & 7) + 1));
            }
            f.colour.add("palette");
            while (true) {
                int block = Bytes.u8(b, pos);
                if (block == 0x3B) {
                    break;
                }
                if (block == 0x21) {
                    pos = skipSubBlocks(b, pos + 2);
                } else if (block == 0x2C) {
                    inFrame = true;
                    long w = Bytes.le16(b, pos + 5);
                    long h = Bytes.le16(b, pos + 7);
                    if (frames == 0) {
                        // The size gate takes the larger of the canvas and the first frame.
                        f.width = Math.max(w, screenWidth);
                        f.height = Math.max(h, screenHeight);
                    }
                    int local = Bytes.u8(b, pos + 9);
                    pos += 10;
                    if ((local & 0x80) != 0) {
                        pos += 3 * (1 << ((local & 7) + 1));
                    }
                    pos = skipSubBlocks(b, pos + 1); // after the LZW minimum code size
                    frames++;
                    inFrame = false;
                } else if (frames > 0) {
                    f.notes.add("bytes after the last GIF frame ignored");
                    break;
                } else {
                    f.damage = "unexpected data inside the GIF";
                    break;
                }
                if (frames > 1) {
                    break;
                }
            }
        } catch (Bytes.Truncated e) {
            if (frames == 0) {
                f.damage = inFrame ? "the GIF ends inside its image data: the file was cut short"
                        : "the GIF ends before its first image";
            } else if (!inFrame) {
                f.notes.add("GIF trailer missing after a complete frame");
            }
        }
        if (frames > 1 || (inFrame && frames >= 1)) {
            f.unsupported = Rejections.unsupported("animated GIF: upload a single still frame",
                    "Save one frame of the animation as PNG or JPEG and upload that.");
        }
        return f;
    }

    /** Skips a chain of data sub-blocks (size byte, data) ending with a zero size; returns the position after it. */
    private static int skipSubBlocks(byte[] b, int pos) {
        while (true) {
            int size = Bytes.u8(b, pos);
            pos++;
            if (size == 0) {
                return pos;
            }
            Bytes.need(b, pos, size, "GIF data sub-block");
            pos += size;
        }
    }
}
