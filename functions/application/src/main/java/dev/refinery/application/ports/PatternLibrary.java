package dev.refinery.application.ports;

import java.time.Instant;
import java.util.List;

/**
 * The prompt-pattern library (the feedback issue, item 4): per tenant and product category, the feedback whose
 * round a seller approved, with how often, so the API can offer it as a suggestion. Only seller approvals count (a
 * version the checks passed says nothing about taste); a suggestion is applied only when the seller sends it.
 */
public interface PatternLibrary {
    /** One pattern: the words (as first written), the plan's operations, how many seller approvals it led to. */
    record Pattern(String feedback, List<String> operations, long approvals, Instant lastApprovedAt) {
        public Pattern {
            operations = operations == null ? List.of() : List.copyOf(operations);
        }

        /** The order suggestions are offered in: most approved first, then the most recently approved. */
        public static final java.util.Comparator<Pattern> MOST_APPROVED = java.util.Comparator.comparingLong(Pattern::approvals).reversed()
                .thenComparing(Pattern::lastApprovedAt, java.util.Comparator.reverseOrder());
    }

    /**
     * Counts one seller approval of a round planned from {@code feedback}. The same words (case and spacing aside)
     * in the same category are one pattern; its operations are the latest plan's.
     */
    void approved(String tenant, String category, String feedback, List<String> operations, Instant at);

    /** The category's patterns, most approved first (then the most recent), at most {@code limit}. */
    List<Pattern> top(String tenant, String category, int limit);

    /** The key a pattern is counted under: the words lower-cased, runs of spaces and punctuation folded. */
    static String normalise(String feedback) {
        return feedback.toLowerCase(java.util.Locale.ROOT).replaceAll("[\\s\\p{Punct}]+", " ").strip();
    }
}
