package dev.refinery.quality;

import dev.refinery.domain.ImageVersion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The quality check's findings kept on the rendition they judge, as version parameters (every
 * session store keeps a version's parameters): {@value #ORDER} lists the checks in order, and per
 * check {@code finding.<check>} is {@code passed} or {@code failed}, {@code finding.<check>.expected}
 * the rule and, on a failure, {@code finding.<check>.message} what is wrong. The measured value is
 * the version's {@code check.<check>} metric. Reports read them back instead of checking again.
 */
public final class StoredFindings {
    public static final String ORDER = "findings";
    private static final String PREFIX = "finding.";
    private static final String METRIC_PREFIX = "check.";

    private StoredFindings() {
    }

    /** The parameters that record a report's findings. */
    public static Map<String, String> params(QualityReport report) {
        Map<String, String> p = new LinkedHashMap<>();
        List<String> order = new ArrayList<>();
        for (Finding f : report.findings()) {
            order.add(f.check());
            p.put(PREFIX + f.check(), f.passed() ? "passed" : "failed");
            p.put(PREFIX + f.check() + ".expected", f.expected());
            if (!f.passed()) {
                p.put(PREFIX + f.check() + ".message", f.message());
            }
        }
        p.put(ORDER, String.join(",", order));
        return p;
    }

    /** The report recorded on a judged rendition; empty when the check has not judged it. */
    public static Optional<QualityReport> read(ImageVersion rendition) {
        String order = rendition.params().get(ORDER);
        if (order == null) {
            return Optional.empty();
        }
        List<Finding> findings = new ArrayList<>();
        for (String check : Arrays.stream(order.split(",")).filter(c -> !c.isEmpty()).toList()) {
            boolean passed = "passed".equals(rendition.params().get(PREFIX + check));
            Double measured = rendition.metrics().get(METRIC_PREFIX + check);
            findings.add(new Finding(check, passed, measured == null ? Double.NaN : measured,
                    rendition.params().getOrDefault(PREFIX + check + ".expected", ""),
                    passed ? "" : rendition.params().getOrDefault(PREFIX + check + ".message", ""), null, Map.of()));
        }
        return Optional.of(new QualityReport(rendition.preset(), findings));
    }
}
