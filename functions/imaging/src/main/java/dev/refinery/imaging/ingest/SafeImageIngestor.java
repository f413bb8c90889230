package dev.refinery.imaging.ingest;

import com.twelvemonkeys.imageio.color.ColorProfiles;
import com.twelvemonkeys.imageio.color.ColorSpaces;
import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import dev.refinery.domain.InvalidInputException;
import dev.refinery.engine.ImageIngestor;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Ingests a seller's upload into the working image, refusing what it cannot process faithfully.
 *
 * <p>Order matters for safety: the size limit is checked before any parsing; the format is
 * recognised from the content, never the name; the container's structure is walked (claimed
 * size, completeness, animation) and the claimed size checked against the limits before an
 * image reader is even created; the reader's own header is checked again before any pixel is
 * decoded. Only then are pixels decoded (subsampled when huge), area-averaged down to the
 * working size, converted to sRGB and turned upright.
 *
 * <p>Immutable and thread-safe: every call creates and disposes its own reader.
 */
public final class SafeImageIngestor implements ImageIngestor {
    private static final Pattern EXTRANEOUS = Pattern.compile("(\\d+) extraneous bytes");
    private static final int HARMLESS_EXTRANEOUS_BYTES = 16;
    private final IngestLimits limits;

    public SafeImageIngestor() {
        this(IngestLimits.defaults());
    }

    public SafeImageIngestor(IngestLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        Readers.require();
    }

    public IngestLimits limits() {
        return limits;
    }

    @Override
    public Ingested ingest(byte[] bytes, String fileName) {
        if (bytes == null || bytes.length == 0) {
            throw Rejections.empty();
        }
        if (bytes.length > limits.maxFileBytes()) {
            throw Rejections.fileTooLarge(bytes.length, limits.maxFileBytes());
        }
        SourceFormat format = FormatSniffer.sniff(bytes);
        ContainerFacts facts = scan(format, bytes);
        if (facts.dimensionsKnown()) {
            checkClaimedSize(format, facts.width, facts.height);
        }
        if (facts.damage != null) {
            throw Rejections.damaged(facts.damage);
        }
        if (facts.unsupported != null) {
            throw facts.unsupported;
        }
        if (!facts.dimensionsKnown()) {
            throw Rejections.damaged("the " + format.label() + " header gives no valid image size");
        }
        return decode(format, bytes, facts, fileName);
    }

    private static ContainerFacts scan(SourceFormat format, byte[] bytes) {
        return switch (format) {
            case JPEG -> JpegScanner.scan(bytes);
            case PNG -> PngScanner.scan(bytes);
            case WEBP -> WebpScanner.scan(bytes);
            case GIF -> GifScanner.scan(bytes);
            case BMP -> BmpScanner.scan(bytes);
            case TIFF -> TiffScanner.scan(bytes);
        };
    }

    private void checkClaimedSize(SourceFormat format, long width, long height) {
        if (width > limits.maxSide() || height > limits.maxSide() || width * height > limits.maxPixels()) {
            throw Rejections.tooManyPixels(format.label(), width, height, limits);
        }
    }

    private Ingested decode(SourceFormat format, byte[] bytes, ContainerFacts facts, String fileName) {
        Map<String, String> params = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        int width;
        int height;
        int subsampling;
        int[] target;
        BufferedImage raw;
        ImageReader reader = Readers.create(format);
        try (ImageInputStream in = new ByteArrayImageInputStream(bytes)) {
            // PNG metadata is skipped: the JDK's reader would inflate every zTXt/iTXt chunk into
            // memory without bound (a text-chunk zip bomb); it still reads PLTE and tRNS. The TIFF
            // reader then reads only the fields decoding needs. The scanners supply the rest.
            reader.setInput(in, false, format == SourceFormat.PNG || format == SourceFormat.TIFF);
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            // The reader's own view of the header, still without decoding a single pixel.
            width = reader.getWidth(0);
            height = reader.getHeight(0);
            checkClaimedSize(format, width, height);
            if (width <= 0 || height <= 0) {
                throw Rejections.damaged("the " + format.label() + " reader found no valid image size");
            }
            int uprightW = ExifOrientation.swapsSides(facts.orientation) ? height : width;
            int uprightH = ExifOrientation.swapsSides(facts.orientation) ? width : height;
            if (Math.min(width, height) < limits.minSide()) {
                throw Rejections.tooSmall(uprightW, uprightH, limits.minSide());
            }
            target = workingSize(width, height);
            if (Math.min(target[0], target[1]) < limits.minSide()) {
                throw Rejections.tooNarrow(uprightW, uprightH, limits.minSide(), limits.workingLongSide());
            }
            subsampling = subsampling(width, height);
            ImageReadParam param = reader.getDefaultReadParam();
            if (subsampling > 1) {
                param.setSourceSubsampling(subsampling, subsampling, 0, 0);
            }
            raw = reader.read(0, param);
        } catch (InvalidInputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Readers report broken data as IIOException, but also as IndexOutOfBounds,
            // NegativeArraySize, IllegalArgument or NullPointer exceptions from deep inside.
            throw Rejections.damaged("the " + format.label() + " decoder failed: " + summary(e), e);
        } finally {
            reader.dispose();
        }
        for (String w : warnings) {
            if (meansDamaged(w)) {
                throw Rejections.damaged("the " + format.label() + " decoder reported: " + w);
            }
        }
        if (raw == null) {
            throw Rejections.damaged("the " + format.label() + " decoder returned no image");
        }

        BufferedImage img = SrgbConverter.normaliseLayout(raw);
        raw = null; // let a large decoded raster go before the next allocation
        boolean scaled = target[0] < img.getWidth() || target[1] < img.getHeight();
        if (scaled) {
            WritableRaster small = AreaAverageScaler.scale(img.getRaster(), img.getColorModel(), target[0], target[1]);
            img = new BufferedImage(img.getColorModel(), small, false, null);
        }
        // TwelveMonkeys' JPEG and WebP readers convert embedded profiles to sRGB themselves (a
        // second conversion would shift colours); the JDK's PNG reader ignores them.
        boolean readerAppliesProfile = format == SourceFormat.JPEG || format == SourceFormat.WEBP;
        ICC_Profile profile = profile(facts);
        SrgbConverter.Converted converted = toSrgb(img, readerAppliesProfile ? null : profile, facts);
        boolean hadAlpha = converted.image().getType() == BufferedImage.TYPE_INT_ARGB;
        img = ExifOrientation.apply(converted.image(), facts.orientation);
        img = SrgbConverter.dropOpaqueAlpha(img);

        params.put("format", format.label());
        params.put("fileBytes", Integer.toString(bytes.length));
        boolean swap = ExifOrientation.swapsSides(facts.orientation);
        params.put("originalWidth", Integer.toString(swap ? height : width));
        params.put("originalHeight", Integer.toString(swap ? width : height));
        params.put("orientation", ExifOrientation.describe(facts.orientation));
        params.put("orientationApplied", Boolean.toString(facts.orientation != 1));
        params.put("sourceColour", facts.colour.isEmpty() ? "8-bit RGB" : String.join(", ", facts.colour));
        String colour = converted.colour();
        boolean colourConverted = converted.converted() || facts.colour.stream().anyMatch(c -> c.contains("-bit"));
        if (format == SourceFormat.JPEG && (facts.colour.contains("CMYK") || facts.colour.contains("YCCK"))) {
            colour = String.join(", ", facts.colour) + " → sRGB" + (profile != null ? " via " + describe(profile) : "");
            colourConverted = true;
        } else if (readerAppliesProfile && profile != null && !isSrgbProfile(profile)) {
            colour = describe(profile) + " → sRGB";
            colourConverted = true;
        }
        params.put("colour", colour);
        params.put("colourConverted", Boolean.toString(colourConverted));
        params.put("alpha", hadAlpha ? (img.getType() == BufferedImage.TYPE_INT_ARGB ? "kept" : "fully opaque, dropped") : "none");
        if (subsampling > 1) {
            params.put("decodeSubsampling", "1/" + subsampling);
        }
        params.put("scaledTo", scaled ? img.getWidth() + "x" + img.getHeight() : "none");
        params.put("width", Integer.toString(img.getWidth()));
        params.put("height", Integer.toString(img.getHeight()));
        List<String> notes = new ArrayList<>(facts.notes);
        String ext = extension(fileName);
        if (ext != null && !format.matchesExtension(ext)) {
            notes.add("named ." + ext + " but the content is " + format.label() + "; the content decides");
        }
        warnings.stream().map(w -> "decoder warning: " + w).forEach(notes::add);
        if (!notes.isEmpty()) {
            params.put("notes", String.join("; ", notes));
        }
        return new Ingested(img, Collections.unmodifiableMap(params));
    }

    /** Working size for an image of the given stored size: the long side capped, the aspect kept. */
    private int[] workingSize(int width, int height) {
        int longSide = Math.max(width, height);
        int cap = limits.workingLongSide();
        if (longSide <= cap) {
            return new int[] {width, height};
        }
        int w = (int) Math.max(1, Math.round((double) width * cap / longSide));
        int h = (int) Math.max(1, Math.round((double) height * cap / longSide));
        return new int[] {width >= height ? cap : w, height > width ? cap : h};
    }

    /**
     * Decoder subsampling: 1 unless the full image would exceed the decode budget; never so much
     * that the decoded image's long side falls below twice the working size, so that the area
     * averaging that follows still has at least 2×2 samples per output pixel.
     */
    private int subsampling(int width, int height) {
        int longSide = Math.max(width, height);
        int most = Math.max(1, longSide / (2 * limits.workingLongSide()));
        int s = 1;
        while (s < most && (long) ceilDiv(width, s) * ceilDiv(height, s) > limits.maxDecodedPixels()) {
            s++;
        }
        return s;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /**
     * Decoder warnings that mean pixels are missing or invented: libjpeg fills a cut-off JPEG with
     * grey, and after corrupt entropy data it finishes the image early and skips the rest as
     * "extraneous bytes". A few such bytes are encoder padding, common and harmless.
     */
    static boolean meansDamaged(String warning) {
        String w = warning.toLowerCase(Locale.ROOT);
        Matcher extraneous = EXTRANEOUS.matcher(w);
        if (extraneous.find()) {
            return Long.parseLong(extraneous.group(1)) > HARMLESS_EXTRANEOUS_BYTES;
        }
        return w.contains("truncat") || w.contains("premature end") || w.contains("missing eoi")
                || w.contains("corrupt jpeg data") || w.contains("bad huffman");
    }

    private static ICC_Profile profile(ContainerFacts facts) {
        if (facts.iccProfile == null) {
            return null;
        }
        try {
            return ColorProfiles.createProfile(facts.iccProfile);
        } catch (RuntimeException e) {
            facts.notes.add("unreadable embedded ICC profile ignored");
            return null;
        }
    }

    /**
     * Conversion to sRGB; a profile from the file that cannot be applied is dropped with a note (the
     * colours are then taken as sRGB, as a browser shows them); a broken colour space that the
     * reader itself produced means the file is damaged.
     */
    private static SrgbConverter.Converted toSrgb(BufferedImage img, ICC_Profile embedded, ContainerFacts facts) {
        try {
            return SrgbConverter.toSrgb(img, embedded);
        } catch (RuntimeException e) {
            if (embedded != null) {
                facts.notes.add("embedded ICC profile could not be applied, colours taken as sRGB (" + summary(e) + ")");
                return toSrgb(img, null, facts);
            }
            throw Rejections.damaged("its colour data cannot be converted to sRGB: " + summary(e), e);
        }
    }

    private static boolean isSrgbProfile(ICC_Profile p) {
        if (ColorProfiles.isCS_sRGB(p)) {
            return true;
        }
        try {
            return SrgbConverter.isSrgbEquivalent(ColorSpaces.createColorSpace(p));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String describe(ICC_Profile p) {
        String d = SrgbConverter.profileDescription(p);
        return d == null ? "embedded ICC profile" : d;
    }

    private static String summary(Throwable e) {
        String m = e.getMessage();
        String kind = e.getClass().getSimpleName();
        return m == null || m.isBlank() ? kind : kind + ": " + (m.length() > 160 ? m.substring(0, 160) + "…" : m);
    }

    /** The lower-case extension of a file name when it looks like one (1-5 letters or digits), else null. */
    static String extension(String fileName) {
        if (fileName == null) {
            return null;
        }
        int dot = fileName.lastIndexOf('.');
        if (dot < 0 || dot == fileName.length() - 1) {
            return null;
        }
        String ext = fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        return ext.length() <= 5 && ext.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) ? ext : null;
    }
}
