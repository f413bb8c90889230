package dev.refinery.imaging.ingest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds matrix/TRC ICC profiles for RGB spaces defined by their primaries (what Adobe RGB and
 * Display P3 are) and predicts, with plain matrix arithmetic independent of the colour engine,
 * which sRGB value a colour in such a space must become.
 */
final class TestColour {
    static final double[] D65 = {0.3127, 0.3290};
    static final double[][] SRGB_PRIMARIES = {{0.64, 0.33}, {0.30, 0.60}, {0.15, 0.06}};
    static final double[][] ADOBE_RGB_PRIMARIES = {{0.64, 0.33}, {0.21, 0.71}, {0.15, 0.06}};
    static final double[][] DISPLAY_P3_PRIMARIES = {{0.680, 0.320}, {0.265, 0.690}, {0.150, 0.060}};
    /** Adobe RGB (1998)'s transfer function: a pure power law. */
    static final double ADOBE_GAMMA = 563.0 / 256.0;

    private TestColour() {
    }

    /** RGB -> XYZ matrix of an RGB space with the given primaries and white point (xy). */
    static double[][] rgbToXyz(double[][] primaries, double[] white) {
        double[][] p = new double[3][3];
        for (int i = 0; i < 3; i++) {
            double x = primaries[i][0];
            double y = primaries[i][1];
            p[0][i] = x / y;
            p[1][i] = 1;
            p[2][i] = (1 - x - y) / y;
        }
        double[] w = {white[0] / white[1], 1, (1 - white[0] - white[1]) / white[1]};
        double[] s = mul(invert(p), w);
        double[][] m = new double[3][3];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                m[r][c] = p[r][c] * s[c];
            }
        }
        return m;
    }

    /** sRGB (8-bit) that a colour given in an RGB space's own encoding (0..1 linear light) must become. */
    static int[] expectedSrgb(double[][] primaries, double[] linear) {
        double[] xyz = mul(rgbToXyz(primaries, D65), linear);
        double[] lin = mul(invert(rgbToXyz(SRGB_PRIMARIES, D65)), xyz);
        int[] out = new int[3];
        for (int i = 0; i < 3; i++) {
            out[i] = (int) Math.round(255 * srgbEncode(Math.max(0, Math.min(1, lin[i]))));
        }
        return out;
    }

    static double srgbEncode(double v) {
        return v <= 0.0031308 ? 12.92 * v : 1.055 * Math.pow(v, 1 / 2.4) - 0.055;
    }

    static double srgbDecode(double v) {
        return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }

    /**
     * A version 2 display profile: primaries chromatically adapted to the D50 connection space
     * with the Bradford transform (as ICC requires), and either a power-law TRC ('curv') or,
     * when gamma is 0, the sRGB piecewise curve ('para' type 3, as Display P3 uses).
     */
    static byte[] matrixProfile(String description, double[][] primaries, double gamma) {
        double[][] m = mul(bradfordD65toD50(), rgbToXyz(primaries, D65));
        byte[][] tags = new byte[8][];
        String[] sigs = {"desc", "wtpt", "rXYZ", "gXYZ", "bXYZ", "rTRC", "gTRC", "bTRC"};
        tags[0] = desc(description);
        tags[1] = xyz(0.9642, 1.0, 0.8249);
        for (int i = 0; i < 3; i++) {
            tags[2 + i] = xyz(m[0][i], m[1][i], m[2][i]);
        }
        byte[] trc = gamma > 0 ? curv(gamma) : srgbPara();
        tags[5] = trc;
        tags[6] = trc;
        tags[7] = trc;
        int tableSize = 4 + 12 * tags.length;
        int offset = 128 + tableSize;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        TestImages.writeInt(table, tags.length, 4, true);
        for (int i = 0; i < tags.length; i++) {
            table.writeBytes(sigs[i].getBytes(StandardCharsets.ISO_8859_1));
            TestImages.writeInt(table, offset + body.size(), 4, true);
            TestImages.writeInt(table, tags[i].length, 4, true);
            body.writeBytes(tags[i]);
            while (body.size() % 4 != 0) {
                body.write(0);
            }
        }
        int size = 128 + tableSize + body.size();
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        TestImages.writeInt(header, size, 4, true);
        TestImages.writeInt(header, 0, 4, true); // CMM
        TestImages.writeInt(header, 0x02100000, 4, true); // version 2.1
        header.writeBytes("mntrRGB XYZ ".getBytes(StandardCharsets.ISO_8859_1));
        header.writeBytes(new byte[] {0x07, (byte) 0xE8, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0}); // 2024-01-01
        header.writeBytes("acsp".getBytes(StandardCharsets.ISO_8859_1));
        header.writeBytes(new byte[24]); // platform, flags, manufacturer, model, attributes
        TestImages.writeInt(header, 0, 4, true); // perceptual intent
        header.writeBytes(s15f16(0.9642, 1.0, 0.8249)); // PCS illuminant D50
        header.writeBytes(new byte[128 - header.size()]);
        return TestImages.concat(header.toByteArray(), table.toByteArray(), body.toByteArray());
    }

    private static double[][] bradfordD65toD50() {
        double[][] b = {{0.8951, 0.2664, -0.1614}, {-0.7502, 1.7135, 0.0367}, {0.0389, -0.0685, 1.0296}};
        double[] src = mul(b, new double[] {0.95047, 1.0, 1.08883});
        double[] dst = mul(b, new double[] {0.9642, 1.0, 0.8249});
        double[][] scale = {{dst[0] / src[0], 0, 0}, {0, dst[1] / src[1], 0}, {0, 0, dst[2] / src[2]}};
        return mul(invert(b), mul(scale, b));
    }

    private static byte[] desc(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("desc".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(new byte[4]);
        byte[] ascii = (text + "\0").getBytes(StandardCharsets.ISO_8859_1);
        TestImages.writeInt(out, ascii.length, 4, true);
        out.writeBytes(ascii);
        out.writeBytes(new byte[4 + 4 + 2 + 1 + 67]); // empty Unicode and ScriptCode descriptions
        return out.toByteArray();
    }

    private static byte[] xyz(double x, double y, double z) {
        return TestImages.concat("XYZ ".getBytes(StandardCharsets.ISO_8859_1), new byte[4], s15f16(x, y, z));
    }

    private static byte[] curv(double gamma) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("curv".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(new byte[4]);
        TestImages.writeInt(out, 1, 4, true);
        TestImages.writeInt(out, Math.round(gamma * 256), 2, true); // u8Fixed8
        out.writeBytes(new byte[2]);
        return out.toByteArray();
    }

    private static byte[] srgbPara() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("para".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(new byte[4]);
        TestImages.writeInt(out, 3, 2, true);
        out.writeBytes(new byte[2]);
        out.writeBytes(s15f16(2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045));
        return out.toByteArray();
    }

    private static byte[] s15f16(double... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (double v : values) {
            TestImages.writeInt(out, Math.round(v * 65536), 4, true);
        }
        return out.toByteArray();
    }

    static double[] mul(double[][] m, double[] v) {
        double[] r = new double[3];
        for (int i = 0; i < 3; i++) {
            r[i] = m[i][0] * v[0] + m[i][1] * v[1] + m[i][2] * v[2];
        }
        return r;
    }

    static double[][] mul(double[][] a, double[][] b) {
        double[][] r = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) {
                    r[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return r;
    }

    static double[][] invert(double[][] m) {
        double a = m[0][0], b = m[0][1], c = m[0][2];
        double d = m[1][0], e = m[1][1], f = m[1][2];
        double g = m[2][0], h = m[2][1], i = m[2][2];
        double det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
        return new double[][] {
            {(e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det},
            {(f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det},
            {(d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det}};
    }
}
