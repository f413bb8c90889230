package dev.refinery.qualitylab;

import dev.refinery.engine.CostEstimate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Which photos of the corpus a run against the real Images API can afford, decided before anything is sent: one
 * photo of each scene family in turn (families in name order, photos in id order), as long as the sum of their
 * upper bounds stays within the spend cap. The upper bound is the engine's own estimate (every call asked twice,
 * every fix-up round), so the run cannot spend more than the cap whatever the model answers.
 */
final class RealModelBudget {
    private RealModelBudget() {
    }

    /**
     * @param photos  the photos chosen, in the order they were taken
     * @param lowUsd  the sum of their low estimates (every call once, no fix-up)
     * @param highUsd the sum of their upper bounds
     * @param capUsd  the cap
     * @param oneHigh the smallest upper bound of any photo (what the cap must cover for even one)
     */
    record Plan(List<CorpusPhoto> photos, double lowUsd, double highUsd, double capUsd, double oneHigh) {
        String describe() {
            if (photos.isEmpty()) {
                return String.format(Locale.ROOT, "the spend cap $%.2f does not cover one photo: the cheapest photo's upper bound is $%.2f "
                        + "(every call asked twice, every fix-up round); raise SPEND_CAP=, or lower the cost per call "
                        + "(REFINERY_OPENAI_QUALITY=low, REFINERY_MAX_FIXUPS=0)", capUsd, oneHigh);
            }
            return String.format(Locale.ROOT, "spend cap $%.2f: %d photos (%s), estimated $%.2f to $%.2f", capUsd, photos.size(),
                    String.join(", ", photos.stream().map(CorpusPhoto::id).toList()), lowUsd, highUsd);
        }
    }

    static Plan plan(List<CorpusPhoto> corpus, Function<CorpusPhoto, CostEstimate> estimate, double capUsd, int maxPhotos) {
        Map<String, Deque<CorpusPhoto>> byFamily = new TreeMap<>();
        corpus.stream().sorted(java.util.Comparator.comparing(CorpusPhoto::id))
                .forEach(p -> byFamily.computeIfAbsent(p.family(), k -> new ArrayDeque<>()).add(p));
        List<CorpusPhoto> order = new ArrayList<>();
        while (byFamily.values().stream().anyMatch(d -> !d.isEmpty())) {
            for (Deque<CorpusPhoto> d : byFamily.values()) {
                if (!d.isEmpty()) {
                    order.add(d.poll());
                }
            }
        }
        List<CorpusPhoto> chosen = new ArrayList<>();
        double low = 0, high = 0, cheapest = Double.POSITIVE_INFINITY;
        for (CorpusPhoto p : order) {
            if (chosen.size() >= maxPhotos) {
                break;
            }
            CostEstimate e = estimate.apply(p);
            cheapest = Math.min(cheapest, e.highUsd());
            if (high + e.highUsd() > capUsd) {
                continue;
            }
            chosen.add(p);
            low += e.lowUsd();
            high += e.highUsd();
        }
        return new Plan(List.copyOf(chosen), low, high, capUsd, cheapest);
    }
}
