package dev.refinery.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The summary printed after a run (make refine, make run): one row per photo and preset, so each figure says which
 * preset's final it measures (a photo refined for two presets has two finals, each with its own fill and purity).
 */
public final class SummaryTable {
    private SummaryTable() {
    }

    /**
     * @param presets the run's presets, in order: a photo's metrics carry a {@code <preset>.} prefix when there are
     *                several, none when there is one ({@code SessionOutputs.finalMetrics})
     */
    public static void print(PrintWriter out, List<PhotoResult> results, List<String> presets) {
        int w = Math.max(5, results.stream().mapToInt(r -> r.stem().length()).max().orElse(5));
        int pw = Math.max(6, presets.stream().mapToInt(String::length).max().orElse(6));
        String fmt = "%-" + w + "s  %-12s  %-" + pw + "s  %6s  %7s  %6s  %8s  %s%n";
        out.printf(Locale.ROOT, fmt, "photo", "status", "preset", "fill", "purity", "ΔE00", "ms", "reason / output");
        for (PhotoResult r : results) {
            Map<String, Double> m = r.metrics();
            for (int i = 0; i < Math.max(1, presets.size()); i++) {
                String preset = presets.isEmpty() ? "-" : presets.get(i);
                String prefix = presets.size() > 1 ? preset + "." : "";
                boolean first = i == 0;
                out.printf(Locale.ROOT, fmt, first ? r.stem() : "", first ? r.status() : "", preset,
                        num(m, prefix + "check.fill", "%.3f"), num(m, prefix + "check.purity", "%.4f"), num(m, prefix + "check.colour", "%.2f"),
                        first ? String.valueOf(r.millis()) : "",
                        first ? (r.reason() != null ? r.reason() : r.outDir().toString()) : "");
            }
        }
        long ok = results.stream().filter(PhotoResult::succeeded).count();
        out.printf(Locale.ROOT, "%d of %d refined; %d need attention (ms: each photo's own processing time)%n", ok, results.size(), results.size() - ok);
    }

    private static String num(Map<String, Double> m, String key, String fmt) {
        Double v = m.get(key);
        return v == null ? "-" : String.format(Locale.ROOT, fmt, v);
    }
}
