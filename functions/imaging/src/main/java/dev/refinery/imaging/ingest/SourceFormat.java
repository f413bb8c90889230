package dev.refinery.imaging.ingest;

/** The image formats ingest decodes, as recognised from their content. */
enum SourceFormat {
    JPEG("JPEG", "jpeg"),
    PNG("PNG", "png"),
    WEBP("WebP", "webp"),
    GIF("GIF", "gif"),
    BMP("BMP", "bmp"),
    TIFF("TIFF", "tiff");

    private final String label;
    private final String imageIoName;

    SourceFormat(String label, String imageIoName) {
        this.label = label;
        this.imageIoName = imageIoName;
    }

    /** The name a seller knows. */
    String label() {
        return label;
    }

    /** The ImageIO format name its reader is registered under. */
    String imageIoName() {
        return imageIoName;
    }

    /** Whether a file name's extension is one this format is usually saved with. */
    boolean matchesExtension(String ext) {
        return switch (this) {
            case JPEG -> ext.equals("jpg") || ext.equals("jpeg") || ext.equals("jpe") || ext.equals("jfif");
            case PNG -> ext.equals("png");
            case WEBP -> ext.equals("webp");
            case GIF -> ext.equals("gif");
            case BMP -> ext.equals("bmp") || ext.equals("dib");
            case TIFF -> ext.equals("tif") || ext.equals("tiff");
        };
    }
}
