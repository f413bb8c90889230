package dev.refinery.quality;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The quality check's verdict on one rendition. */
public record QualityReport(String preset, List<Finding> findings) {
    public QualityReport {
        findings = List.copyOf(findings);
    }

    public boolean passed() {
        return findings.stream().allMatch(Finding::passed);
    }

    public List<Finding> failures() {
        return findings.stream().filter(f -> !f.passed()).toList();
    }

    /** Every measurement by check id, for the version record. */
    public Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Finding f : findings) {
            if (!Double.isNaN(f.measured())) {
                m.put(f.check(), f.measured());
            }
        }
        return m;
    }

    /** The failures as one sentence for a seller. */
    public String summary() {
        if (passed()) {
            return preset + ": passed";
        }
        StringBuilder sb = new StringBuilder(preset).append(": ");
        for (Finding f : failures()) {
            sb.append(f.message()).append("; ");
        }
        return sb.substring(0, sb.length() - 2);
    }
}
