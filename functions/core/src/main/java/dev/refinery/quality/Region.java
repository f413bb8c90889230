package dev.refinery.quality;

import java.util.Locale;

/**
 * Where on the seller's photo a finding is: a box in fractions [0, 1] of the photo's width and height. The
 * photo is the session's base version, the image the quality check judged the cut-out on and the image the
 * web app draws the box over (its "cut-out over your photo" view), so the box needs no transform to be
 * drawn at any display size. Fractions rather than pixels because ingest may have reduced the upload and
 * the app shows a preview of a few hundred pixels.
 *
 * @param x      left edge, a fraction of the photo's width
 * @param y      top edge, a fraction of the photo's height
 * @param width  a fraction of the photo's width
 * @param height a fraction of the photo's height
 */
public record Region(double x, double y, double width, double height) {
    public Region {
        if (!(x >= 0 && y >= 0 && width > 0 && height > 0 && x + width <= 1 + 1e-9 && y + height <= 1 + 1e-9)) {
            throw new IllegalArgumentException("a region lies within the photo: " + x + "," + y + " " + width + "x" + height);
        }
    }

    /**
     * The box of pixels {@code [x0, x1) × [y0, y1)} of a photo {@code w} by {@code h}, clipped to it, in fractions
     * rounded to 4 decimals (a tenth of a pixel at 1,000 px, and what {@link StoredFindings} keeps); the
     * rounding only ever grows the box, so it still covers every flagged pixel.
     */
    static Region ofPixels(int x0, int y0, int x1, int y1, int w, int h) {
        // clipped to the photo and at least a pixel: a box is never the reason a check fails to report
        x0 = Math.max(0, Math.min(w - 1, x0));
        y0 = Math.max(0, Math.min(h - 1, y0));
        x1 = Math.max(x0 + 1, Math.min(w, x1));
        y1 = Math.max(y0 + 1, Math.min(h, y1));
        double fx0 = Math.floor(x0 * 1e4 / w) / 1e4, fy0 = Math.floor(y0 * 1e4 / h) / 1e4;
        double fx1 = Math.ceil(x1 * 1e4 / w) / 1e4, fy1 = Math.ceil(y1 * 1e4 / h) / 1e4;
        return new Region(fx0, fy0, round4(Math.max(1e-4, fx1 - fx0)), round4(Math.max(1e-4, fy1 - fy0)));
    }

    private static double round4(double v) {
        return Math.round(v * 1e4) / 1e4;
    }

    /** {@code x,y,w,h} at 4 decimals, as {@link StoredFindings} keeps it. */
    String encode() {
        return String.format(Locale.ROOT, "%.4f,%.4f,%.4f,%.4f", x, y, width, height);
    }

    /** The region {@link #encode()} wrote. */
    static Region decode(String s) {
        String[] p = s.split(",");
        if (p.length != 4) {
            throw new IllegalArgumentException("a region is x,y,w,h: " + s);
        }
        return new Region(Double.parseDouble(p[0].trim()), Double.parseDouble(p[1].trim()), Double.parseDouble(p[2].trim()), Double.parseDouble(p[3].trim()));
    }
}
