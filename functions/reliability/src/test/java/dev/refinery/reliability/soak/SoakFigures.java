package dev.refinery.reliability.soak;

import dev.refinery.domain.Session;
import dev.refinery.domain.SessionStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The soak's tally, printed at the end of a run (and copied into docs/reliability.md). */
final class SoakFigures {
    final String where;
    final long seed;
    int uploads;
    int started;
    int completed;
    int needsReview;
    int failedWithReason;
    int rejectedWithReason;
    int lost;
    final List<String> lostDetails = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    final Map<String, Integer> failureReasons = new TreeMap<>();
    final Map<String, Integer> reviewReasons = new TreeMap<>();
    Map<String, Long> injected = Map.of();
    long millis;
    int orphans;

    SoakFigures(String where, long seed) {
        this.where = where;
        this.seed = seed;
    }

    static long seed() {
        String given = System.getProperty("refinery.soak.seed");
        return given == null || given.isBlank() ? System.nanoTime() : Long.parseLong(given.trim());
    }

    static int sessions(int fallback) {
        return Integer.getInteger("refinery.soak.sessions", fallback);
    }

    void startedSession(Session s) {
        started++;
        if (s == null) {
            return;
        }
        if (s.status() == SessionStatus.COMPLETED) {
            completed++;
        } else if (s.status() == SessionStatus.NEEDS_REVIEW) {
            needsReview++;
            if (s.reason() == null || s.reason().isBlank()) {
                problems.add(s.id() + ": NEEDS_REVIEW without a reason");
            } else {
                reviewReasons.merge(shortReason(s.reason()), 1, Integer::sum);
            }
        } else if (s.status() == SessionStatus.FAILED) {
            if (s.reason() == null || s.reason().isBlank() || !s.reason().contains(" — ")) {
                problems.add(s.id() + ": FAILED without a reason a seller can act on: " + s.reason());
            } else {
                failedWithReason++;
                failureReasons.merge(shortReason(s.reason()), 1, Integer::sum);
            }
        }
    }

    void rejected(String reason) {
        if (reason == null || reason.isBlank()) {
            problems.add("an upload was rejected without a reason");
        } else {
            rejectedWithReason++;
            failureReasons.merge("(upload) " + shortReason(reason), 1, Integer::sum);
        }
    }

    void lost(String what) {
        lost++;
        lostDetails.add(what);
    }

    private static String shortReason(String reason) {
        String r = reason.replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "<id>").replaceAll("\\(injected, [^)]*\\)", "(injected)");
        int dash = r.indexOf(" — ");
        r = dash > 0 ? r.substring(0, dash) : r;
        return r.length() > 90 ? r.substring(0, 90) + "…" : r;
    }

    /** Prints the summary and keeps it under target/reliability/ for docs/reliability.md. */
    void publish(String fileName) {
        String text = summary();
        System.out.print(text);
        try {
            java.nio.file.Path dir = java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "reliability"));
            java.nio.file.Files.writeString(dir.resolve(fileName), text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    String summary() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("soak [%s] seed=%d (replay: -Drefinery.soak.seed=%d) uploads=%d in %.1f s%n", where, seed, seed, uploads, millis / 1000.0));
        b.append(String.format("  started %d, completed %d, needs-review %d, failed-with-reason %d (+ %d uploads rejected with a reason), lost %d%n",
                started, completed, needsReview, failedWithReason, rejectedWithReason, lost));
        if (orphans > 0) {
            b.append(String.format("  objects left unrecorded by attempts that failed after writing them (their sessions FAILED): %d%n", orphans));
        }
        b.append("  faults injected: ").append(injected.values().stream().mapToLong(Long::longValue).sum()).append(' ').append(injected).append('\n');
        b.append("  failure reasons: ").append(failureReasons).append('\n');
        if (!reviewReasons.isEmpty()) {
            b.append("  needs-review reasons: ").append(reviewReasons).append('\n');
        }
        if (!lostDetails.isEmpty()) {
            b.append("  LOST: ").append(lostDetails).append('\n');
        }
        if (!problems.isEmpty()) {
            b.append("  PROBLEMS: ").append(problems).append('\n');
        }
        return b.toString();
    }
}
