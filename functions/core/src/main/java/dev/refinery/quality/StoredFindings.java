package dev.refinery.quality;

import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.Stage;
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
 * the rule and, on a failure, {@code finding.<check>.message} what is wrong, {@code finding.<check>.repair}
 * the stage that can repair it (when one can) and {@code finding.<check>.regions} where it is on the seller's
 * photo ({@link Region}s as {@code x,y,w,h;x,y,w,h}, fractions of the photo at 4 decimals, when the check
 * knows the place). The measured value is the version's {@code check.<check>} metric. Reports read them back
 * instead of checking again; a version judged before repairs and regions were kept reads back without them.
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
                if (f.repairStage() != null) {
                    p.put(PREFIX + f.check() + ".repair", f.repairStage().id());
                }
                if (!f.regions().isEmpty()) {
                    p.put(PREFIX + f.check() + ".regions", String.join(";", f.regions().stream().map(Region::encode).toList()));
                }
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
        Map<String, String> params = rendition.params();
        List<Finding> findings = new ArrayList<>();
        for (String check : Arrays.stream(order.split(",")).filter(c -> !c.isEmpty()).toList()) {
            boolean passed = "passed".equals(params.get(PREFIX + check));
            Double measured = rendition.metrics().get(METRIC_PREFIX + check);
            findings.add(new Finding(check, passed, measured == null ? Double.NaN : measured,
                    params.getOrDefault(PREFIX + check + ".expected", ""),
                    passed ? "" : params.getOrDefault(PREFIX + check + ".message", ""),
                    passed ? null : repair(params.get(PREFIX + check + ".repair")), Map.of(),
                    passed ? List.of() : regions(params.get(PREFIX + check + ".regions"))));
        }
        return Optional.of(new QualityReport(rendition.preset(), findings));
    }

    /** The stage a stored repair names; null when none is stored or it names no stage this build knows. */
    private static Stage repair(String id) {
        try {
            return id == null ? null : Stage.fromId(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The regions stored; a region that does not read (written by hand, or by a later format) is left out rather than failing the report. */
    private static List<Region> regions(String stored) {
        if (stored == null || stored.isBlank()) {
            return List.of();
        }
        List<Region> out = new ArrayList<>();
        for (String r : stored.split(";")) {
            try {
                out.add(Region.decode(r));
            } catch (IllegalArgumentException e) {
                // NumberFormatException included: skip it
            }
        }
        return out;
    }
}
