package dev.refinery.openai;

import dev.refinery.color.Masks;
import dev.refinery.domain.Preset;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Lays the product out for a scene before the model sees it: on a canvas with the preset's aspect
 * ratio, at the preset's target fill, centred. The model then paints the scene around a product
 * that is already where the final needs it, and the finisher only has to scale.
 *
 * @param canvas the product on a neutral backdrop (TYPE_INT_RGB), the model's first input image
 * @param alpha  the product's alpha on that canvas, row-major, 0..1
 */
record SceneComposition(BufferedImage canvas, float[] alpha) {
    /** The backdrop the product stands on before the model replaces it. */
    static final Color NEUTRAL = new Color(236, 236, 236);

    static SceneComposition compose(BufferedImage master, float[] masterAlpha, Preset scene, double fill, int width, int height) {
        return compose(master, masterAlpha, scene, fill, width, height, 0.5, 0.5);
    }

    /** As above, the product's bounding box centred at ({@code centreX}, {@code centreY}) of the canvas (a mockup's composition), kept inside it. */
    static SceneComposition compose(BufferedImage master, float[] masterAlpha, Preset scene, double fill, int width, int height,
                                    double centreX, double centreY) {
        Rectangle box = Masks.boundingBox(masterAlpha, master.getWidth(), master.getHeight(), 0.5);
        if (box.isEmpty()) {
            throw new IllegalArgumentException("the master has no product to place in a scene");
        }
        double scale = fill / Math.max(box.width / (double) width, box.height / (double) height);
        int pw = Math.max(1, (int) Math.round(box.width * scale)), ph = Math.max(1, (int) Math.round(box.height * scale));
        int x = Math.max(0, Math.min(width - pw, (int) Math.round(centreX * width - pw / 2.0)));
        int y = Math.max(0, Math.min(height - ph, (int) Math.round(centreY * height - ph / 2.0)));

        BufferedImage cutout = ImageOps.withAlpha(ImageOps.rgb(master), masterAlpha).getSubimage(box.x, box.y, box.width, box.height);
        BufferedImage placed = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = placed.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(cutout, x, y, pw, ph, null);
        g.dispose();
        return new SceneComposition(ImageOps.flatten(placed, NEUTRAL), Masks.alphaOf(placed));
    }
}
