package dev.refinery.domain;

/**
 * What a version is the output of. Re-running the same stage of the same round and loop
 * iteration (for the same preset) lands in the same slot and replaces its own output, so a
 * retried or redelivered stage invocation never adds a duplicate version.
 *
 * @param step which of a feedback round's operations for this stage the version carries out (0: the first or only
 *             one): "brighter and warmer" is two lighting versions, one change each
 */
public record VersionSlot(int round, int iteration, Stage stage, String preset, int step) {
    public VersionSlot {
        if (step < 0) {
            throw new IllegalArgumentException("a step is 0 or more, got " + step);
        }
    }

    public VersionSlot(int round, int iteration, Stage stage, String preset) {
        this(round, iteration, stage, preset, 0);
    }

    public VersionSlot withStep(int n) {
        return new VersionSlot(round, iteration, stage, preset, n);
    }

    public String id() {
        return "r" + round + "-i" + iteration + "-" + stage.id() + (preset == null ? "" : "-" + preset) + (step == 0 ? "" : "-s" + step);
    }
}
