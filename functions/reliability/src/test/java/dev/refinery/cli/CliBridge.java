package dev.refinery.cli;

import picocli.CommandLine;

/** The command line of {@code make refine}, in process (Refinery.commandLine() is package-private). */
public final class CliBridge {
    private CliBridge() {
    }

    public static CommandLine commandLine() {
        return Refinery.commandLine();
    }
}
