package dev.refinery.application;

import dev.refinery.domain.Preset;
import dev.refinery.domain.PresetCatalog;
import java.util.List;

/**
 * A hash of the definitions of a list of presets: it changes when a seller picks other presets, when a preset's
 * rules change in presets.json, and when the tenant's brand kit changes (its preset's id names the kit's version),
 * which is when a catalog item's images are stale.
 */
public final class PresetFingerprint {
    private PresetFingerprint() {
    }

    public static String of(PresetCatalog catalog, String tenant, List<String> presetIds) {
        List<String> parts = presetIds.stream().sorted().map(id -> describe(catalog.get(tenant, id))).toList();
        return ExecutionNames.hash(parts.toArray(String[]::new)).substring(0, 16);
    }

    private static String describe(Preset p) {
        // Every field, in a fixed order: Map.copyOf's iteration order changes from one JVM to the next. The cut-out is
        // named only when it is not the classic one, so the presets that existed before it keep their fingerprints.
        String cutout = (p.cutout() == Preset.Cutout.CLASSIC ? "" : "|cutout=" + p.cutout().name()) + (p.mockup() == null ? "" : "|mockup=" + p.mockup())
                + (p.studio() == null ? "" : "|studio=" + p.studio());
        return String.join("|", p.id(), p.width() + "x" + p.height(), p.format().name(), String.valueOf(p.quality()),
                String.valueOf(p.maxBytes()), String.valueOf(p.minLongSide()), p.background().toString(), p.fill().toString(),
                String.valueOf(p.centreTolerance()), String.valueOf(p.minSharpness()), String.valueOf(p.maxDeltaE()),
                String.valueOf(p.shadow()), String.valueOf(p.requiresAi()),
                new java.util.TreeMap<>(p.engines()).toString(), p.rules()) + cutout;
    }
}
