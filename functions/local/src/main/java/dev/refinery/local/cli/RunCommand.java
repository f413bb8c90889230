package dev.refinery.local.cli;

import dev.refinery.cli.PhotoResult;
import dev.refinery.cli.RefineCommand;
import dev.refinery.cli.Refinery;
import dev.refinery.cli.SamplesCommand;
import dev.refinery.cli.SummaryTable;
import dev.refinery.domain.EngineUnavailableException;
import dev.refinery.domain.RefineryException;
import dev.refinery.local.LocalStack;
import dev.refinery.local.store.DatabaseInUseException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code make run}: the project's sample photos (or PHOTOS=) through the whole system on the local
 * stack — upload, S3 notification, trigger, state machine, stage handlers, publisher — then make
 * refine's {@code OUT/<stem>/} layout for each, with the session id and the execution history in
 * each report, and the summary table. Exit codes as make refine: 0 all COMPLETED, 3 some failed or
 * need review (all handled), 1 internal error, 2 usage error.
 */
@Command(name = "run", description = "Refine photos through the local stack (upload -> trigger -> state machine -> stages -> publish).")
public final class RunCommand implements Callable<Integer> {
    static final String TENANT = "local";

    @Spec
    CommandSpec spec;

    @Option(names = "--photos", description = "A photo file or a folder of photos (default: the project's sample photos, written to OUT/_samples).")
    Path photos;

    @Option(names = "--preset", defaultValue = "amazon-main", description = "Preset id(s), comma-separated.")
    String preset;

    @Option(names = "--out", defaultValue = "out", description = "Output folder.")
    Path out;

    @Option(names = "--engine", defaultValue = "classic", description = "classic or openai.")
    String engine;

    @Option(names = "--data", description = "The stack's S3 objects and database (default: OUT/.local-stack).")
    Path data;

    @Option(names = "--seed", defaultValue = "7", description = "Sample generator seed (as make samples).")
    long seed;

    @Option(names = "--workers", defaultValue = "0", description = "Executions running at once (0: one per processor, at least 2).")
    int workers;

    @Option(names = "--timeout-minutes", defaultValue = "60", description = "How long to wait for every session to end.")
    long timeoutMinutes;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter o = spec.commandLine().getOut();
        List<String> presets;
        try {
            presets = RefineCommand.presetsFor(preset, engine);
            // The stack reads OPENAI_API_KEY (its stand-in for the secret) on the first model call: refuse a run without one now.
            RefineCommand.requireKeySource(engine, Map.of("OPENAI_API_KEY", java.util.Objects.requireNonNullElse(System.getenv("OPENAI_API_KEY"), "")));
        } catch (RefineryException e) {
            err.println("refinery: " + e.reason());
            return Refinery.USAGE;
        }
        Path source = photos;
        if (source == null) {
            source = out.resolve("_samples");
            int code = new CommandLine(new SamplesCommand()).setOut(o).setErr(err).execute("--out", source.toString(), "--seed", String.valueOf(seed));
            if (code != Refinery.OK) {
                return code;
            }
        }
        List<Path> inputs = RefineCommand.inputs(source);
        if (inputs.isEmpty()) {
            err.println(RefineCommand.noPhotos(source));
            return Refinery.USAGE;
        }
        List<String> stems = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (Path p : inputs) {
            stems.add(RefineCommand.stem(p, used));
        }

        Path stackDir = data != null ? data : out.resolve(".local-stack");
        LocalStack.Settings settings = LocalStack.Settings.defaults(stackDir)
                .withEnv(Map.of("REFINERY_ENGINE", engine, "REFINERY_DEFAULT_PRESETS", String.join(",", presets)))
                .withEventsOut(System.err);
        if (workers > 0) {
            settings = settings.withWorkers(workers);
        }
        List<PhotoResult> results = new ArrayList<>();
        LocalStack stack;
        try {
            stack = LocalStack.start(settings);
        } catch (EngineUnavailableException e) {
            err.println("refinery: " + e.reason());
            return Refinery.USAGE;
        } catch (DatabaseInUseException e) {
            err.println("refinery: " + e.getMessage());
            return Refinery.USAGE;
        }
        try (stack) {
            err.printf("Local stack up: S3 %s, database %s, API %s; %d photo(s) uploaded under uploads/%s/%n",
                    stack.s3().endpoint(), stack.config().table(), stack.api().endpoint(), inputs.size(), TENANT);
            err.flush();
            StackRunner runner = new StackRunner(stack, TENANT, presets, System.err);
            List<StackReports.Outcome> outcomes = runner.refine(inputs, stems, Duration.ofMinutes(timeoutMinutes));
            StackReports reports = new StackReports(stack, TENANT, engine, presets);
            for (StackReports.Outcome x : outcomes) {
                results.add(reports.write(x, out.resolve(x.stem())));
            }
        }
        SummaryTable.print(o, results, presets);
        o.println("Results: " + out.toAbsolutePath());
        o.println("Local stack data (S3 objects, database): " + stackDir.toAbsolutePath() + " — make serve OUT=" + out + " reopens it");
        o.flush();
        return results.stream().allMatch(PhotoResult::succeeded) ? Refinery.OK : Refinery.SOME_FAILED;
    }
}
