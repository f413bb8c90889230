package dev.refinery.qualitylab;

import dev.refinery.color.ColorMath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Issue 17's bar for the views of one product (the photo lab's multi-angle family, one group): between any two views,
 * how far the final's lightness difference of a truth region departs from the truth's, |ΔL*out − ΔL*truth|, the worst
 * pair and region (≤ 3). The input's departure is given beside it: what the seller's photos had before refinement.
 * Views are told apart by the truth's group, so a group of one product's views — and only those — is measured; a
 * collection's products differ in colour and are measured by their scale instead (not yet).
 */
final class ViewConsistency {
    /** The bar. */
    static final double MAX_DELTA_L = 3;

    /** One group's figures: its views, and the worst departure of the input and of the finals (null when under two views). */
    record Group(String group, List<String> views, Double worstInput, Double worstFinal, String worstWhere) {
        boolean met() {
            return worstFinal != null && worstFinal <= MAX_DELTA_L;
        }
    }

    private ViewConsistency() {
    }

    static List<Group> of(List<PhotoScore> photos, String family) {
        Map<String, List<PhotoScore>> groups = new TreeMap<>();
        for (PhotoScore p : photos) {
            if (p.group() != null && family.equals(p.family())) {
                groups.computeIfAbsent(p.group(), g -> new ArrayList<>()).add(p);
            }
        }
        List<Group> out = new ArrayList<>();
        groups.forEach((g, views) -> {
            double worstIn = -1, worstOut = -1;
            String where = null;
            for (int i = 0; i < views.size(); i++) {
                for (int j = i + 1; j < views.size(); j++) {
                    for (PhotoScore.RegionColour a : views.get(i).regions()) {
                        PhotoScore.RegionColour b = views.get(j).regions().stream().filter(r -> r.name().equals(a.name())).findFirst().orElse(null);
                        if (b == null || a.finalSrgb() == null || b.finalSrgb() == null) {
                            continue;
                        }
                        double truth = lightness(a.trueSrgb()) - lightness(b.trueSrgb());
                        double in = Math.abs(lightness(a.inputSrgb()) - lightness(b.inputSrgb()) - truth);
                        double fin = Math.abs(lightness(a.finalSrgb()) - lightness(b.finalSrgb()) - truth);
                        worstIn = Math.max(worstIn, in);
                        if (fin > worstOut) {
                            worstOut = fin;
                            where = a.name() + ", " + views.get(i).id() + " vs " + views.get(j).id();
                        }
                    }
                }
            }
            out.add(new Group(g, views.stream().map(PhotoScore::id).toList(), worstIn < 0 ? null : worstIn, worstOut < 0 ? null : worstOut, where));
        });
        return out;
    }

    static double lightness(int[] srgb) {
        return ColorMath.rgbToLab((srgb[0] << 16) | (srgb[1] << 8) | srgb[2])[0];
    }
}
