package dev.refinery.cli;

import java.nio.file.Path;
import java.util.Map;

/** One input's outcome, for the summary table and the exit code. */
public record PhotoResult(Path input, String stem, String status, String reason, Map<String, Double> metrics, long millis, Path outDir) {
    public boolean succeeded() {
        return "COMPLETED".equals(status);
    }
}
