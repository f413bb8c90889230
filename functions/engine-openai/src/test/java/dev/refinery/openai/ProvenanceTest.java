package dev.refinery.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Node;

class ProvenanceTest {
    private static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(img, format, out)).isTrue();
        return out.toByteArray();
    }

    @Test
    void jpegGetsAnXmpApp1SegmentAndKeepsItsPixels() throws IOException {
        BufferedImage img = TestPhotos.bottle(300, 200).image();
        byte[] jpg = encode(img, "jpg");
        byte[] tagged = Provenance.tag(jpg, DigitalSourceType.COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA, "Refinery openai engine (gpt-image-2)");

        assertThat(Provenance.read(tagged)).contains(DigitalSourceType.COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA);
        assertThat(Provenance.xmpPacket(tagged)).get().asString()
                .contains("Iptc4xmpExt:DigitalSourceType=\"http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia\"")
                .contains("xmp:CreatorTool=\"Refinery openai engine (gpt-image-2)\"");
        // Same pixels: the scan data is copied byte for byte.
        BufferedImage a = ImageIO.read(new ByteArrayInputStream(jpg)), b = ImageIO.read(new ByteArrayInputStream(tagged));
        for (int y = 0; y < 200; y += 5) {
            for (int x = 0; x < 300; x += 5) {
                assertThat(b.getRGB(x, y)).isEqualTo(a.getRGB(x, y));
            }
        }
        // The JPEG reader sees the segment as APP1 (unknown marker sequence node).
        assertThat(appMarkers(tagged)).contains("225");
        assertThat(tagged.length - jpg.length).isBetween(400, 2000);
    }

    @Test
    void pngGetsAnItxtChunkReadableByImageIo() throws IOException {
        byte[] png = encode(TestPhotos.bottle(120, 90).image(), "png");
        byte[] tagged = Provenance.tag(png, DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA, null);
        assertThat(Provenance.read(tagged)).contains(DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA);
        // javax.imageio's own PNG reader finds the iTXt chunk with the XMP keyword.
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(tagged))) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("png").next();
            reader.setInput(in);
            IIOMetadata meta = reader.getImageMetadata(0);
            Node root = meta.getAsTree("javax_imageio_png_1.0");
            String itxt = find(root, "iTXtEntry");
            assertThat(itxt).contains("keyword=XML:com.adobe.xmp").contains("trainedAlgorithmicMedia");
            assertThat(reader.read(0).getWidth()).isEqualTo(120);
        }
    }

    @Test
    void taggingTwiceLeavesOnePacket() throws IOException {
        byte[] jpg = encode(TestPhotos.bottle(100, 100).image(), "jpg");
        byte[] once = Provenance.tag(jpg, DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA, null);
        byte[] twice = Provenance.tag(once, DigitalSourceType.COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA, null);
        assertThat(twice.length).isEqualTo(once.length + ("compositeWithTrainedAlgorithmicMedia".length() - "trainedAlgorithmicMedia".length()));
        assertThat(Provenance.read(twice)).contains(DigitalSourceType.COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA);

        byte[] png = encode(TestPhotos.bottle(100, 100).image(), "png");
        byte[] p2 = Provenance.tag(Provenance.tag(png, DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA, null), DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA, null);
        assertThat(p2.length).isEqualTo(Provenance.tag(png, DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA, null).length);
    }

    @Test
    void otherFormatsAndBrokenFilesAreRefusedClearly() {
        assertThatThrownBy(() -> Provenance.tag("RIFF....WEBPVP8 ".getBytes(), DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JPEG and PNG");
        assertThatThrownBy(() -> Provenance.tag(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0x7F, 0x7F}, DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a well-formed JPEG");
    }

    @Test
    void untaggedFilesDeclareNothing() throws IOException {
        assertThat(Provenance.read(encode(TestPhotos.bottle(50, 50).image(), "jpg"))).isEmpty();
        assertThat(Provenance.read(encode(TestPhotos.bottle(50, 50).image(), "png"))).isEmpty();
    }

    @Test
    void lineageDecidesTheType() {
        Map<String, String> upload = Map.of("source", "uploads/t/sku/a.jpg");
        Map<String, String> aiEdit = Map.of("provenance", "compositeWithTrainedAlgorithmicMedia");
        Map<String, String> generated = Map.of("provenance", "trainedAlgorithmicMedia");
        Map<String, String> classic = Map.of("engine", "classic");
        assertThat(DigitalSourceType.forLineage(List.of(upload, classic, classic))).isEmpty();
        assertThat(DigitalSourceType.forLineage(List.of(upload, aiEdit, classic))).contains(DigitalSourceType.COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA);
        assertThat(DigitalSourceType.forLineage(List.of(generated, aiEdit))).contains(DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA);
        assertThat(DigitalSourceType.forLineage(List.of())).isEqualTo(Optional.empty());
    }

    private static String appMarkers(byte[] jpg) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(jpg))) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("jpeg").next();
            reader.setInput(in);
            Node root = reader.getImageMetadata(0).getAsTree("javax_imageio_jpeg_image_1.0");
            return find(root, "unknown");
        }
    }

    /** Every node of a name, with its attributes, as text. */
    private static String find(Node node, String name) {
        StringBuilder sb = new StringBuilder();
        if (node.getNodeName().equals(name) && node.getAttributes() != null) {
            for (int i = 0; i < node.getAttributes().getLength(); i++) {
                Node a = node.getAttributes().item(i);
                sb.append(a.getNodeName()).append('=').append(a.getNodeValue()).append(' ');
            }
        }
        for (Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
            sb.append(find(c, name));
        }
        return sb.toString();
    }
}
