package dev.refinery.imaging.ingest;

/** Reads a BMP's headers: size, and for uncompressed bitmaps whether all rows are present. */
final class BmpScanner {
    private BmpScanner() {
    }

    static ContainerFacts scan(byte[] b) {
        ContainerFacts f = new ContainerFacts();
        try {
            long pixelOffset = Bytes.le32(b, 10);
            long dibSize = Bytes.le32(b, 14);
            int bitsPerPixel;
            long compression = 0;
            if (dibSize == 12) {
                f.width = Bytes.le16(b, 18);
                f.height = Bytes.le16(b, 20);
                bitsPerPixel = Bytes.le16(b, 24);
            } else {
                f.width = (int) Bytes.le32(b, 18);
                f.height = Math.abs((long) (int) Bytes.le32(b, 22)); // negative: rows stored top-down
                bitsPerPixel = Bytes.le16(b, 28);
                compression = Bytes.le32(b, 30);
            }
            if (compression == 4 || compression == 5) {
                f.unsupported = Rejections.unsupported("BMP wrapping a " + (compression == 4 ? "JPEG" : "PNG"),
                        "Save the image as a plain JPEG or PNG and upload it again.");
            }
            if (bitsPerPixel <= 8) {
                f.colour.add("palette");
            }
            boolean uncompressed = compression == 0 || compression == 3 || compression == 6;
            if (uncompressed && f.width > 0 && f.height > 0) {
                long stride = ((bitsPerPixel * f.width + 31) / 32) * 4;
                if (pixelOffset + stride * f.height > b.length) {
                    f.damage = "the BMP is missing rows of pixels: the file was cut short";
                }
            }
        } catch (Bytes.Truncated e) {
            f.damage = "the BMP ends inside its header";
        }
        return f;
    }
}
