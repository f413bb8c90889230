package dev.refinery.imaging.classic;

import dev.refinery.domain.InvalidInputException;
import dev.refinery.engine.ImageIngestor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import javax.imageio.ImageIO;

/** Test-only ingest: decodes the upload as it is (the real ingestor lives in dev.refinery.imaging.ingest). */
final class DecodingIngestor implements ImageIngestor {
    @Override
    public Ingested ingest(byte[] bytes, String fileName) {
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
            if (img == null) {
                throw new InvalidInputException(fileName + " is not an image", "upload a JPEG or PNG");
            }
            BufferedImage rgb = new BufferedImage(img.getWidth(), img.getHeight(),
                    img.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
            rgb.getGraphics().drawImage(img, 0, 0, null);
            return new Ingested(rgb, Map.of("width", String.valueOf(img.getWidth()), "height", String.valueOf(img.getHeight())));
        } catch (IOException e) {
            throw new InvalidInputException(fileName + " could not be read", "upload a JPEG or PNG", e);
        }
    }
}
