package dev.refinery.domain;

import java.util.Locale;

public enum ImageFormat {
    JPEG("jpg", "image/jpeg"), PNG("png", "image/png"), WEBP("webp", "image/webp");

    private final String extension;
    private final String contentType;

    ImageFormat(String extension, String contentType) {
        this.extension = extension;
        this.contentType = contentType;
    }

    public String extension() {
        return extension;
    }

    public String contentType() {
        return contentType;
    }

    public static ImageFormat parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "jpeg", "jpg" -> JPEG;
            case "png" -> PNG;
            case "webp" -> WEBP;
            default -> throw new IllegalArgumentException("Unsupported output format '" + s + "' (jpeg, png, webp)");
        };
    }
}
