package dev.refinery.application;

import dev.refinery.domain.ConflictException;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.InvalidInputException;
import dev.refinery.domain.NotFoundException;
import dev.refinery.domain.Session;
import dev.refinery.ports.ImageStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A session's finals written into the tenant's {@code exports/} folder, one folder per marketplace and each file named as
 * that marketplace's bulk upload expects it (issue 17, "Export"). Amazon's image upload matches a file to a listing by
 * its name, {@code {identifier}.{variant}.{ext}} (Seller Central, "Name your image files"): the identifier an ASIN,
 * UPC, EAN or the SKU, with no dash, underscore or space ("any additional characters will prevent the file from being
 * processed"), the variant {@code MAIN}, {@code PT01}–{@code PT08}, {@code SWCH} or an angle code. Every other
 * marketplace takes {@code {sku}-{preset}.{ext}}, the bundle's name.
 *
 * <p>Keys are {@code exports/{tenant}/{folder}/{file}}: a tenant's exports never share a key with another's. Exporting
 * is idempotent by content: each file carries its SHA-256, session and version as tags, so exporting again writes
 * nothing that is already there ({@code unchanged}), and a newer final of the same session replaces its file
 * ({@code replaced}). A file another session of the same SKU wrote (its second photo exported as {@code MAIN} too) is
 * never overwritten silently: the answer is a conflict naming that session, unless the request says to replace it.
 * Exported files are kept (tag {@code kind=export}): no lifecycle rule of the bucket expires them.
 */
public final class MarketplaceExports {
    public static final String ROOT = "exports/";
    /** Amazon's image variants: the main image, the eight others a detail page shows, the swatch, and the angle shots. */
    static final Pattern AMAZON_POSITION = Pattern.compile("MAIN|PT0[1-8]|SWCH|TOPP|BOTT|LEFT|RGHT|FRNT|BACK|SIDE");
    /** An identifier Amazon's image upload accepts in a file name: letters and digits only. */
    static final Pattern AMAZON_ID = Pattern.compile("[A-Za-z0-9]{1,40}");
    /** The folder each marketplace preset's files go to; any other preset (a scene, a mockup) goes to a folder of its id. */
    static final Map<String, String> FOLDERS = Map.of("amazon-main", "amazon", "walmart", "walmart", "ebay", "ebay",
            "google-merchant", "google-merchant", "shopify-square", "shopify", "etsy", "etsy");

    /**
     * What to export: Amazon's variant for the amazon-main final (null: MAIN), the product identifier Amazon's file names
     * carry (an ASIN, UPC or EAN; null: the SKU), and whether another session's file may be replaced.
     */
    public record Request(String amazonPosition, String amazonId, boolean replace) {
        public static final Request DEFAULT = new Request(null, null, false);
    }

    /**
     * One exported file.
     *
     * @param status {@code written} (new), {@code unchanged} (the same bytes were there), or {@code replaced}
     */
    public record File(String preset, int version, String key, String sha256, String status) {
    }

    public record Export(String sessionId, List<File> files) {
    }

    private final ImageStore images;
    private final dev.refinery.domain.BrandKit.Lookup kits;

    /** @param kits the tenants' brand kits: their file naming names every file but Amazon's */
    public MarketplaceExports(ImageStore images, dev.refinery.domain.BrandKit.Lookup kits) {
        this.images = images;
        this.kits = kits;
    }

    /** Writes each final of the session under its marketplace's name, skipping what is already there. */
    public Export export(Session s, List<ImageVersion> versions, Request request) {
        Request req = request == null ? Request.DEFAULT : request;
        if (s.finals().isEmpty()) {
            throw new NotFoundException("Session " + s.id() + " has no final images yet (it is " + s.status()
                    + "): an export holds the finals, the renditions that passed their checks or that you approved; approve one, "
                    + "or ask again when the session has finished");
        }
        String position = req.amazonPosition() == null || req.amazonPosition().isBlank() ? "MAIN"
                : req.amazonPosition().trim().toUpperCase(Locale.ROOT);
        if (!AMAZON_POSITION.matcher(position).matches() && !position.equals(AUTO)) {
            throw new InvalidInputException("Unknown Amazon image position '" + req.amazonPosition() + "'",
                    "use MAIN (the main image), PT01 to PT08 (the other images), SWCH (the swatch), an angle (TOPP, BOTT, LEFT, RGHT, "
                            + "FRNT, BACK, SIDE), or AUTO (the slot this photo already has, else the first free of MAIN, PT01 to PT08)");
        }
        Map<Integer, ImageVersion> byNumber = new LinkedHashMap<>();
        versions.forEach(v -> byNumber.put(v.number(), v));
        String naming = SessionBundles.naming(kits, s.tenant());
        if (position.equals(AUTO)) {
            ImageVersion amazon = byNumber.get(s.finals().get("amazon-main"));
            position = amazon == null || amazon.imageKey() == null ? "MAIN" : autoSlot(naming, s, amazon, req.amazonId());
        }
        // names first, so a conflict writes nothing at all
        Map<String, ImageVersion> planned = new LinkedHashMap<>();
        Map<String, String> presetOf = new LinkedHashMap<>();
        // each file already there, by its tags (read once: the conflict test and the unchanged test both need them)
        Map<String, Map<String, String>> there = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> f : new TreeMap<>(s.finals()).entrySet()) {
            ImageVersion v = byNumber.get(f.getValue());
            if (v == null || v.imageKey() == null || v.imageExpired()) {
                throw new NotFoundException("The final of " + f.getKey() + " (version " + f.getValue() + ") has no image in the store");
            }
            String key = key(naming, s, f.getKey(), v, position, req.amazonId());
            planned.put(key, v);
            presetOf.put(key, f.getKey());
            if (images.exists(key)) {
                there.put(key, images.tags(key));
            }
            if (!req.replace() && there.containsKey(key)) {
                String owner = there.get(key).get("session");
                if (owner != null && !owner.equals(s.id())) {
                    throw new ConflictException("exports/ already holds " + key.substring(key.lastIndexOf('/') + 1) + " from session " + owner
                            + " (the same product's other photo)", "export this one under another Amazon position (amazonPosition PT01 to PT08), "
                            + "or send replace: true to put it in that file's place");
                }
            }
        }
        List<File> files = new ArrayList<>();
        for (Map.Entry<String, ImageVersion> e : planned.entrySet()) {
            ImageVersion v = e.getValue();
            byte[] bytes = images.get(v.imageKey());
            String sha = SessionBundles.sha256(bytes);
            Map<String, String> tags = there.get(e.getKey());
            String status = tags == null ? "written"
                    : sha.equals(tags.get("sha256")) && s.id().equals(tags.get("session")) ? "unchanged" : "replaced";
            if (!status.equals("unchanged")) {
                images.put(e.getKey(), bytes, v.contentType(), Map.of("kind", "export", "session", s.id(),
                        "version", Integer.toString(v.number()), "sha256", sha));
            }
            files.add(new File(presetOf.get(e.getKey()), v.number(), e.getKey(), sha, status));
        }
        return new Export(s.id(), List.copyOf(files));
    }

    /** The product's photos in Amazon's order: the main image, then the eight others a detail page shows. */
    static final List<String> AUTO_SLOTS = List.of("MAIN", "PT01", "PT02", "PT03", "PT04", "PT05", "PT06", "PT07", "PT08");
    static final String AUTO = "AUTO";

    /**
     * The slot of {@code AUTO}: the one this session's photo already holds (exporting again moves nothing), else the
     * first that no photo holds — so a product's photos take MAIN, PT01, PT02… in the order they are exported.
     */
    private String autoSlot(String naming, Session s, ImageVersion amazon, String amazonId) {
        String id = amazonIdentifier(s, amazonId);
        String free = null;
        for (String slot : AUTO_SLOTS) {
            String key = key(naming, s, "amazon-main", amazon, slot, amazonId);
            if (!images.exists(key)) {
                free = free == null ? slot : free;
            } else if (s.id().equals(images.tags(key).get("session"))) {
                return slot;
            }
        }
        if (free == null) {
            throw new ConflictException("All of Amazon's nine image slots of " + id + " hold other photos of this product",
                    "choose the slot to replace (amazonPosition MAIN or PT01 to PT08, with replace: true)");
        }
        return free;
    }

    /** Where a preset's final goes: {@code exports/{tenant}/{folder}/{name}}. */
    static String key(String naming, Session s, String preset, ImageVersion v, String amazonPosition, String amazonId) {
        String ext = v.imageKey().substring(v.imageKey().lastIndexOf('.')).toLowerCase(Locale.ROOT);
        // the brand kit's rendition is the brand's image whatever version made it: brand-site/{sku}-brand-site.{ext}
        String named = dev.refinery.domain.BrandKit.isPreset(preset) ? dev.refinery.domain.BrandKit.PRESET : preset;
        String folder = FOLDERS.getOrDefault(named, named);
        String name;
        if (folder.equals("amazon")) {
            name = amazonIdentifier(s, amazonId) + "." + amazonPosition + ext;
        } else {
            name = SessionBundles.fileName(naming, s, preset, v);
        }
        return ROOT + s.tenant() + "/" + folder + "/" + name;
    }

    /** The identifier Amazon's file name carries: the one asked for, else the SKU when Amazon's upload accepts it as it is. */
    private static String amazonIdentifier(Session s, String asked) {
        if (asked != null && !asked.isBlank()) {
            if (!AMAZON_ID.matcher(asked.trim()).matches()) {
                throw new InvalidInputException("Amazon identifier '" + asked + "' has characters Amazon's image upload refuses",
                        "give the ASIN, UPC or EAN as letters and digits only (Amazon says to strip dashes and spaces)");
            }
            return asked.trim();
        }
        if (s.sku() == null || s.sku().isBlank()) {
            throw new InvalidInputException("Session " + s.id() + " has no SKU, and Amazon matches images to listings by product identifier",
                    "send amazonId (the product's ASIN, UPC or EAN), or export it as a bundle");
        }
        if (!AMAZON_ID.matcher(s.sku()).matches()) {
            // stripping the dashes would name another product (SKU-1 and SKU1 are two SKUs): ask for the identifier instead
            throw new InvalidInputException("SKU '" + s.sku() + "' has characters Amazon's image upload refuses in a file name (a dash, "
                    + "underscore, dot or space): a file named with it would not be processed",
                    "send amazonId (the product's ASIN, UPC or EAN, letters and digits only) to name the Amazon file");
        }
        return s.sku();
    }
}
