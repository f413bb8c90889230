package dev.refinery.workflow.runner;

import java.util.List;

/**
 * A definition the runner refuses before running anything: invalid ASL, or valid ASL using a
 * feature this runner does not implement (each problem says which, by name, e.g.
 * "unsupported state type Map (state 'Fan out')").
 */
public class AslValidationException extends RuntimeException {
    private final List<String> problems;

    public AslValidationException(List<String> problems) {
        super("state machine definition refused: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
