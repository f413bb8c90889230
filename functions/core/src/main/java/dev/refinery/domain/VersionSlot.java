package dev.refinery.domain;

/**
 * What a version is the output of. Re-running the same stage of the same round and loop
 * iteration (for the same preset) lands in the same slot and replaces its own output, so a
 * retried or redelivered stage invocation never adds a duplicate version.
 */
public record VersionSlot(int round, int iteration, Stage stage, String preset) {
    public String id() {
        return "r" + round + "-i" + iteration + "-" + stage.id() + (preset == null ? "" : "-" + preset);
    }
}
