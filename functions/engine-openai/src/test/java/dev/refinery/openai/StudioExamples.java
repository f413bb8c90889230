package dev.refinery.openai;

import dev.refinery.color.Masks;
import dev.refinery.domain.Stage;
import dev.refinery.engine.EditRequest;
import dev.refinery.engine.EditResult;
import dev.refinery.imaging.classic.ClassicSegmenter;
import dev.refinery.testkit.Checkout;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The examples of docs/ai-studio.md: a photo-lab photo through the AI cut-out (the fake Images API playing a competent
 * model: the truth mask as its alpha) and through a mockup scene (the fake painting its plain scene outside the mask),
 * written as small PNGs with the prompts sent beside them.
 *
 * <pre>
 * mvn -pl functions/engine-openai -am test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 * java -cp "functions/engine-openai/target/test-classes:functions/engine-openai/target/classes:$(cat functions/engine-openai/target/test-classpath.txt)" \
 *   dev.refinery.openai.StudioExamples docs/ai-studio
 * </pre>
 */
public final class StudioExamples {
    private StudioExamples() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/ai-studio");
        Files.createDirectories(out);
        Path dir = Checkout.path("functions/photolab/corpus/pl-055");
        BufferedImage photo = FakeImagesApi.copy(ImageIO.read(dir.resolve("photo.jpg").toFile()));
        float[] truth = Masks.fromGray(ImageIO.read(dir.resolve("mask.png").toFile()));
        int w = photo.getWidth(), h = photo.getHeight();
        try (MockApi mock = new MockApi(new ClassicSegmenter())) {
            mock.api.behave(img -> FakeImagesApi.cutOutBy(truth, w, h, img));
            EditResult cut = mock.engine.edit(Stage.BACKGROUND, new EditRequest(photo, photo, List.of("mockup-kitchen-counter"), null, Map.of(),
                    List.of(), Map.of("category", "cosmetics"), "examples"));
            write(side(photo, checker(cut.image())), out.resolve("ai-cutout.jpg"));
            Files.writeString(out.resolve("ai-cutout-prompt.txt"), mock.api.received.get(0).form().field("prompt") + "\n\n"
                    + cut.params().get("cutout.reconciliation") + "\n");

            mock.api.behave(FakeImagesApi::sceneOutsideMask);
            EditResult scene = mock.engine.edit(Stage.FINALIZE, new EditRequest(cut.image(), photo, List.of("mockup-kitchen-counter"), null,
                    Map.of("scene", "mockup-kitchen-counter"), List.of(), Map.of("category", "cosmetics"), "examples"));
            write(scale(opaque(scene.image()), 640), out.resolve("mockup-kitchen-counter.jpg"));
            Files.writeString(out.resolve("mockup-kitchen-counter-prompt.txt"), mock.api.received.get(1).form().field("prompt") + "\n");
        }
        TestPhotos.Photo shirt = GhostMannequinTest.tShirtOnMannequin();
        int sw = shirt.image().getWidth(), sh = shirt.image().getHeight();
        try (MockApi mock = new MockApi()) {
            mock.api.behave((img, form) -> GhostMannequinTest.competent(shirt.mask(), sw, sh, img, form));
            EditResult ghost = mock.engine.edit(Stage.BACKGROUND, new EditRequest(shirt.image(), shirt.image(), List.of("apparel-ghost"), null,
                    Map.of(), List.of(), Map.of("category", "apparel"), "examples"));
            write(side(shirt.image(), checker(ghost.image())), out.resolve("ghost-mannequin.jpg"));
            Files.writeString(out.resolve("ghost-mannequin-prompts.txt"), mock.api.received.get(0).form().field("prompt") + "\n\n---\n\n"
                    + mock.api.received.get(1).form().field("prompt") + "\n");
        }
    }

    /** A scene's picture: its RGB everywhere (the alpha only marks the locked product). */
    static BufferedImage opaque(BufferedImage scene) {
        BufferedImage out = new BufferedImage(scene.getWidth(), scene.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < scene.getHeight(); y++) {
            for (int x = 0; x < scene.getWidth(); x++) {
                out.setRGB(x, y, scene.getRGB(x, y) & 0xFFFFFF);
            }
        }
        return out;
    }

    /** The cut-out over a grey checkerboard, so what it left out shows. */
    static BufferedImage checker(BufferedImage cutout) {
        BufferedImage out = new BufferedImage(cutout.getWidth(), cutout.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        for (int y = 0; y < out.getHeight(); y += 16) {
            for (int x = 0; x < out.getWidth(); x += 16) {
                g.setColor(((x + y) / 16) % 2 == 0 ? new Color(200, 200, 200) : new Color(240, 240, 240));
                g.fillRect(x, y, 16, 16);
            }
        }
        g.drawImage(cutout, 0, 0, null);
        g.dispose();
        return out;
    }

    static BufferedImage side(BufferedImage a, BufferedImage b) {
        BufferedImage sa = scale(a, 480), sb = scale(b, 480);
        BufferedImage out = new BufferedImage(sa.getWidth() + sb.getWidth() + 8, Math.max(sa.getHeight(), sb.getHeight()), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(sa, 0, 0, null);
        g.drawImage(sb, sa.getWidth() + 8, 0, null);
        g.dispose();
        return out;
    }

    static BufferedImage scale(BufferedImage img, int width) {
        int height = (int) Math.round(img.getHeight() * width / (double) img.getWidth());
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(img, 0, 0, width, height, null);
        g.dispose();
        return out;
    }

    private static void write(BufferedImage img, Path file) throws java.io.IOException {
        ImageIO.write(img, "jpg", file.toFile());
    }
}
