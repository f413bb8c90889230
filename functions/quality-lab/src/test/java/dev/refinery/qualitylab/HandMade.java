package dev.refinery.qualitylab;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.refinery.color.ColorMath;
import dev.refinery.domain.PresetCatalog;
import dev.refinery.engine.Rendition;
import dev.refinery.imaging.classic.ClassicFinisher;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A hand-made photo with known truth (a red box with a striped label on grey, 160x120) in the corpus
 * format, and a refined output made by ClassicFinisher from the exact cut-out: the answer of every
 * measure is known.
 */
final class HandMade {
    static final int W = 160, H = 120;
    static final int X0 = 50, Y0 = 30, PW = 60, PH = 70;
    static final int[] LABEL = {62, 45, 36, 30};
    static final int BODY = 0xC03020, GREY = 0x808080;
    static final ObjectMapper JSON = new ObjectMapper();

    private HandMade() {
    }

    static boolean inProduct(int x, int y) {
        return x >= X0 && x < X0 + PW && y >= Y0 && y < Y0 + PH;
    }

    static boolean inLabel(int x, int y) {
        return x >= LABEL[0] && x < LABEL[0] + LABEL[2] && y >= LABEL[1] && y < LABEL[1] + LABEL[3];
    }

    static int labelPixel(int x, int y) {
        return ((y - LABEL[1]) / 2) % 3 == 1 && (x - LABEL[0]) % 5 != 4 ? 0x202020 : 0xF0F0E8;
    }

    static BufferedImage photo() {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                img.setRGB(x, y, inProduct(x, y) ? (inLabel(x, y) ? labelPixel(x, y) : BODY) : GREY);
            }
        }
        return img;
    }

    /** Writes corpus/<id>/ and returns its folder. */
    static Path corpusPhoto(Path root, String id) throws IOException {
        Path dir = root.resolve(id);
        Files.createDirectories(dir);
        BufferedImage photo = photo();
        ImageIO.write(photo, "png", dir.resolve("photo.jpg").toFile()); // PNG bytes: lossless, ImageIO reads by content
        BufferedImage mask = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY);
        BufferedImage regions = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY);
        double[] labelSum = new double[3];
        int labelN = 0;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                mask.getRaster().setSample(x, y, 0, inProduct(x, y) ? 255 : 0);
                regions.getRaster().setSample(x, y, 0, inProduct(x, y) ? (inLabel(x, y) ? 2 : 1) : 0);
                // the label's true colour: its mean over the inside the harness measures (more than 2 px from its edge)
                if (x >= LABEL[0] + 2 && x < LABEL[0] + LABEL[2] - 2 && y >= LABEL[1] + 2 && y < LABEL[1] + LABEL[3] - 2) {
                    int v = labelPixel(x, y);
                    labelSum[0] += (v >> 16) & 0xFF;
                    labelSum[1] += (v >> 8) & 0xFF;
                    labelSum[2] += v & 0xFF;
                    labelN++;
                }
            }
        }
        ImageIO.write(mask, "png", dir.resolve("mask.png").toFile());
        ImageIO.write(regions, "png", dir.resolve("regions.png").toFile());
        ImageIO.write(photo.getSubimage(LABEL[0], LABEL[1], LABEL[2], LABEL[3]), "png", dir.resolve("clean-label.png").toFile());
        ObjectNode t = JSON.createObjectNode();
        t.put("id", id);
        t.put("family", "hand-made");
        t.put("kind", "box");
        ArrayNode lb = t.putArray("labelBox");
        for (int v : LABEL) {
            lb.add(v);
        }
        ArrayNode rs = t.putArray("regions");
        double[] body = ColorMath.rgbToLab(BODY);
        rs.addObject().put("id", 1).put("name", "body").<ObjectNode>set("trueLab", JSON.valueToTree(body))
                .put("pixels", PW * PH - LABEL[2] * LABEL[3]).set("trueSrgb", JSON.valueToTree(new int[] {0xC0, 0x30, 0x20}));
        double[] label = Evaluator.srgbToLab(labelSum[0] / labelN, labelSum[1] / labelN, labelSum[2] / labelN);
        rs.addObject().put("id", 2).put("name", "label").<ObjectNode>set("trueLab", JSON.valueToTree(label))
                .put("pixels", labelN).set("trueSrgb", JSON.valueToTree(new int[] {128, 128, 128}));
        JSON.writeValue(dir.resolve("truth.json").toFile(), t);
        return dir;
    }

    /** The exact cut-out (alpha = mask) of the photo. */
    static BufferedImage exactCutout() {
        BufferedImage photo = photo();
        BufferedImage cut = new BufferedImage(W, H, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                cut.setRGB(x, y, (inProduct(x, y) ? 0xFF000000 : 0) | (photo.getRGB(x, y) & 0xFFFFFF));
            }
        }
        return cut;
    }

    /**
     * OUT/<id>/ as the command line writes it, the final made by ClassicFinisher (amazon-main) from {@code cutout}.
     *
     * @param finalEdit changes the final's pixels after finishing (null: none)
     */
    static Path refined(Path root, String id, String status, BufferedImage cutout, java.util.function.Consumer<BufferedImage> finalEdit)
            throws IOException {
        Path dir = root.resolve(id);
        Files.createDirectories(dir.resolve("versions"));
        Rendition r = new ClassicFinisher().render(cutout, PresetCatalog.bundled().get("amazon-main"), Map.of());
        byte[] bytes = r.bytes();
        if (finalEdit != null) {
            BufferedImage fin = ImageIO.read(new java.io.ByteArrayInputStream(bytes));
            finalEdit.accept(fin);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            ImageIO.write(fin, "png", out);
            bytes = out.toByteArray();
        }
        Files.write(dir.resolve("final.jpg"), bytes);
        Files.write(dir.resolve("versions").resolve("v5-finalize-amazon-main.jpg"), bytes);
        ImageIO.write(cutout, "png", dir.resolve("cutout.png").toFile());
        ObjectNode rep = JSON.createObjectNode();
        rep.put("status", status);
        if ("COMPLETED".equals(status)) {
            rep.putNull("reason");
        } else {
            rep.put("reason", "hand-made reason");
        }
        rep.putObject("outputs").put("amazon-main", "final.jpg").put("cutout", "cutout.png");
        rep.putObject("timings").put("total", 123);
        ArrayNode versions = rep.putArray("versions");
        versions.addObject().put("number", 1).put("stage", "base")
                .putObject("params").put("originalWidth", String.valueOf(W)).put("width", String.valueOf(W));
        ObjectNode fin = versions.addObject().put("number", 5).put("stage", "finalize").put("preset", "amazon-main")
                .put("file", "versions/v5-finalize-amazon-main.jpg");
        fin.set("params", JSON.valueToTree(r.params()));
        JSON.writeValue(dir.resolve("report.json").toFile(), rep);
        return dir;
    }
}
