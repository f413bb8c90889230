package dev.refinery.domain;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A tenant's brand kit (issue 17): how its own site shows products — the background colour, the margin around the
 * product, the square canvas's side, the file format, a soft contact shadow or none — and whether a session's finals
 * go to the exports/ folder by themselves when it completes. Versioned: each change is a new version, and a session
 * that used the kit keeps the version it started with ({@code brand-site@3}), so its renditions can be made again
 * exactly; a newer version is what the catalog refresh renders next.
 *
 * <p>The kit is a preset, {@code brand-site}: marketplace main images keep their own rules (amazon-main's white and
 * 85–90 % fill); the kit decides only the brand's own images.
 *
 * @param background the background, 0xRRGGBB
 * @param margin     the space on each side of the product, as a share of the canvas side (0.02–0.25): the product's
 *                   longer side fills {@code 1 − 2 × margin} of the canvas
 * @param canvas     the square canvas's side in pixels (500–4472: Shopify's largest square)
 * @param pixelsPerCm true scale (0: off): a product whose size the seller gives is drawn at this many pixels per real
 *                   centimetre instead of at the margin, so a collection's products keep their sizes against each
 *                   other on the brand's site: its height (the fact {@value #HEIGHT_FACT}, as it stands: what a photo
 *                   of a standing product shows at full length) or, without one, its longest side ({@value #SIZE_FACT})
 * @param fileNaming  how the tenant's files are named in bundles, downloads and exports (not Amazon's, whose names
 *                   Amazon dictates): a pattern of {@code {sku}}, {@code {preset}}, {@code {version}} and
 *                   {@code {session}} among letters, digits, '.', '_' and '-' (default {@value #DEFAULT_FILE_NAMING})
 */
public record BrandKit(String tenant, int version, int background, double margin, int canvas, ImageFormat format, boolean shadow,
                       boolean autoExport, double pixelsPerCm, Instant updatedAt, String fileNaming) {
    /** The session fact that gives a product's longest side in centimetres. */
    public static final String SIZE_FACT = "size_cm";
    /** The session fact that gives a standing product's height in centimetres (true scale by height: preferred). */
    public static final String HEIGHT_FACT = "height_cm";
    static final double MAX_PIXELS_PER_CM = 500;
    /** How far (relative) a true-scale rendition's product may be from its scaled size: the issue's 2 % spread. */
    static final double SCALE_TOLERANCE = 0.02;

    /** The names files had before kits named them: the SKU (the session's id without one) and the preset. */
    public static final String DEFAULT_FILE_NAMING = "{sku}-{preset}";
    private static final java.util.regex.Pattern NAMING = java.util.regex.Pattern.compile("(\\{(sku|preset|version|session)\\}|[A-Za-z0-9._-])+");

    /** A kit without true scale. */
    public BrandKit(String tenant, int version, int background, double margin, int canvas, ImageFormat format, boolean shadow,
                    boolean autoExport, Instant updatedAt) {
        this(tenant, version, background, margin, canvas, format, shadow, autoExport, 0, updatedAt);
    }

    /** A kit naming its files the default way. */
    public BrandKit(String tenant, int version, int background, double margin, int canvas, ImageFormat format, boolean shadow,
                    boolean autoExport, double pixelsPerCm, Instant updatedAt) {
        this(tenant, version, background, margin, canvas, format, shadow, autoExport, pixelsPerCm, updatedAt, DEFAULT_FILE_NAMING);
    }

    /**
     * A final's file name by a naming pattern (the tenant's kit's, or {@link #DEFAULT_FILE_NAMING}): the brand kit's
     * rendition is named {@code brand-site} whichever kit version made it (a site links to one name), a session
     * without a SKU by its id, anything but letters, digits, '.', '_' and '-' made '_', the image's extension kept.
     */
    public static String fileName(String pattern, Session s, String preset, int version, String imageKey) {
        String stem = s.sku() == null || s.sku().isBlank() ? s.id() : s.sku();
        String ext = imageKey.substring(imageKey.lastIndexOf('.')).toLowerCase(Locale.ROOT);
        String named = isPreset(preset) ? PRESET : preset;
        String name = (pattern == null ? DEFAULT_FILE_NAMING : pattern).replace("{sku}", stem).replace("{preset}", named)
                .replace("{version}", Integer.toString(version)).replace("{session}", s.id());
        return (name + ext).replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** Where the presets find a tenant's kit (the port {@code BrandKits} is one). */
    public interface Lookup {
        /** No brand kits at all. */
        Lookup NONE = new Lookup() {
            @Override
            public Optional<BrandKit> current(String tenant) {
                return Optional.empty();
            }

            @Override
            public Optional<BrandKit> version(String tenant, int version) {
                return Optional.empty();
            }
        };

        /** The newest version of the tenant's kit, if it has one. */
        Optional<BrandKit> current(String tenant);

        /** One version of the tenant's kit. */
        Optional<BrandKit> version(String tenant, int version);
    }

    /** The preset id a session asks for; the session records it with the kit's version ({@code brand-site@3}). */
    public static final String PRESET = "brand-site";
    static final double MIN_MARGIN = 0.02, MAX_MARGIN = 0.25;
    /** The JPEG quality of the brand-site preset. */
    public static final int JPEG_QUALITY = 92;
    static final int MIN_CANVAS = 500, MAX_CANVAS = 4472;

    public BrandKit {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(format, "format");
        if (version < 1) {
            throw new IllegalArgumentException("a brand kit's version starts at 1, got " + version);
        }
        if (!(margin >= MIN_MARGIN && margin <= MAX_MARGIN)) {
            throw new InvalidInputException("The brand kit's margin is " + margin,
                    String.format(Locale.ROOT, "give the space on each side of the product as a share of the canvas, %.2f to %.2f (0.08 leaves the "
                            + "product 84%% of the side)", MIN_MARGIN, MAX_MARGIN));
        }
        if (canvas < MIN_CANVAS || canvas > MAX_CANVAS) {
            throw new InvalidInputException("The brand kit's canvas is " + canvas + " px",
                    "give the square canvas's side in pixels, " + MIN_CANVAS + " to " + MAX_CANVAS + " (Shopify's largest square)");
        }
        if (!(pixelsPerCm == 0 || (pixelsPerCm >= 1 && pixelsPerCm <= MAX_PIXELS_PER_CM))) {
            throw new InvalidInputException("The brand kit's true scale is " + pixelsPerCm + " pixels per cm",
                    "give 1 to " + (int) MAX_PIXELS_PER_CM + " pixels per centimetre, or 0 to size every product by the margin");
        }
        if (format == ImageFormat.WEBP) {
            throw new InvalidInputException("The brand kit asks for WebP", "choose jpeg or png: the finisher writes those");
        }
        background &= 0xFFFFFF;
        fileNaming = fileNaming == null || fileNaming.isBlank() ? DEFAULT_FILE_NAMING : fileNaming.trim();
        // two presets' files must not share a name, nor two products' in one folder
        if (fileNaming.length() > 80 || !NAMING.matcher(fileNaming).matches() || !fileNaming.contains("{preset}")
                || !(fileNaming.contains("{sku}") || fileNaming.contains("{session}"))) {
            throw new InvalidInputException("The brand kit's file naming '" + fileNaming + "' cannot name every file apart",
                    "use {sku} (or {session}) and {preset}, with {version} if you like, among letters, digits, '.', '_' and '-', "
                            + "at most 80 characters: e.g. acme_{sku}_{preset}");
        }
    }

    /** The product's longest side in centimetres from a session's facts, or 0 when not given (or not a positive number). */
    static double sizeCm(Map<String, String> facts) {
        return cm(facts, SIZE_FACT);
    }

    static double cm(Map<String, String> facts, String fact) {
        String v = facts == null ? null : facts.get(fact);
        if (v == null) {
            return 0;
        }
        try {
            double d = Double.parseDouble(v.trim().replace(',', '.'));
            return d > 0 && d < 10_000 ? d : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The preset id of this version, as a session records it. */
    public String presetId() {
        return PRESET + "@" + version;
    }

    /** Whether {@code id} names the brand kit's preset, any version. */
    public static boolean isPreset(String id) {
        return id != null && (id.equals(PRESET) || id.startsWith(PRESET + "@"));
    }

    /** The background as #rrggbb. */
    public String backgroundHex() {
        return String.format(Locale.ROOT, "#%06x", background);
    }

    /** The kit as a preset: the finisher composes on its background at its margin, the check holds the result to it. */
    public Preset preset() {
        return preset(Map.of());
    }

    /**
     * The kit as a preset for a product with these facts: at true scale, a product whose size is given fills
     * {@code pixelsPerCm × size / canvas} of the canvas (within {@value #SCALE_TOLERANCE} of it, relative); any other
     * fills {@code 1 − 2 × margin}.
     */
    public Preset preset(Map<String, String> facts) {
        double height = cm(facts, HEIGHT_FACT);
        // measured on the photo lab's collection (docs/quality.md): by the longest side, a mug whose handle makes it
        // 10.5 cm wide but which stands 9.5 cm tall was drawn 10 % too large, since a photo shows its height at full
        // length and its width foreshortened; by height, the six products' px/cm spread 0.3 %
        boolean byHeight = pixelsPerCm > 0 && height > 0;
        double size = byHeight ? height : sizeCm(facts);
        boolean scaled = pixelsPerCm > 0 && size > 0;
        double target = scaled ? pixelsPerCm * size / canvas : 1 - 2 * margin;
        if (scaled && target > 1 - 2 * MIN_MARGIN) {
            throw new InvalidInputException(String.format(Locale.ROOT, "At %.0f pixels per cm, a product %.1f cm long needs %.0f px, more than the "
                    + "brand kit's %d px canvas holds", pixelsPerCm, size, pixelsPerCm * size, canvas),
                    "lower the kit's true scale or enlarge its canvas (PUT /brand-kit), or leave out the product's size");
        }
        if (scaled && target < 0.05) {
            throw new InvalidInputException(String.format(Locale.ROOT, "At %.0f pixels per cm, a product %.1f cm long is %.0f px: too small to show",
                    pixelsPerCm, size, pixelsPerCm * size), "raise the kit's true scale, or leave out the product's size");
        }
        // by height, the products stand on one line: the kit's margin above the canvas's foot (or lower, when a tall
        // product would otherwise reach past the top margin), the same line for every product of the collection
        double ground = byHeight ? Math.min(1 - MIN_MARGIN, Math.max(1 - margin, target + MIN_MARGIN)) : 0;
        Preset.FillRule fill = scaled ? new Preset.FillRule(target * (1 - SCALE_TOLERANCE), target * (1 + SCALE_TOLERANCE), target, byHeight,
                Math.min(1, ground))
                : new Preset.FillRule(target - 0.03, Math.min(1, target + 0.03), target);
        // a shadow darkens some of the background on purpose: the share that must stay exactly the colour is then
        // that of the marketplaces' presets with a shadow (shopify-square, etsy), else nearly all of it
        double pure = shadow ? 0.9 : 0.98;
        Preset.Backdrop backdrop = new Preset.Backdrop(background == 0xFFFFFF ? Preset.Backdrop.Kind.WHITE : Preset.Backdrop.Kind.COLOR,
                background, pure);
        return new Preset(presetId(), "Brand site (brand kit v" + version + ")", canvas, canvas, format, JPEG_QUALITY, 20_000_000L, 800, backdrop, fill,
                0.03, 35.0, 3.0, shadow, false, Map.of(),
                String.format(Locale.ROOT, "Your brand kit v%d: %s background, %s, %d x %d %s%s.", version, backgroundHex(),
                        scaled ? String.format(Locale.ROOT, "true scale %.0f px per cm (this product, %.1f cm %s: %.0f px)", pixelsPerCm, size,
                                byHeight ? "tall" : "long", pixelsPerCm * size)
                                : String.format(Locale.ROOT, "%.0f%% margin on each side", margin * 100), canvas, canvas, format.name(),
                        shadow ? ", a soft contact shadow" : ""),
                Preset.Cutout.CLASSIC, null, null);
    }
}
