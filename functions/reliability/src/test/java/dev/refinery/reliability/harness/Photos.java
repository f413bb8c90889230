package dev.refinery.reliability.harness;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Seller photos generated in the tests: a coloured product on a near-white backdrop. */
public final class Photos {
    private Photos() {
    }

    /** A product of one flat colour: what a finished rendition can keep within the colour check's tolerance. */
    public static BufferedImage flatProduct(int w, int h, Color colour) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(colour);
        g.fillRect(w / 4, h / 5, w / 2, 3 * h / 5);
        g.dispose();
        return img;
    }

    public static byte[] flatPng(int w, int h, Color colour) {
        return encode(flatProduct(w, h, colour), "png");
    }

    /** A product with a striped texture (which the detail stage must keep sharp). */
    public static BufferedImage product(int w, int h, Color colour) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(250, 250, 250));
        g.fillRect(0, 0, w, h);
        g.setColor(colour);
        g.fillRoundRect(w / 4, h / 5, w / 2, 3 * h / 5, 20, 20);
        g.setColor(colour.darker().darker());
        for (int y = h / 5 + 10; y < 4 * h / 5 - 10; y += 8) {
            g.drawLine(w / 4 + 10, y, 3 * w / 4 - 10, y + 3);
        }
        g.dispose();
        return img;
    }

    public static byte[] jpeg(int w, int h, Color colour) {
        return encode(product(w, h, colour), "jpg");
    }

    public static byte[] png(int w, int h, Color colour) {
        return encode(product(w, h, colour), "png");
    }

    public static byte[] encode(BufferedImage img, String format) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Mean colour of the pixels that are not near-white (the product). */
    public static Color productColour(BufferedImage img) {
        long r = 0, g = 0, b = 0, n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int argb = img.getRGB(x, y);
                int cr = (argb >> 16) & 255, cg = (argb >> 8) & 255, cb = argb & 255;
                if (cr < 220 || cg < 220 || cb < 220) {
                    r += cr;
                    g += cg;
                    b += cb;
                    n++;
                }
            }
        }
        return n == 0 ? Color.WHITE : new Color((int) (r / n), (int) (g / n), (int) (b / n));
    }
}
