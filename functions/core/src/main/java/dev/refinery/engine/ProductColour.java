package dev.refinery.engine;

import dev.refinery.color.BodyColourShift;
import dev.refinery.color.NamedColours;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The product-colour operation of every engine: the cut-out's body colour moved toward the colour the seller names
 * ({@link BodyColourShift}), or the reason it cannot be. Computed, never generated: an image model asked to recolour
 * a product redraws its print (the fidelity check's recoloured fakes), and the quality check must be able to predict
 * the result from the photo.
 */
public final class ProductColour {
    private ProductColour() {
    }

    /** The shifted pixels, the shift, and a summary in words; or the problems (then nothing else is set). */
    public record Outcome(int[] argb, BodyColourShift shift, String summary, List<String> problems) {
    }

    public static Outcome shift(int[] argb, int width, boolean cutout, String colour, double strength) {
        Optional<NamedColours.Named> target = NamedColours.find(colour);
        if (target.isEmpty()) {
            return failed("\"" + colour + "\" is not a colour the engine knows: name one (" + NamedColours.alternation().replace("|", ", ")
                    + ") or give it as #rrggbb");
        }
        if (!cutout) {
            return failed("the product's colour can be changed only on a cut-out (the background stage's output), so the backdrop keeps its own");
        }
        BodyColourShift shift = BodyColourShift.toward(argb, target.get(), strength);
        if (!shift.applicable()) {
            return failed(String.format(Locale.ROOT, "the product has no main colour to move toward %s: its commonest colour covers %.0f%% of it "
                    + "(at least %.0f%% needed), so a shift would recolour its print too", target.get().words(), shift.share() * 100,
                    BodyColourShift.MIN_SHARE * 100));
        }
        String summary = String.format(Locale.ROOT, "the product's main colour (%.0f%% of it) moved CIEDE2000 %.1f toward %s, %.1f from it now%s; "
                        + "print, labels and highlights kept", shift.share() * 100, shift.moved(), target.get().words(), shift.remaining(),
                shift.moved() >= BodyColourShift.MAX_DELTA_E - 0.05 ? String.format(Locale.ROOT, " (the most a correction may move it: %.0f)", BodyColourShift.MAX_DELTA_E) : "");
        return new Outcome(shift.apply(argb, width), shift, summary, List.of());
    }

    private static Outcome failed(String problem) {
        return new Outcome(null, null, null, List.of(problem));
    }
}
