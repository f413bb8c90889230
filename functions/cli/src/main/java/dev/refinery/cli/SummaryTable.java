package dev.refinery.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The summary printed after a run (make refine, make run): one row per photo. */
public final class SummaryTable {
    private SummaryTable() {
    }

    public static void print(PrintWriter out, List<PhotoResult> results) {
        int w = Math.max(5, results.stream().mapToInt(r -> r.stem().length()).max().orElse(5));
        String fmt = "%-" + w + "s  %-12s  %6s  %7s  %6s  %8s  %s%n";
        out.printf(Locale.ROOT, fmt, "photo", "status", "fill", "purity", "ΔE00", "ms", "reason / output");
        for (PhotoResult r : results) {
            Map<String, Double> m = r.metrics();
            out.printf(Locale.ROOT, fmt, r.stem(), r.status(), num(m, "check.fill", "%.3f"), num(m, "check.purity", "%.4f"),
                    num(m, "check.colour", "%.2f"), r.millis(),
                    r.reason() != null ? r.reason() : r.outDir().toString());
        }
        long ok = results.stream().filter(PhotoResult::succeeded).count();
        out.printf(Locale.ROOT, "%d of %d refined; %d need attention%n", ok, results.size(), results.size() - ok);
    }

    private static String num(Map<String, Double> m, String key, String fmt) {
        Double v = m.get(key);
        if (v == null) {
            // several presets: show the first preset's value
            v = m.entrySet().stream().filter(e -> e.getKey().endsWith("." + key)).map(Map.Entry::getValue).findFirst().orElse(null);
        }
        return v == null ? "-" : String.format(Locale.ROOT, fmt, v);
    }
}
