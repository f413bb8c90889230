package dev.refinery.imaging.classic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refinery.color.Masks;
import dev.refinery.color.ProductColorComparison;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.SessionStatus;
import dev.refinery.domain.Stage;
import dev.refinery.samples.SamplePhoto;
import dev.refinery.samples.SyntheticPhotos;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The quality bars on the synthetic set, through the real core pipeline with preset
 * amazon-main: cut-out IoU against the truth mask, a pure white final with nothing but the product
 * on it, the fill ratio, and colour fidelity against the product's true colours.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SyntheticSetPipelineTest {
    /**
     * How far (canvas pixels) a non-white pixel may lie from the scaled truth mask: the cut-out's soft
     * edge and registration may reach {@value #EDGE_SOURCE_PX} source pixels past the true edge (scaled by the
     * finisher's enlargement), and JPEG ringing stays within the 8×8 block the product touches.
     */
    static final double EDGE_SOURCE_PX = 2.5;
    static final int JPEG_BLOCK_PX = 8;

    record Outcome(String name, SessionStatus status, double iou, double fill, double sharpness, double deltaIn, double deltaOut,
                   int farthestImpure, int tolerance, String strayAt, boolean checkPassed, String summary, List<String> failedChecks) {
    }

    private final List<Outcome> outcomes = new ArrayList<>();

    @BeforeAll
    void refineTheSet() {
        PipelineFixture fx = new PipelineFixture();
        for (SamplePhoto p : new SyntheticPhotos().standardSet(2024)) {
            PipelineFixture.Run run = fx.refine(p.name(), p.photo(), List.of("amazon-main"));
            String id = run.session().id();
            ImageVersion cut = fx.latestApproved(id, Stage.BACKGROUND);
            double iou = Masks.iou(Masks.alphaOf(fx.image(cut)), p.truthAlpha());
            ImageVersion fin = fx.versions(id).stream().filter(v -> v.stage() == Stage.FINALIZE).reduce((a, b) -> b).orElseThrow();
            BufferedImage finalImage = fx.image(fin);
            float[] finalMask = Masks.fromGray(fx.mask(fin));
            double fill = fin.metrics().getOrDefault("check.fill", Double.NaN);
            double deltaIn = ProductColorComparison.compare(p.photo(), p.truthAlpha(), p.truth(), p.truthAlpha()).meanDeltaE();
            double deltaOut = ProductColorComparison.compare(finalImage, finalMask, p.truth(), p.truthAlpha()).meanDeltaE();
            boolean[] truth = FinalInspection.truthOnCanvas(p.truthAlpha(), p.width(), p.height(), fin.params(), finalImage.getWidth(), finalImage.getHeight());
            int[] farthest = FinalInspection.farthestImpure(finalImage, truth, 0xFFFFFF);
            boolean passed = run.lastCheck() != null && run.lastCheck().passed();
            DebugImages.write(p.name() + "-cutout.png", fx.image(cut));
            DebugImages.write(p.name() + "-final.png", finalImage);
            double sharpness = fin.metrics().getOrDefault("check.sharpness", Double.NaN);
            outcomes.add(new Outcome(p.name(), run.session().status(), iou, fill, sharpness, deltaIn, deltaOut, farthest[0],
                    JPEG_BLOCK_PX + (int) Math.ceil(EDGE_SOURCE_PX * Double.parseDouble(fin.params().get("scale"))), farthest[1] + "," + farthest[2], passed,
                    run.lastCheck() == null ? run.session().reason() : run.lastCheck().summary(),
                    run.lastCheck() == null ? List.of() : run.lastCheck().reports().stream().flatMap(r -> r.failures().stream()).map(f -> f.check()).distinct().toList()));
        }
        System.out.println("photo                     status      IoU    fill   sharp  dE in  dE out  stray px  check");
        for (Outcome o : outcomes) {
            System.out.printf(Locale.ROOT, "%-25s %-10s %.4f  %.3f  %5.0f  %5.2f  %5.2f   %3d at %-10s %s %s%n", o.name(), o.status(), o.iou(), o.fill(), o.sharpness(),
                    o.deltaIn(), o.deltaOut(), o.farthestImpure(), o.strayAt(), o.checkPassed() ? "passed" : "FAILED", o.checkPassed() ? "" : o.summary());
        }
        System.out.printf(Locale.ROOT, "mean IoU %.4f, min IoU %.4f, mean dE %.2f -> %.2f%n",
                outcomes.stream().mapToDouble(Outcome::iou).average().orElse(0), outcomes.stream().mapToDouble(Outcome::iou).min().orElse(0),
                outcomes.stream().mapToDouble(Outcome::deltaIn).average().orElse(0), outcomes.stream().mapToDouble(Outcome::deltaOut).average().orElse(0));
    }

    /**
     * The set's cut-outs and colours are right (the tests below), so the check passes every final,
     * except where the set was made to need a person: products photographed small (enlarged more
     * than amazon-main's print-legibility limit to fill its canvas) and photos whose light lighting
     * corrected by more than the check lets pass unseen or could not tell the colour of, or whose exposure the
     * meter reads as too bright on a light backdrop (the set's white-plaster scenes, lit without a camera's metering:
     * since round 10 lighting declares that doubt rather than darkening them). Those end NEEDS_REVIEW for exactly
     * that and nothing else.
     */
    @Test
    void everySessionCompletesOrAsksOnlyAboutEnlargementOrTheLight() {
        assertThat(outcomes).hasSizeGreaterThanOrEqualTo(8);
        assertThat(outcomes).allSatisfy(o -> {
            if (o.checkPassed()) {
                assertThat(o.status()).as(o.name()).isEqualTo(SessionStatus.COMPLETED);
            } else {
                assertThat(o.status()).as(o.name() + ": " + o.summary()).isEqualTo(SessionStatus.NEEDS_REVIEW);
                assertThat(o.failedChecks()).as(o.name() + ": " + o.summary()).isNotEmpty().isSubsetOf("enlargement", "lighting-change", "white-balance", "exposure-left");
            }
        });
        // Since round 4 none of these finals passes: their white balance declares casts of 1.26-1.57x, which the check
        // has the seller confirm (above 1.25 the classic correction was a coin flip against the photo lab's truth).
    }

    @Test
    void cutOutsMatchTheTruthMasks() {
        double mean = outcomes.stream().mapToDouble(Outcome::iou).average().orElse(0);
        double min = outcomes.stream().mapToDouble(Outcome::iou).min().orElse(0);
        assertThat(mean).as("mean IoU").isGreaterThanOrEqualTo(0.93);
        assertThat(min).as("min IoU").isGreaterThanOrEqualTo(0.88);
    }

    @Test
    void finalsShowNothingButTheProductOnPureWhite() {
        assertThat(outcomes).allSatisfy(o -> assertThat(o.farthestImpure())
                .as(o.name() + ": farthest non-white pixel from the product (px), at " + o.strayAt()).isLessThanOrEqualTo(o.tolerance()));
    }

    @Test
    void productsFillTheirShareOfTheCanvas() {
        assertThat(outcomes).allSatisfy(o -> assertThat(o.fill()).as(o.name()).isBetween(0.85, 0.90));
    }

    /**
     * This set's truth is a bright, high-key shot (white plaster or a sweep), and its exposure faults darken it.
     * A high-key photo under-exposed by a stop meters as a camera would meter it, so since round 4 (exposure from
     * the meter, docs/decisions.md) the stage leaves it as dark as it came: mean CIEDE2000 8.0 here (was 3.0 with
     * "bring the top percent to white", the rule that took the photo lab's faultless photos from 3 to 20). What
     * must hold: no final's colours are more than 1 ΔE further from the truth than its photo's, and most come closer.
     */
    @Test
    void coloursComeNoFurtherFromTheTruth() {
        assertThat(outcomes).allSatisfy(o -> assertThat(o.deltaOut()).as(o.name()).isLessThan(o.deltaIn() + 1.0));
        assertThat(outcomes).filteredOn(o -> o.deltaOut() < o.deltaIn()).as("finals closer to the truth than their photo")
                .hasSizeGreaterThan(outcomes.size() / 2);
        double mean = outcomes.stream().mapToDouble(Outcome::deltaOut).average().orElse(99);
        assertThat(mean).as("mean CIEDE2000 of the finals against the true colours").isLessThanOrEqualTo(9.0);
    }
}
