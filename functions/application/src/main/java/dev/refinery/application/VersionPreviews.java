package dev.refinery.application;

import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.InvalidInputException;
import dev.refinery.domain.NotFoundException;
import dev.refinery.engine.ImageCodec;
import dev.refinery.ports.ImageStore;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Map;

/**
 * Small previews of a session's versions, for the web app's grids and timeline (issue 15): a grid of fifty versions
 * must not load fifty 2000 px finals (about 1 MB each). A preview is at most {@link #MAX_SIDE} px on its long side,
 * made the first time it is asked for and kept under {@code previews/{tenant}/{sessionId}/} — a prefix of its own,
 * so the API function may write there and nowhere under {@code sessions/}, and a lifecycle rule can drop previews
 * nobody asked for in a while (they are made again on demand). A cut-out's preview keeps its transparency (PNG);
 * anything else is a JPEG.
 */
public final class VersionPreviews {
    public static final String ROOT = "previews/";
    /** Long side when none is asked for: a grid tile on a 2× screen. */
    public static final int DEFAULT_SIDE = 400;
    public static final int MIN_SIDE = 64, MAX_SIDE = 800;
    private static final int JPEG_QUALITY = 85;

    /** A preview: its version, long side, type, key in the store, and whether this call made it. */
    public record Preview(int number, int side, String contentType, String key, boolean made) {
    }

    private final ImageStore images;

    public VersionPreviews(ImageStore images) {
        this.images = images;
    }

    /** The long side asked for ({@code null}: {@link #DEFAULT_SIDE}). */
    public static int side(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_SIDE;
        }
        if (!text.matches("[0-9]{1,4}") || Integer.parseInt(text) < MIN_SIDE || Integer.parseInt(text) > MAX_SIDE) {
            throw new InvalidInputException("'" + (text.length() > 12 ? text.substring(0, 12) + "…" : text) + "' is not a preview size",
                    "ask for a long side from " + MIN_SIDE + " to " + MAX_SIDE + " px, or leave size out for " + DEFAULT_SIDE);
        }
        return Integer.parseInt(text);
    }

    /** Where the preview of a version at this size lives. */
    public static String key(String tenant, String sessionId, int number, int side, boolean png) {
        return ROOT + tenant + "/" + sessionId + "/" + number + "-" + side + (png ? ".png" : ".jpg");
    }

    /** The version's preview (under its own tenant and session), made now when this size has not been made before. */
    public Preview preview(ImageVersion v, int side) {
        if (v.imageKey() == null || v.imageExpired()) {
            throw new NotFoundException("Version " + v.number() + " has no image any more: intermediate versions expire; "
                    + "the originals, the versions you approved and the finals are kept");
        }
        boolean png = "image/png".equals(v.contentType());
        String key = key(v.tenant(), v.sessionId(), v.number(), side, png);
        String type = png ? "image/png" : "image/jpeg";
        if (images.exists(key)) {
            return new Preview(v.number(), side, type, key, false);
        }
        byte[] bytes = encode(shrink(ImageCodec.decode(images.get(v.imageKey())), side), png);
        images.put(key, bytes, type, Map.of("kind", "preview"));
        return new Preview(v.number(), side, type, key, true);
    }

    /**
     * Down to {@code side} on the long side by halving with bilinear filtering, then one last bilinear step: each step
     * averages 2×2, so the fine print of a label does not alias as one big bilinear step would. Never enlarges.
     */
    static BufferedImage shrink(BufferedImage src, int side) {
        int type = src.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        double f = Math.min(1.0, side / (double) Math.max(src.getWidth(), src.getHeight()));
        int tw = Math.max(1, (int) Math.round(src.getWidth() * f)), th = Math.max(1, (int) Math.round(src.getHeight() * f));
        BufferedImage cur = src;
        do {
            int w = Math.max(tw, cur.getWidth() / 2), h = Math.max(th, cur.getHeight() / 2);
            if (cur != src && w == cur.getWidth() && h == cur.getHeight()) {
                break;
            }
            BufferedImage next = new BufferedImage(w, h, type);
            Graphics2D g = next.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(cur, 0, 0, w, h, null);
            g.dispose();
            cur = next;
        } while (cur.getWidth() > tw || cur.getHeight() > th);
        return cur;
    }

    private static byte[] encode(BufferedImage img, boolean png) {
        return png ? ImageCodec.png(img) : ImageCodec.jpeg(img, JPEG_QUALITY, ImageCodec.Chroma.FULL);
    }
}
