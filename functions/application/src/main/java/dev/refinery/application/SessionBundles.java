package dev.refinery.application;

import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.NotFoundException;
import dev.refinery.domain.Session;
import dev.refinery.ports.ImageStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A session's finals as one ZIP (issue 15's download bundle): every preset's final image, named
 * {@code {sku}-{preset}.{ext}}, and a {@code manifest.json} (session, status, and per file its preset, version and
 * SHA-256). Built in the store under {@code bundles/{tenant}/{sessionId}/r{revision}.zip} and answered with a link,
 * because a Lambda response is capped at 6 MB and four 2000 px finals already come near it. A bundle is made once per
 * session revision: approving or reverting moves the revision, and the next request builds a new one.
 */
public final class SessionBundles {
    public static final String ROOT = "bundles/";

    /** A bundle: its key, whether this call built it, and the files in it (without the manifest). */
    public record Bundle(String key, boolean made, List<String> files) {
    }

    private final ImageStore images;
    private final dev.refinery.domain.BrandKit.Lookup kits;

    public SessionBundles(ImageStore images, dev.refinery.domain.BrandKit.Lookup kits) {
        this.images = images;
        this.kits = kits;
    }

    /** Built once per session revision and naming: a kit that names files otherwise gets a bundle of its own. */
    public static String key(Session s, String naming) {
        String named = naming.equals(dev.refinery.domain.BrandKit.DEFAULT_FILE_NAMING) ? "" : "-" + sha256(naming.getBytes(StandardCharsets.UTF_8)).substring(0, 8);
        return ROOT + s.tenant() + "/" + s.id() + "/r" + s.revision() + named + ".zip";
    }

    /** The session's bundle, built now when this revision has none. */
    public Bundle bundle(Session s, List<ImageVersion> versions) {
        if (s.finals().isEmpty()) {
            throw new NotFoundException("Session " + s.id() + " has no final images yet (it is " + s.status()
                    + "): a bundle holds the finals, the renditions that passed their checks or that you approved; approve one, "
                    + "or ask again when the session has finished");
        }
        Map<Integer, ImageVersion> byNumber = new LinkedHashMap<>();
        versions.forEach(v -> byNumber.put(v.number(), v));
        String naming = naming(kits, s.tenant());
        List<String> files = new ArrayList<>();
        Map<String, ImageVersion> entries = new TreeMap<>();
        for (Map.Entry<String, Integer> f : new TreeMap<>(s.finals()).entrySet()) {
            ImageVersion v = byNumber.get(f.getValue());
            if (v == null || v.imageKey() == null || v.imageExpired()) {
                throw new NotFoundException("The final of " + f.getKey() + " (version " + f.getValue() + ") has no image in the store");
            }
            String name = fileName(naming, s, f.getKey(), v);
            entries.put(name, v);
            files.add(name);
        }
        String key = key(s, naming);
        if (images.exists(key)) {
            return new Bundle(key, false, files);
        }
        byte[] zip = zip(s, entries);
        images.put(key, zip, "application/zip", Map.of("kind", "bundle"));
        return new Bundle(key, true, files);
    }

    private byte[] zip(Session s, Map<String, ImageVersion> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder manifest = new StringBuilder("{\n  \"session\": \"" + s.id() + "\",\n  \"sku\": " + quote(s.sku())
                + ",\n  \"status\": \"" + s.status() + "\",\n  \"revision\": " + s.revision() + ",\n  \"files\": [");
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            boolean first = true;
            for (Map.Entry<String, ImageVersion> e : entries.entrySet()) {
                byte[] bytes = images.get(e.getValue().imageKey());
                ZipEntry entry = new ZipEntry(e.getKey());
                // JPEG and PNG are compressed already: stored entries cost nothing to build and unpack
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(bytes.length);
                java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                crc.update(bytes);
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                zip.write(bytes);
                zip.closeEntry();
                manifest.append(first ? "\n" : ",\n").append("    {\"file\": \"").append(e.getKey()).append("\", \"preset\": \"")
                        .append(e.getValue().preset()).append("\", \"version\": ").append(e.getValue().number())
                        .append(", \"sha256\": \"").append(sha256(bytes)).append("\"}");
                first = false;
            }
            manifest.append("\n  ]\n}\n");
            zip.putNextEntry(new ZipEntry("manifest.json"));
            zip.write(manifest.toString().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String quote(String s) {
        return s == null ? "null" : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The name a preset's image is saved under, in the ZIP, in exports and when downloaded alone: the tenant's brand
     * kit's naming ({@code naming}; default {@code {sku}-{preset}.{ext}}, the session's id for a product without a SKU),
     * anything but letters, digits, '.', '_' and '-' made '_' ({@link dev.refinery.domain.BrandKit#fileName}).
     */
    public static String fileName(String naming, Session s, String preset, ImageVersion v) {
        return dev.refinery.domain.BrandKit.fileName(naming, s, preset, v.number(), v.imageKey());
    }

    /** The tenant's naming pattern: its brand kit's, or the default. */
    static String naming(dev.refinery.domain.BrandKit.Lookup kits, String tenant) {
        return kits.current(tenant).map(dev.refinery.domain.BrandKit::fileNaming).orElse(dev.refinery.domain.BrandKit.DEFAULT_FILE_NAMING);
    }

}
