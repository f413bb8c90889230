package dev.refinery.imaging.ingest;

import dev.refinery.domain.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a format scanner learnt from a file's structure without decoding pixels: the dimensions it
 * claims, whether it is complete, its EXIF orientation and embedded colour profile. Filled by one
 * scanner on one thread, then read.
 */
final class ContainerFacts {
    /** Stored width and height as the header claims them; -1 when the header could not be read. */
    long width = -1;
    long height = -1;
    /** EXIF orientation, 1-8; 1 when absent or invalid. */
    int orientation = 1;
    /** An embedded ICC profile, when the format's reader may not apply it itself. */
    byte[] iccProfile;
    /** What the stored colour is, when it is not plain 8-bit RGB ("CMYK", "16-bit", "grayscale", ...). */
    final List<String> colour = new ArrayList<>();
    /** Why the file is damaged or incomplete; null when its structure is whole. */
    String damage;
    /** A property of a well-formed file that ingest refuses (animation, an unsupported variant). */
    InvalidInputException unsupported;
    final List<String> notes = new ArrayList<>();

    boolean dimensionsKnown() {
        return width > 0 && height > 0;
    }
}
