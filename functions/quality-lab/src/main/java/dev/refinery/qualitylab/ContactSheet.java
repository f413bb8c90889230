package dev.refinery.qualitylab;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A PNG of every photo: input | final | the cut-out's edge (red) and the true edge (green) over the
 * input, with the photo's id, status and verdict; two photos per row, small tiles so the sheet
 * stays a few MB.
 */
final class ContactSheet {
    static final int TILE = 120;
    private static final int GAP = 4;
    private static final int TEXT = 14;
    private static final int PER_ROW = 2;

    record Entry(String id, String status, String verdict, Path input, Path finalImage, Path cutout, Path truthMask) {
    }

    private ContactSheet() {
    }

    static void write(List<Entry> entries, String title, Path png) throws IOException {
        int cell = 3 * TILE + 2 * GAP;
        int width = PER_ROW * cell + (PER_ROW + 1) * 3 * GAP;
        int rows = (entries.size() + PER_ROW - 1) / PER_ROW;
        int rowH = TILE + TEXT + GAP;
        int height = 20 + Math.max(1, rows) * rowH + GAP;
        BufferedImage sheet = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(new Color(0x30, 0x30, 0x34));
        g.fillRect(0, 0, width, height);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.setColor(Color.WHITE);
        g.drawString(title + "   (input | final | cut-out edge red, true edge green)", 3 * GAP, 14);
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            int x0 = 3 * GAP + (i % PER_ROW) * (cell + 3 * GAP), y0 = 20 + (i / PER_ROW) * rowH;
            g.setColor(statusColour(e.status(), e.verdict()));
            g.drawString(e.id() + "  " + e.status() + (e.verdict() == null ? "" : "  " + e.verdict()), x0, y0 + 11);
            int ty = y0 + TEXT;
            BufferedImage input = Files.isRegularFile(e.input()) ? Raster8.read(e.input()) : null;
            drawFitted(g, input, x0, ty);
            drawFitted(g, e.finalImage() == null ? null : Raster8.read(e.finalImage()), x0 + TILE + GAP, ty);
            drawFitted(g, input == null ? null : edges(input, e.cutout(), e.truthMask()), x0 + 2 * (TILE + GAP), ty);
        }
        g.dispose();
        Files.createDirectories(png.toAbsolutePath().getParent());
        ImageIO.write(sheet, "png", png.toFile());
    }

    private static Color statusColour(String status, String verdict) {
        if ("FALSE PASS".equals(verdict) || "bar not met".equals(verdict)) {
            return new Color(0xFF, 0x60, 0x60);
        }
        return switch (status) {
            case "COMPLETED" -> new Color(0x90, 0xE0, 0x90);
            case "NEEDS_REVIEW" -> new Color(0xFF, 0xC0, 0x60);
            default -> new Color(0xFF, 0x80, 0x80);
        };
    }

    private static void drawFitted(Graphics2D g, BufferedImage img, int x, int y) {
        g.setColor(new Color(0x50, 0x50, 0x55));
        g.fillRect(x, y, TILE, TILE);
        if (img == null) {
            g.setColor(Color.LIGHT_GRAY);
            g.drawString("none", x + TILE / 2 - 12, y + TILE / 2);
            return;
        }
        BufferedImage small = fit(img, TILE);
        g.drawImage(small, x + (TILE - small.getWidth()) / 2, y + (TILE - small.getHeight()) / 2, null);
    }

    /** Downscaled to fit a square (halving steps, then bilinear: no aliasing of large photos). */
    static BufferedImage fit(BufferedImage img, int side) {
        double s = Math.min(side / (double) img.getWidth(), side / (double) img.getHeight());
        int tw = Math.max(1, (int) Math.round(img.getWidth() * s)), th = Math.max(1, (int) Math.round(img.getHeight() * s));
        BufferedImage cur = toRgb(img);
        while (cur.getWidth() / 2 >= tw && cur.getHeight() / 2 >= th) {
            cur = scaled(cur, cur.getWidth() / 2, cur.getHeight() / 2);
        }
        return scaled(cur, tw, th);
    }

    private static BufferedImage toRgb(BufferedImage img) {
        if (img.getType() == BufferedImage.TYPE_INT_RGB) {
            return img;
        }
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.drawImage(img, 0, 0, null);
        g.dispose();
        return out;
    }

    private static BufferedImage scaled(BufferedImage img, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    /** The input at tile size with the cut-out's edge in red and the true mask's edge in green, both at tile resolution. */
    static BufferedImage edges(BufferedImage input, Path cutout, Path truthMask) {
        BufferedImage small = fit(input, TILE);
        int w = small.getWidth(), h = small.getHeight();
        if (truthMask != null && Files.isRegularFile(truthMask)) {
            overlay(small, Raster8.gray(truthMask), 0x30FF30);
        }
        if (cutout != null && Files.isRegularFile(cutout)) {
            overlay(small, Raster8.alpha(cutout), 0xFF2020);
        }
        return small;
    }

    private static void overlay(BufferedImage tile, Raster8 mask, int rgb) {
        int w = tile.getWidth(), h = tile.getHeight();
        boolean[] m = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sx = Math.min(mask.width() - 1, (int) ((x + 0.5) * mask.width() / w));
                int sy = Math.min(mask.height() - 1, (int) ((y + 0.5) * mask.height() / h));
                m[y * w + x] = mask.get(sx, sy) >= 128;
            }
        }
        boolean[] b = Segmentation.boundary(m, w, h);
        for (int i = 0; i < b.length; i++) {
            // the frame's edge is not drawn: a product touching the frame is seen as such
            int x = i % w, y = i / w;
            if (b[i] && x > 0 && y > 0 && x < w - 1 && y < h - 1) {
                tile.setRGB(x, y, rgb);
            }
        }
    }
}
