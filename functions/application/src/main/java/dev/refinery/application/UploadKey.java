package dev.refinery.application;

import dev.refinery.domain.InvalidInputException;

/**
 * An original's key: {@code uploads/{tenant}/{sku}/{file}}. Originals are only ever read; the key
 * tells whose upload it is, so the trigger never needs anything from the uploader but the key.
 */
public record UploadKey(String tenant, String sku, String fileName) {
    public static final String PREFIX = "uploads/";

    public static String tenantPrefix(String tenant) {
        return PREFIX + tenant + "/";
    }

    public String key() {
        return PREFIX + tenant + "/" + sku + "/" + fileName;
    }

    public String contentType() {
        return Ids.CONTENT_TYPES.get(Ids.photoExtension(fileName).orElseThrow());
    }

    /** @throws InvalidInputException with the reason the key cannot start a session */
    public static UploadKey parse(String key) {
        if (key == null || !key.startsWith(PREFIX)) {
            throw new InvalidInputException("'" + Ids.abbreviate(key) + "' is outside " + PREFIX, "upload photos under uploads/{tenant}/{sku}/");
        }
        String[] parts = key.substring(PREFIX.length()).split("/", -1);
        if (parts.length != 3) {
            throw new InvalidInputException("'" + Ids.abbreviate(key) + "' is not uploads/{tenant}/{sku}/{file}",
                    "put each photo in its SKU's folder: uploads/{tenant}/{sku}/{file}");
        }
        return new UploadKey(Ids.tenant(parts[0]), Ids.sku(parts[1]), Ids.fileName(parts[2]));
    }

    /**
     * The tenant and SKU a key names even when it cannot start a session (a text file, a bad file name): whose
     * rejected upload it is, so the seller can be told why. Null parts where the key does not name a valid one.
     */
    public static String[] owner(String key) {
        if (key == null || !key.startsWith(PREFIX)) {
            return new String[] {null, null};
        }
        String[] parts = key.substring(PREFIX.length()).split("/", -1);
        String tenant = parts.length >= 2 && Ids.TENANT.matcher(parts[0]).matches() ? parts[0] : null;
        String sku = tenant != null && parts.length == 3 && Ids.SKU.matcher(parts[1]).matches() ? parts[1] : null;
        return new String[] {tenant, sku};
    }
}
