package dev.refinery.local.cli;

import dev.refinery.cli.Refinery;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The local stack's command line: {@code run} (make run), {@code serve} (make serve), {@code bench}
 * (make bench-local). Exit codes as make refine: 0 all succeeded, 3 some inputs failed or need
 * review, 1 internal error, 2 usage error.
 */
@Command(name = "refinery-local", mixinStandardHelpOptions = true, version = "refinery-local 0.1.0",
        description = "The refinery on the embedded local stack.",
        subcommands = {RunCommand.class, ServeCommand.class, LocalBenchCommand.class})
public final class LocalMain {
    private LocalMain() {
    }

    public static void main(String[] args) {
        // Readable one-line logs on stderr instead of the Lambda functions' JSON (set before any logger exists).
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "log4j2-local.xml");
        }
        // The stack logs while it closes in make serve's shutdown hook: Log4j must not stop itself first.
        if (System.getProperty("log4j2.shutdownHookEnabled") == null) {
            System.setProperty("log4j2.shutdownHookEnabled", "false");
        }
        System.setProperty("java.awt.headless", "true");
        int code = commandLine().execute(args);
        System.exit(code);
    }

    public static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new LocalMain());
        cmd.setExecutionExceptionHandler((ex, line, parsed) -> {
            line.getErr().println("refinery: internal error: " + ex);
            ex.printStackTrace(line.getErr());
            return Refinery.INTERNAL_ERROR;
        });
        return cmd;
    }
}
