package dev.refinery.quality;

import dev.refinery.domain.Stage;
import java.util.List;
import java.util.Map;

/**
 * One measured rule of a preset.
 *
 * @param check       short id: dimensions, format, file-size, purity, border, fill, centring, sharpness, colour
 * @param measured    the number measured (NaN when not numeric)
 * @param expected    the rule, in words a seller understands ("0.85–0.90")
 * @param message     what is wrong and what to do, empty when it passed
 * @param repairStage the stage that can repair a failure automatically, or null
 * @param hints       corrections for that stage
 * @param regions     where on the seller's photo a failure is (the {@value Regions#MAX_REGIONS} largest flagged areas,
 *                    {@link Region}), empty when it passed or concerns no one place (a file's size, the colours overall)
 */
public record Finding(String check, boolean passed, double measured, String expected, String message,
                      Stage repairStage, Map<String, String> hints, List<Region> regions) {
    public Finding {
        hints = hints == null ? Map.of() : Map.copyOf(hints);
        regions = regions == null ? List.of() : List.copyOf(regions);
    }

    /** A finding that names no place. */
    public Finding(String check, boolean passed, double measured, String expected, String message, Stage repairStage, Map<String, String> hints) {
        this(check, passed, measured, expected, message, repairStage, hints, List.of());
    }

    public static Finding pass(String check, double measured, String expected) {
        return new Finding(check, true, measured, expected, "", null, Map.of());
    }
}
