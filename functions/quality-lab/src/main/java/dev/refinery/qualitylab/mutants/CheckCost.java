package dev.refinery.qualitylab.mutants;

import dev.refinery.color.ArgbPixels;
import dev.refinery.domain.Preset;
import dev.refinery.domain.PresetCatalog;
import dev.refinery.engine.Rendition;
import dev.refinery.imaging.classic.ClassicFinisher;
import dev.refinery.quality.BaseEvidence;
import dev.refinery.quality.Placement;
import dev.refinery.quality.QualityChecker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What judging against the photo costs: the quality check of each refined photo's final by the
 * preset's rules alone and with the photo as evidence, alternated in one run (median of 7 each,
 * after 3 warm-up rounds), so the ratio does not depend on how busy the machine is.
 *
 * <p>Usage: {@code CheckCost <refine output folder>}
 */
public final class CheckCost {
    public static void main(String[] args) throws IOException {
        QualityChecker checker = new QualityChecker();
        ClassicFinisher finisher = new ClassicFinisher();
        PresetCatalog presets = PresetCatalog.bundled();
        double[] rules = new double[0], honest = new double[0];
        try (Stream<Path> dirs = Files.list(Path.of(args[0]))) {
            for (Path dir : dirs.filter(d -> Files.exists(d.resolve("report.json"))).sorted().toList()) {
                RefinedPhoto p = RefinedPhoto.read(dir, null);
                if (p == null) continue;
                Preset preset = presets.get(p.preset());
                Rendition r = finisher.render(p.master(), preset, Map.of());
                double[] a = new double[7], b = new double[7];
                for (int i = -3; i < 7; i++) {
                    long t0 = System.nanoTime();
                    checker.check(preset, r.bytes(), r.productMask(), p.master());
                    long t1 = System.nanoTime();
                    // the evidence as the pipeline builds it: the photo's and the master's pixels read, then the check
                    BaseEvidence ev = new BaseEvidence(ArgbPixels.of(p.base()), ArgbPixels.of(p.master()), Placement.fromParams(r.params()), p.lighting(), p.background());
                    checker.check(preset, r.bytes(), r.productMask(), p.master(), ev);
                    long t2 = System.nanoTime();
                    if (i >= 0) {
                        a[i] = (t1 - t0) / 1e6;
                        b[i] = (t2 - t1) / 1e6;
                    }
                }
                Arrays.sort(a);
                Arrays.sort(b);
                System.out.printf(Locale.ROOT, "%-28s rules %6.1f ms   with the photo %6.1f ms   (%dx%d photo)%n", p.stem(), a[3], b[3], p.base().getWidth(), p.base().getHeight());
                rules = append(rules, a[3]);
                honest = append(honest, b[3]);
            }
        }
        Arrays.sort(rules);
        Arrays.sort(honest);
        System.out.printf(Locale.ROOT, "median over %d photos: rules %.1f ms, with the photo %.1f ms (%.2fx)%n", rules.length,
                rules[rules.length / 2], honest[honest.length / 2], honest[honest.length / 2] / rules[rules.length / 2]);
    }

    private static double[] append(double[] a, double v) {
        double[] out = Arrays.copyOf(a, a.length + 1);
        out[a.length] = v;
        return out;
    }
}
