package dev.refinery.imaging.ingest;

import com.twelvemonkeys.imageio.color.ColorProfiles;
import com.twelvemonkeys.imageio.color.ColorSpaces;
import java.awt.Graphics2D;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferInt;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.nio.charset.StandardCharsets;

/**
 * Brings any decoded image to 8-bit sRGB in TYPE_INT_RGB, or TYPE_INT_ARGB when it has alpha:
 * ICC-tagged colour (Adobe RGB, Display P3, ICC grey...) through a colour-managed conversion,
 * untagged grey replicated into RGB (grey JPEGs and PNGs are gamma-encoded like sRGB, so a
 * colorimetric conversion from Java's linear CS_GRAY would wrongly brighten them), 16-bit and
 * other depths rescaled to 8 bits.
 */
final class SrgbConverter {
    private SrgbConverter() {
    }

    /** The result and how its colour was brought to sRGB ("sRGB" when nothing but the layout changed). */
    record Converted(BufferedImage image, String colour, boolean converted) {
    }

    /**
     * Makes an image's layout one the scaler and converter handle: palette images expanded to
     * (A)RGB, premultiplied alpha undone, exotic sample types (float, 32-bit) drawn into (A)RGB.
     */
    static BufferedImage normaliseLayout(BufferedImage img) {
        ColorModel cm = img.getColorModel();
        if (cm instanceof IndexColorModel icm) {
            return expandPalette(img, icm);
        }
        int transfer = img.getRaster().getTransferType();
        boolean plainSamples = transfer == DataBuffer.TYPE_BYTE || transfer == DataBuffer.TYPE_USHORT
                || (transfer == DataBuffer.TYPE_INT && cm instanceof DirectColorModel);
        boolean smallSamples = true;
        for (int size : img.getSampleModel().getSampleSize()) {
            smallSamples &= size <= 16;
        }
        if (!(cm instanceof ComponentColorModel || cm instanceof DirectColorModel) || !plainSamples || !smallSamples) {
            BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(),
                    cm.hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
            Graphics2D g = out.createGraphics();
            try {
                g.drawImage(img, 0, 0, null);
            } finally {
                g.dispose();
            }
            return out;
        }
        if (cm.isAlphaPremultiplied()) {
            img.coerceData(false);
        }
        return img;
    }

    private static BufferedImage expandPalette(BufferedImage img, IndexColorModel icm) {
        int[] lut = new int[icm.getMapSize()];
        icm.getRGBs(lut);
        boolean alpha = icm.getTransparency() != Transparency.OPAQUE;
        int w = img.getWidth();
        int h = img.getHeight();
        BufferedImage out = new BufferedImage(w, h, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        int[] dst = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        Raster r = img.getRaster();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            r.getSamples(r.getMinX(), r.getMinY() + y, w, 1, 0, row);
            for (int x = 0; x < w; x++) {
                int i = row[x];
                dst[y * w + x] = i < lut.length ? lut[i] : 0;
            }
        }
        return out;
    }

    /**
     * @param img      a normalised image (see {@link #normaliseLayout})
     * @param embedded an ICC profile found in the file by the scanner, applied when the reader
     *                 left the image tagged sRGB (the JDK's PNG and TIFF readers ignore profiles)
     */
    static Converted toSrgb(BufferedImage img, ICC_Profile embedded) {
        ColorModel cm = img.getColorModel();
        ColorSpace cs = cm.getColorSpace();
        if (embedded != null && cs.isCS_sRGB() && embedded.getColorSpaceType() == cs.getType()
                && !ColorProfiles.isCS_sRGB(embedded)) {
            cs = ColorSpaces.createColorSpace(embedded);
        } else if (embedded != null && cs.getType() == ColorSpace.TYPE_GRAY
                && embedded.getColorSpaceType() == ColorSpace.TYPE_GRAY && !ColorProfiles.isCS_GRAY(embedded)) {
            cs = ColorSpaces.createColorSpace(embedded);
        }
        boolean alpha = cm.hasAlpha();
        if (isSrgb(cs)) {
            return new Converted(pack(img.getRaster(), alpha, false), "sRGB", false);
        }
        if (cs.getType() == ColorSpace.TYPE_GRAY && isBuiltInGray(cs)) {
            return new Converted(pack(img.getRaster(), alpha, true), "grayscale → sRGB", true);
        }
        return new Converted(convert(img.getRaster(), cs, alpha), describe(cs) + " → sRGB", true);
    }

    /** Drops an alpha channel that is fully opaque everywhere; a real cut-out keeps it. */
    static BufferedImage dropOpaqueAlpha(BufferedImage argb) {
        if (argb.getType() != BufferedImage.TYPE_INT_ARGB) {
            return argb;
        }
        int[] px = ((DataBufferInt) argb.getRaster().getDataBuffer()).getData();
        for (int p : px) {
            if ((p >>> 24) != 0xFF) {
                return argb;
            }
        }
        BufferedImage rgb = new BufferedImage(argb.getWidth(), argb.getHeight(), BufferedImage.TYPE_INT_RGB);
        int[] dst = ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < px.length; i++) {
            dst[i] = px[i] & 0xFFFFFF;
        }
        return rgb;
    }

    private static boolean isSrgb(ColorSpace cs) {
        return cs.isCS_sRGB() || (cs instanceof ICC_ColorSpace ics && isSrgbEquivalent(ics));
    }

    /**
     * Whether an ICC colour space is sRGB in all but name: many files embed their own copy of
     * "sRGB IEC61966-2.1", which Java does not recognise as its own. Decided by measurement:
     * converting a 6×6×6 grid of colours must move none of them by more than one level.
     * Converting such images anyway would cost time and jitter values by a level.
     */
    static boolean isSrgbEquivalent(ICC_ColorSpace cs) {
        if (ColorProfiles.isCS_sRGB(cs.getProfile())) {
            return true;
        }
        if (cs.getType() != ColorSpace.TYPE_RGB || cs.getNumComponents() != 3) {
            return false;
        }
        int steps = 6;
        int n = steps * steps * steps;
        ComponentColorModel ccm = new ComponentColorModel(cs, false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        WritableRaster grid = ccm.createCompatibleWritableRaster(n, 1);
        int[] px = new int[3 * n];
        int i = 0;
        for (int r = 0; r < steps; r++) {
            for (int g = 0; g < steps; g++) {
                for (int b = 0; b < steps; b++) {
                    px[i++] = r * 51;
                    px[i++] = g * 51;
                    px[i++] = b * 51;
                }
            }
        }
        grid.setPixels(0, 0, n, 1, px);
        BufferedImage out = new BufferedImage(n, 1, BufferedImage.TYPE_INT_RGB);
        try {
            new ColorConvertOp(null).filter(new BufferedImage(ccm, grid, false, null), out);
        } catch (RuntimeException e) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            int rgb = out.getRGB(k, 0);
            if (Math.abs((rgb >> 16 & 0xFF) - px[3 * k]) > 1 || Math.abs((rgb >> 8 & 0xFF) - px[3 * k + 1]) > 1
                    || Math.abs((rgb & 0xFF) - px[3 * k + 2]) > 1) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBuiltInGray(ColorSpace cs) {
        return cs == ColorSpace.getInstance(ColorSpace.CS_GRAY)
                || (cs instanceof ICC_ColorSpace ics && ColorProfiles.isCS_GRAY(ics.getProfile()));
    }

    /** Packs sRGB (or untagged grey) samples of any depth up to 16 bits into 8-bit (A)RGB ints. */
    private static BufferedImage pack(Raster r, boolean alpha, boolean gray) {
        int w = r.getWidth();
        int h = r.getHeight();
        int nb = r.getNumBands();
        int[] shift = new int[nb];
        int[] sizes = r.getSampleModel().getSampleSize();
        BufferedImage out = new BufferedImage(w, h, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        int[] dst = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        int[] row = new int[w * nb];
        int[] max = new int[nb];
        for (int b = 0; b < nb; b++) {
            max[b] = (1 << sizes[b]) - 1;
            shift[b] = sizes[b] == 8 ? 0 : -1;
        }
        for (int y = 0; y < h; y++) {
            r.getPixels(r.getMinX(), r.getMinY() + y, w, 1, row);
            for (int x = 0; x < w; x++) {
                int s = x * nb;
                int red;
                int green;
                int blue;
                if (gray) {
                    red = to8(row[s], max[0], shift[0]);
                    green = red;
                    blue = red;
                } else {
                    red = to8(row[s], max[0], shift[0]);
                    green = to8(row[s + 1], max[1], shift[1]);
                    blue = to8(row[s + 2], max[2], shift[2]);
                }
                int a = alpha ? to8(row[s + nb - 1], max[nb - 1], shift[nb - 1]) : 0xFF;
                dst[y * w + x] = a << 24 | red << 16 | green << 8 | blue;
            }
        }
        return out;
    }

    private static int to8(int v, int max, int shift) {
        return shift == 0 ? v : (int) ((v * 255L + max / 2) / max);
    }

    /** Colour-managed conversion from an ICC (or other) colour space into sRGB. */
    private static BufferedImage convert(Raster r, ColorSpace cs, boolean alpha) {
        int w = r.getWidth();
        int h = r.getHeight();
        int nb = r.getNumBands();
        int[] sizes = r.getSampleModel().getSampleSize();
        boolean wide = false;
        for (int s : sizes) {
            wide |= s > 8;
        }
        int bits = wide ? 16 : 8;
        ComponentColorModel ccm = new ComponentColorModel(cs, alpha, false,
                alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, wide ? DataBuffer.TYPE_USHORT : DataBuffer.TYPE_BYTE);
        WritableRaster tagged = ccm.createCompatibleWritableRaster(w, h);
        if (tagged.getNumBands() != nb) {
            throw new IllegalStateException("colour space " + describe(cs) + " has " + tagged.getNumBands()
                    + " bands but the image has " + nb);
        }
        int[] row = new int[w * nb];
        int target = (1 << bits) - 1;
        for (int y = 0; y < h; y++) {
            r.getPixels(r.getMinX(), r.getMinY() + y, w, 1, row);
            for (int i = 0; i < row.length; i++) {
                int size = sizes[i % nb];
                if (size != bits) {
                    int max = (1 << size) - 1;
                    row[i] = (int) ((row[i] * (long) target + max / 2) / max);
                }
            }
            tagged.setPixels(0, y, w, 1, row);
        }
        BufferedImage src = new BufferedImage(ccm, tagged, false, null);
        BufferedImage out = new BufferedImage(w, h, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        new ColorConvertOp(null).filter(src, out);
        return out;
    }

    /** A colour space's name for the version's parameters: the ICC profile's description when it has one. */
    static String describe(ColorSpace cs) {
        if (cs instanceof ICC_ColorSpace ics) {
            String d = profileDescription(ics.getProfile());
            if (d != null) {
                return d;
            }
        }
        return switch (cs.getType()) {
            case ColorSpace.TYPE_CMYK -> "CMYK";
            case ColorSpace.TYPE_GRAY -> "ICC grayscale";
            case ColorSpace.TYPE_RGB -> "ICC RGB";
            default -> "colour space type " + cs.getType();
        };
    }

    /** The 'desc' tag of an ICC profile (v2 'desc' or v4 'mluc'), or null. */
    static String profileDescription(ICC_Profile p) {
        byte[] tag;
        try {
            tag = p.getData(ICC_Profile.icSigProfileDescriptionTag);
        } catch (RuntimeException e) {
            return null;
        }
        if (tag == null || tag.length < 12) {
            return null;
        }
        try {
            if (Bytes.ascii(tag, 0, "desc")) {
                int n = (int) Bytes.be32(tag, 8);
                Bytes.need(tag, 12, n, "desc");
                return clean(new String(tag, 12, n, StandardCharsets.ISO_8859_1));
            }
            if (Bytes.ascii(tag, 0, "mluc") && Bytes.be32(tag, 8) > 0) {
                int length = (int) Bytes.be32(tag, 20);
                int offset = (int) Bytes.be32(tag, 24);
                Bytes.need(tag, offset, length, "mluc");
                return clean(new String(tag, offset, length, StandardCharsets.UTF_16BE));
            }
        } catch (Bytes.Truncated e) {
            return null;
        }
        return null;
    }

    private static String clean(String s) {
        String t = s.replace("\0", "").trim();
        return t.isEmpty() ? null : t.length() > 80 ? t.substring(0, 80) : t;
    }
}
