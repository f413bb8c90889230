package dev.refinery.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line: {@code refine}, {@code samples}, {@code bench}.
 * Exit codes: 0 all succeeded, 3 some inputs failed but all were handled, 1 internal error, 2 usage.
 */
@Command(name = "refinery", mixinStandardHelpOptions = true, version = "refinery 0.1.0",
        description = "Refines product photos into marketplace-ready images.",
        subcommands = {RefineCommand.class, SamplesCommand.class, BenchCommand.class, CostCommand.class})
public final class Refinery {
    public static final int OK = 0;
    public static final int INTERNAL_ERROR = 1;
    public static final int USAGE = 2;
    public static final int SOME_FAILED = 3;

    public static void main(String[] args) {
        // The stage handlers log through Log4j: quiet one-line logs on stderr, not the Lambda functions' JSON on stdout
        // (set before any logger exists).
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "log4j2-cli.xml");
        }
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new Refinery());
        cmd.setExecutionExceptionHandler((ex, line, parsed) -> {
            line.getErr().println("refinery: internal error: " + ex);
            ex.printStackTrace(line.getErr());
            return INTERNAL_ERROR;
        });
        return cmd;
    }
}
