package dev.refinery.qualitylab;

import java.util.Collection;
import java.util.Objects;
import java.util.function.Function;

/** Means and extremes over the measurable (non-null) values. */
final class Stats {
    private Stats() {
    }

    static <T> Double mean(Collection<T> rows, Function<T, Double> f) {
        return rows.stream().map(f).filter(Objects::nonNull).mapToDouble(Double::doubleValue).average().stream().boxed().findFirst().orElse(null);
    }

    static <T> Double min(Collection<T> rows, Function<T, Double> f) {
        return rows.stream().map(f).filter(Objects::nonNull).mapToDouble(Double::doubleValue).min().stream().boxed().findFirst().orElse(null);
    }

    static <T> Double max(Collection<T> rows, Function<T, Double> f) {
        return rows.stream().map(f).filter(Objects::nonNull).mapToDouble(Double::doubleValue).max().stream().boxed().findFirst().orElse(null);
    }

    static String f(Double v, int decimals) {
        return v == null ? "–" : String.format(java.util.Locale.ROOT, "%." + decimals + "f", v);
    }

    static String pct(long n, long of) {
        return of == 0 ? "–" : String.format(java.util.Locale.ROOT, "%d%% (%d/%d)", Math.round(100.0 * n / of), n, of);
    }
}
