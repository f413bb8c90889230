package dev.refinery.pipeline;

import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.NotFoundException;
import dev.refinery.domain.Session;
import dev.refinery.domain.Stage;
import dev.refinery.ports.ImageStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Takes what a seller may come back to out of the lifecycle rule that deletes intermediate images after 30
 * days: when a session settles (COMPLETED or NEEDS_REVIEW) and when the seller approves or reverts, the head's
 * lineage (every version a feedback round or a revert may start from) and the finals' masks are re-tagged
 * {@code kind=kept}. Versions no one chose (rejected repairs, superseded rounds) stay intermediate and expire.
 * The base image is tagged {@code kind=base} and renditions {@code kind=final} when written; neither expires.
 */
final class KeptImages {
    static final String TAG = "kind";
    static final String KEPT = "kept";

    private final ImageStore images;

    KeptImages(ImageStore images) {
        this.images = images;
    }

    /** Keeps the lineage of the session's head and the masks of its finals; returns the keys re-tagged. */
    List<String> keep(Session s, List<ImageVersion> all) {
        List<String> keys = new ArrayList<>();
        all.stream().filter(v -> v.number() == s.head()).findFirst().ifPresent(head -> keys.addAll(keys(all, head)));
        for (int n : s.finals().values()) {
            all.stream().filter(v -> v.number() == n).findFirst().ifPresent(f -> keys.addAll(keys(all, f)));
        }
        List<String> tagged = new ArrayList<>();
        for (String key : keys.stream().distinct().toList()) {
            try {
                images.tag(key, Map.of(TAG, KEPT));
                tagged.add(key);
            } catch (NotFoundException expired) {
                // already gone: the lifecycle-expiration event marks the version imageExpired
            }
        }
        return tagged;
    }

    /** The images of {@code v}'s lineage that are written as intermediates: edits and their masks, renditions' masks. */
    private static List<String> keys(List<ImageVersion> all, ImageVersion v) {
        List<String> keys = new ArrayList<>();
        for (ImageVersion cur : Lineage.lineage(all, v)) {
            if (cur.stage() != Stage.BASE && cur.stage() != Stage.FINALIZE && cur.stage() != Stage.QUALITY_CHECK && cur.imageKey() != null) {
                keys.add(cur.imageKey());
            }
            if (cur.maskKey() != null) {
                keys.add(cur.maskKey());
            }
        }
        return keys;
    }
}
