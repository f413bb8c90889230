package dev.refinery.color;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The colours a seller names for the product ("navy", "dark green", "#1f2a44") as CIE Lab. The swatches are the
 * colours these words mean on product listings (a dyed cotton's navy, not the web's #000080, which is a saturated
 * violet-blue no fabric shows), so a shift toward one moves a product the way the seller means.
 */
public final class NamedColours {
    /** sRGB swatch per name; the grammar's words ({@code dev.refinery.feedback.ClassicGrammar}) are these keys. */
    private static final Map<String, Integer> SWATCHES = new LinkedHashMap<>();

    static {
        SWATCHES.put("red", 0xC0282D);
        SWATCHES.put("maroon", 0x6E1E28);
        SWATCHES.put("burgundy", 0x7A2434);
        SWATCHES.put("pink", 0xF2A6BE);
        SWATCHES.put("coral", 0xF47C64);
        SWATCHES.put("orange", 0xEB7A21);
        SWATCHES.put("yellow", 0xF2CA30);
        SWATCHES.put("gold", 0xC9A43E);
        SWATCHES.put("mustard", 0xC9A227);
        SWATCHES.put("olive", 0x6F6B35);
        SWATCHES.put("green", 0x2F7D3A);
        SWATCHES.put("mint", 0xA9DDC2);
        SWATCHES.put("teal", 0x12767A);
        SWATCHES.put("turquoise", 0x3BBFBF);
        SWATCHES.put("blue", 0x2D5BB8);
        SWATCHES.put("navy", 0x232F4E);
        SWATCHES.put("purple", 0x64307F);
        SWATCHES.put("violet", 0x7E4FB0);
        SWATCHES.put("lavender", 0xB8A3D6);
        SWATCHES.put("brown", 0x6B4630);
        SWATCHES.put("tan", 0xC8A57E);
        SWATCHES.put("khaki", 0xBDAF86);
        SWATCHES.put("beige", 0xE0D2B6);
        SWATCHES.put("cream", 0xF3EBD3);
        SWATCHES.put("ivory", 0xF5F1E4);
        SWATCHES.put("white", 0xF6F6F4);
        SWATCHES.put("silver", 0xBEC0C2);
        SWATCHES.put("grey", 0x8A8C8E);
        SWATCHES.put("gray", 0x8A8C8E);
        SWATCHES.put("charcoal", 0x3A3D42);
        SWATCHES.put("black", 0x1C1C1E);
    }

    /** "dark navy", "light blue", "pale pink", "deep red", or a hex colour. */
    private static final Pattern NAMED = Pattern.compile("(?:\\b(dark|deep|light|pale)\\s+)?\\b(" + String.join("|", SWATCHES.keySet()) + ")\\b");
    private static final Pattern HEX = Pattern.compile("#([0-9a-f]{6})\\b");
    /** Lightness a "dark" or "light" in front of a name moves the swatch by (L*). */
    private static final double SHADE = 15;

    private NamedColours() {
    }

    /** Every name the grammar knows, joined as a regular-expression alternation. */
    public static String alternation() {
        return String.join("|", SWATCHES.keySet());
    }

    /** A colour a seller named: the words as given and its Lab. */
    public record Named(String words, double[] lab) {
    }

    /** The colour {@code text} names (the last one, as in "it looks purple, it is navy"), if any. */
    public static Optional<Named> find(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        Named last = null;
        int at = -1;
        Matcher hex = HEX.matcher(t);
        while (hex.find()) {
            if (hex.start() > at) {
                at = hex.start();
                last = new Named(hex.group(), ColorMath.rgbToLab(Integer.parseInt(hex.group(1), 16)));
            }
        }
        Matcher m = NAMED.matcher(t);
        while (m.find()) {
            if (m.start() > at) {
                at = m.start();
                double[] lab = ColorMath.rgbToLab(SWATCHES.get(m.group(2))).clone();
                if (m.group(1) != null) {
                    lab[0] = Math.max(5, Math.min(97, lab[0] + (m.group(1).equals("dark") || m.group(1).equals("deep") ? -SHADE : SHADE)));
                }
                last = new Named(m.group().strip(), lab);
            }
        }
        return Optional.ofNullable(last);
    }
}
