package dev.refinery.domain;

import java.util.Locale;

/** The refinement stages, in pipeline order. */
public enum Stage {
    BASE, LIGHTING, BACKGROUND, DETAIL, FINALIZE, QUALITY_CHECK;

    /** Lower-case id used in keys, file names and the state machine ("quality-check"). */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Stage fromId(String id) {
        for (Stage s : values()) {
            if (s.id().equals(id) || s.name().equalsIgnoreCase(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown stage '" + id + "'. Known: base, lighting, background, detail, finalize, quality-check");
    }

    /** Stages whose output is the shared master (run once for all presets). */
    public boolean isMasterStage() {
        return ordinal() <= DETAIL.ordinal();
    }

    /** The editing stages an engine performs on the master, in order. */
    public static final java.util.List<Stage> EDIT_STAGES = java.util.List.of(LIGHTING, BACKGROUND, DETAIL);
}
