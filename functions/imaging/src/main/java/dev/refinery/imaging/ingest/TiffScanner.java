package dev.refinery.imaging.ingest;

/**
 * Reads a TIFF's first directory: size, orientation, ICC profile, and whether the strips or
 * tiles it points to lie inside the file. Only the first page of a multi-page TIFF is used.
 */
final class TiffScanner {
    private TiffScanner() {
    }

    static ContainerFacts scan(byte[] b) {
        ContainerFacts f = new ContainerFacts();
        try {
            TiffDirectory ifd = TiffDirectory.first(b, 0, b.length);
            f.width = ifd.value(TiffDirectory.TAG_WIDTH, -1);
            f.height = ifd.value(TiffDirectory.TAG_HEIGHT, -1);
            f.orientation = ifd.orientation();
            f.iccProfile = ifd.bytes(TiffDirectory.TAG_ICC_PROFILE);
            long photometric = ifd.value(TiffDirectory.TAG_PHOTOMETRIC, 2);
            if (photometric == 5) {
                f.colour.add("CMYK");
            } else if (photometric <= 1) {
                f.colour.add("grayscale");
            } else if (photometric == 3) {
                f.colour.add("palette");
            }
            if (ifd.value(TiffDirectory.TAG_BITS_PER_SAMPLE, 8) > 8) {
                f.colour.add(ifd.value(TiffDirectory.TAG_BITS_PER_SAMPLE, 8) + "-bit");
            }
            long[] offsets = ifd.has(TiffDirectory.TAG_TILE_OFFSETS) ? ifd.values(TiffDirectory.TAG_TILE_OFFSETS)
                    : ifd.values(TiffDirectory.TAG_STRIP_OFFSETS);
            long[] counts = ifd.has(TiffDirectory.TAG_TILE_BYTE_COUNTS) ? ifd.values(TiffDirectory.TAG_TILE_BYTE_COUNTS)
                    : ifd.values(TiffDirectory.TAG_STRIP_BYTE_COUNTS);
            if (offsets == null || offsets.length == 0) {
                f.damage = "the TIFF has no image data";
            } else if (counts != null && counts.length == offsets.length) {
                for (int i = 0; i < offsets.length; i++) {
                    if (offsets[i] + counts[i] > b.length) {
                        f.damage = "the TIFF's image data runs past the end of the file: it was cut short";
                        break;
                    }
                }
            }
            try {
                if (ifd.next() != null) {
                    f.notes.add("multi-page TIFF: only the first page is used");
                }
            } catch (Bytes.Truncated e) {
                f.notes.add("broken link to a second TIFF page ignored");
            }
        } catch (Bytes.Truncated | IllegalArgumentException e) {
            if (f.damage == null) {
                f.damage = "the TIFF's directory points outside the file";
            }
        }
        return f;
    }
}
