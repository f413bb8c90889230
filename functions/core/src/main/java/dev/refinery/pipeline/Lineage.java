package dev.refinery.pipeline;

import dev.refinery.color.BodyColourShift;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.Stage;
import dev.refinery.domain.VersionSlot;
import dev.refinery.quality.LightingIntent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Queries over a session's recorded versions (all of them, as the session store lists them): which version a
 * stage starts from, what the versions before it declared, asked for or corrected. Nothing here reads an image
 * or writes to a store.
 */
final class Lineage {
    private Lineage() {
    }

    static ImageVersion byNumber(List<ImageVersion> all, int number) {
        return all.stream().filter(v -> v.number() == number).findFirst()
                .orElseThrow(() -> new IllegalStateException("version " + number + " is missing"));
    }

    /** The versions from {@code v} back to the base, following parents: {@code v} and its ancestors, newest first. */
    static List<ImageVersion> lineage(List<ImageVersion> all, ImageVersion v) {
        List<ImageVersion> out = new ArrayList<>();
        for (ImageVersion cur = v; cur != null; cur = cur.parent() == 0 ? null : byNumber(all, cur.parent())) {
            out.add(cur);
        }
        return out;
    }

    /** The first version of {@code v}'s lineage: the base it was made from. */
    static ImageVersion baseOf(List<ImageVersion> all, ImageVersion v) {
        ImageVersion cur = v;
        while (cur.parent() != 0) {
            cur = byNumber(all, cur.parent());
        }
        return cur;
    }

    /** The latest approved version before {@code stage} in the lineage of {@code head}. */
    static ImageVersion inputFor(List<ImageVersion> all, int head, Stage stage) {
        ImageVersion v = byNumber(all, head);
        while (v.stage().ordinal() >= stage.ordinal() && v.parent() != 0) {
            v = byNumber(all, v.parent());
        }
        return v;
    }

    /** The input of an earlier attempt at this slot, when one was recorded. */
    static Optional<ImageVersion> earlierAttemptInput(List<ImageVersion> all, VersionSlot slot) {
        return all.stream().filter(v -> slot.equals(v.slot()) && v.parent() != 0).findFirst()
                .flatMap(v -> all.stream().filter(p -> p.number() == v.parent()).findFirst());
    }

    /**
     * Whether {@code candidate} may become the head: it already is, or it comes later in the
     * session (round, loop iteration, stage order) than the current head. A head made after
     * {@code known} was read is newer than anything this invocation wrote.
     */
    static boolean mayBecomeHead(List<ImageVersion> known, int currentHead, ImageVersion candidate) {
        if (currentHead == candidate.number() || currentHead == 0) {
            return true;
        }
        Optional<ImageVersion> head = known.stream().filter(v -> v.number() == currentHead).findFirst();
        if (head.isEmpty()) {
            return false;
        }
        Comparator<VersionSlot> order = Comparator.comparingInt(VersionSlot::round).thenComparingInt(VersionSlot::iteration)
                .thenComparingInt(slot -> slot.stage().ordinal()).thenComparingInt(VersionSlot::step);
        return order.compare(candidate.slot(), head.get().slot()) > 0;
    }

    /**
     * The corrections the loop applied to this stage (and preset) in an earlier iteration of the
     * round, recorded as its version's {@code hint.*} parameters, with this iteration's over them: a
     * fix once made stays made when the loop runs the stage again for another finding (finalize
     * re-run after a repair of detail keeps its framing; background re-run after lighting keeps
     * {@code segmentation=strict}). A new round (seller feedback) starts without them.
     */
    static Map<String, String> withEarlierCorrections(List<ImageVersion> all, VersionSlot slot, Map<String, String> hints) {
        Map<String, String> out = new LinkedHashMap<>();
        all.stream()
                .filter(v -> v.slot() != null && v.slot().round() == slot.round() && v.slot().stage() == slot.stage()
                        && java.util.Objects.equals(v.slot().preset(), slot.preset()) && v.slot().iteration() < slot.iteration())
                .max(Comparator.comparingInt(v -> v.slot().iteration()))
                .ifPresent(v -> v.params().forEach((k, val) -> {
                    if (k.startsWith("hint.")) {
                        out.put(k.substring("hint.".length()), val);
                    }
                }));
        out.putAll(hints);
        return out;
    }

    /** Framing a rendition keeps from round to round unless asked again: the seller's bigger or smaller, shadow off. */
    static final List<String> FRAMING_HINTS = List.of("fill", "shadow");

    /**
     * The framing ({@link #FRAMING_HINTS}) of this preset's last rendition in an earlier round: a "bigger" in round 1
     * survives a "warmer" in round 2 (make dialogues found round 2 back at the preset's default fill).
     */
    static Map<String, String> framingOfEarlierRounds(List<ImageVersion> all, VersionSlot slot) {
        Map<String, String> out = new LinkedHashMap<>();
        all.stream()
                .filter(v -> v.slot() != null && v.slot().stage() == Stage.FINALIZE && v.slot().round() < slot.round()
                        && java.util.Objects.equals(v.slot().preset(), slot.preset()))
                .max(Comparator.comparingInt((ImageVersion v) -> v.slot().round()).thenComparingInt(v -> v.slot().iteration()))
                .ifPresent(v -> FRAMING_HINTS.forEach(k -> {
                    String val = v.params().get("hint." + k);
                    if (val != null) {
                        out.put(k, val);
                    }
                }));
        return out;
    }

    /** The product-colour shifts the head's lineage declared (detail versions of colour requests), oldest first. */
    static List<BodyColourShift> declaredColourShifts(List<ImageVersion> all, ImageVersion head) {
        List<BodyColourShift> oldestFirst = new ArrayList<>();
        for (ImageVersion v : lineage(all, head)) {
            BodyColourShift shift = BodyColourShift.fromParams(v.params());
            if (shift != null) {
                oldestFirst.add(0, shift);
            }
        }
        return oldestFirst;
    }

    /**
     * What the lighting steps in the head's lineage declared they did to the photo, composed oldest
     * first; null when one of them declared nothing (the check then compares with the master instead).
     */
    static LightingIntent declaredLighting(List<ImageVersion> all, ImageVersion head) {
        List<Map<String, String>> oldestFirst = new ArrayList<>();
        for (ImageVersion v : lineage(all, head)) {
            if (v.stage() == Stage.LIGHTING) {
                oldestFirst.add(0, v.params());
            }
        }
        return LightingIntent.composed(oldestFirst);
    }

    /** What earlier approved steps changed, oldest first, so a later step keeps it. */
    static List<String> approvedChangesToKeep(List<ImageVersion> all, ImageVersion from) {
        List<String> out = new ArrayList<>();
        ImageVersion cur = from;
        while (cur != null) {
            String summary = cur.params().get("summary");
            if (summary != null && cur.stage() != Stage.BASE) {
                out.add(0, cur.stage().id() + ": " + summary);
            }
            cur = cur.parent() == 0 ? null : byNumber(all, cur.parent());
        }
        return out;
    }

    /** Param under which an engine declares an AI-made version's IPTC digital source type (passed on to the finisher). */
    static final String PROVENANCE = "provenance";

    /**
     * The digital source type a rendition of {@code head} must declare: a generated base declares
     * itself for everything after it, otherwise any AI-declared step makes the image a composite.
     */
    static String provenance(List<ImageVersion> all, ImageVersion head) {
        String declared = null;
        for (ImageVersion cur = head; cur != null; cur = cur.parent() == 0 ? null : byNumber(all, cur.parent())) {
            String p = cur.params().get(PROVENANCE);
            if (p != null && (declared == null || cur.stage() == Stage.BASE)) {
                declared = p;
            }
        }
        return declared;
    }

    /** The uploaded photo's long side, as ingest recorded it before any reduction (0 when unknown: then the check skips it). */
    static int photoLongSide(ImageVersion base) {
        try {
            return Math.max(Integer.parseInt(base.params().getOrDefault("originalWidth", "0")),
                    Integer.parseInt(base.params().getOrDefault("originalHeight", "0")));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
