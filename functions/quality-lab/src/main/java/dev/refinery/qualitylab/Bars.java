package dev.refinery.qualitylab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/** The bars ("Bars", issue 12) evaluated on one run's figures. */
final class Bars {
    /**
     * One bar: what it asks, the measured value, met (null: not measured by make quality).
     */
    record Bar(String group, String bar, String measured, Boolean met) {
    }

    /** A family's row of the per-family table. */
    record Family(String family, int photos, long completed, long needsReview, long failed, Double iouMean, Double iouMin,
                  Double boundaryFMean, Double deltaEInputMean, Double deltaEFinalMean, long labelled, long labelKept,
                  Double fringeMax, long compliant, long measured, long broken, long good, long falsePasses, long needlessReviews) {
    }

    private Bars() {
    }

    static List<Family> families(List<PhotoScore> photos) {
        Map<String, List<PhotoScore>> by = photos.stream()
                .collect(Collectors.groupingBy(PhotoScore::family, LinkedHashMap::new, Collectors.toList()));
        List<Family> out = new ArrayList<>();
        by.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> out.add(family(e.getKey(), e.getValue())));
        return out;
    }

    static Family family(String name, List<PhotoScore> ps) {
        return new Family(name, ps.size(),
                ps.stream().filter(PhotoScore::completed).count(),
                ps.stream().filter(PhotoScore::needsReview).count(),
                ps.stream().filter(p -> !p.completed() && !p.needsReview()).count(),
                Stats.mean(ps, PhotoScore::iou), Stats.min(ps, PhotoScore::iou), Stats.mean(ps, PhotoScore::boundaryF),
                Stats.mean(ps, PhotoScore::deltaEInput), Stats.mean(ps, PhotoScore::deltaEFinal),
                ps.stream().filter(p -> p.labelSsim() != null).count(),
                ps.stream().filter(p -> p.labelSsim() != null && p.labelSsim() >= PhotoScore.LABEL_KEPT).count(),
                Stats.max(ps, PhotoScore::fringe),
                ps.stream().filter(p -> Boolean.TRUE.equals(p.compliant())).count(),
                ps.stream().filter(p -> p.compliant() != null).count(),
                ps.stream().filter(PhotoScore::broken).count(), ps.stream().filter(PhotoScore::good).count(),
                ps.stream().filter(PhotoScore::falsePass).count(), ps.stream().filter(PhotoScore::needlessReview).count());
    }

    static List<Bar> evaluate(List<PhotoScore> photos, List<RealWorldScore> realworld, String realworldNote,
                              List<PhotoScore> synthetic, SyntheticBaseline baseline) {
        List<Bar> bars = new ArrayList<>();
        List<PhotoScore> done = photos.stream().filter(PhotoScore::completed).toList();
        String g = "Finals that end COMPLETED (" + done.size() + " of " + photos.size() + ")";
        Double iouMean = Stats.mean(done, PhotoScore::iou), iouMin = Stats.min(done, PhotoScore::iou);
        bars.add(new Bar(g, "IoU mean ≥ 0.95", Stats.f(iouMean, 3), iouMean == null ? null : iouMean >= 0.95));
        bars.add(new Bar(g, "IoU min ≥ 0.85", Stats.f(iouMin, 3), iouMin == null ? null : iouMin >= 0.85));
        Double bfMean = Stats.mean(done, PhotoScore::boundaryF), bfMin = Stats.min(done, PhotoScore::boundaryF);
        bars.add(new Bar(g, "boundary F ≥ 0.90 (every final)", "mean " + Stats.f(bfMean, 3) + ", min " + Stats.f(bfMin, 3),
                bfMin == null ? null : bfMin >= 0.90));
        Double deMean = Stats.mean(done, PhotoScore::deltaEFinal);
        bars.add(new Bar(g, "ΔE to the true colour mean ≤ 3", Stats.f(deMean, 2)
                + " (input " + Stats.f(Stats.mean(done, PhotoScore::deltaEInput), 2) + ")", deMean == null ? null : deMean <= 3));
        long worse = done.stream().filter(p -> p.deltaEFinal() != null && p.deltaEInput() != null
                && p.deltaEFinal() > p.deltaEInput() + 1).count();
        long measurable = done.stream().filter(p -> p.deltaEFinal() != null && p.deltaEInput() != null).count();
        bars.add(new Bar(g, "none more than 1 ΔE above its input's", worse + " of " + measurable + " above",
                measurable == 0 ? null : worse == 0));
        long labelled = done.stream().filter(p -> p.labelSsim() != null).count();
        long kept = done.stream().filter(p -> p.labelSsim() != null && p.labelSsim() >= PhotoScore.LABEL_KEPT).count();
        bars.add(new Bar(g, "label detail kept (SSIM ≥ 0.80) on ≥ 95%", Stats.pct(kept, labelled),
                labelled == 0 ? null : kept >= 0.95 * labelled));
        Double fringeMax = Stats.max(done, PhotoScore::fringe);
        bars.add(new Bar(g, "no fringe above ΔE 6", "max " + Stats.f(fringeMax, 2), fringeMax == null ? null : fringeMax <= 6));

        String v = "Verdicts (" + photos.size() + " photos)";
        long review = photos.stream().filter(PhotoScore::needsReview).count();
        bars.add(new Bar(v, "NEEDS_REVIEW on ≤ 15% of the corpus", Stats.pct(review, photos.size()),
                photos.isEmpty() ? null : review <= 0.15 * photos.size()));
        Family worst = families(photos).stream()
                .max((a, b) -> Double.compare(a.needsReview() / (double) a.photos(), b.needsReview() / (double) b.photos())).orElse(null);
        bars.add(new Bar(v, "NEEDS_REVIEW on ≤ 40% of any scene family",
                worst == null ? "–" : "worst " + worst.family() + " " + Stats.pct(worst.needsReview(), worst.photos()),
                worst == null ? null : worst.needsReview() <= 0.40 * worst.photos()));
        long falsePasses = photos.stream().filter(PhotoScore::falsePass).count();
        long notColourOnly = photos.stream().filter(p -> p.falsePass() && !p.brokenBy().equals(List.of("ΔE"))).count();
        bars.add(new Bar(v, "0 broken finals COMPLETED", falsePasses + " false passes (" + notColourOnly
                + " broken by the cut-out, label or compliance; " + photos.stream().filter(PhotoScore::broken).count()
                + " broken finals in all)", falsePasses == 0));
        bars.add(new Bar(v, "all 200+ mutants caught", "not measured by make quality (mutation testing of the check is separate)", null));

        // issue 17's bar for one product's views, measured wherever the corpus has them
        for (ViewConsistency.Group vg : ViewConsistency.of(photos, "multi-angle")) {
            bars.add(new Bar("Sets (issue 17): the views of one product, group " + vg.group() + " (" + vg.views().size() + " photos)",
                    "between any two views, ΔL* out within 3 of ΔL* truth", vg.worstFinal() == null ? "–"
                    : "worst " + Stats.f(vg.worstFinal(), 1) + " (" + vg.worstWhere() + "; the photos: " + Stats.f(vg.worstInput(), 1) + ")",
                    vg.worstFinal() == null ? null : vg.met()));
        }

        String r = "../shared/realworld, google-merchant";
        if (realworld.isEmpty()) {
            bars.add(new Bar(r, "chelsea, astronaut, rocket NEEDS_REVIEW (cut-out reason); coffee IoU ≥ 0.90 or NEEDS_REVIEW; lemur IoU ≥ 0.95",
                    realworldNote == null ? "not run" : realworldNote, null));
        }
        for (RealWorldScore s : realworld) {
            bars.add(new Bar(r, s.name() + ": " + s.bar(), s.status() + (s.iou() == null ? "" : ", IoU " + Stats.f(s.iou(), 3)), s.barMet()));
        }

        String sy = "Synthetic set (functions/samples)";
        Double sMean = Stats.mean(synthetic, PhotoScore::iou), sMin = Stats.min(synthetic, PhotoScore::iou);
        if (synthetic.isEmpty()) {
            bars.add(new Bar(sy, "figures do not regress", "not run", null));
        } else if (baseline == null) {
            bars.add(new Bar(sy, "figures do not regress", "IoU mean " + Stats.f(sMean, 4) + ", min " + Stats.f(sMin, 4)
                    + " (no baseline recorded)", null));
        } else {
            boolean ok = sMean != null && sMin != null && sMean >= baseline.iouMean() - 0.005 && sMin >= baseline.iouMin() - 0.01;
            bars.add(new Bar(sy, "figures do not regress (IoU mean within 0.005, min within 0.01 of " + baseline.source() + ")",
                    "IoU mean " + Stats.f(sMean, 4) + " (baseline " + Stats.f(baseline.iouMean(), 4) + "), min " + Stats.f(sMin, 4)
                            + " (baseline " + Stats.f(baseline.iouMin(), 4) + ")", ok));
        }
        bars.add(new Bar(sy, "classic stages per photo ≤ 1.3× today's make bench median", "not measured by make quality (make bench)", null));
        return bars;
    }

    /** The synthetic set's figures a run must not fall below. */
    record SyntheticBaseline(String source, double iouMean, double iouMin) {
    }

    static boolean anyFailed(List<Bar> bars) {
        return bars.stream().map(Bar::met).filter(Objects::nonNull).anyMatch(m -> !m);
    }
}
