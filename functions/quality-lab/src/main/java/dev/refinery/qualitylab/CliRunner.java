package dev.refinery.qualitylab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code refinery refine} (dev.refinery.cli.Refinery, the entry point of {@code make refine}) as
 * its own process: the same command, arguments and output layout a user gets, and the environment
 * (OPENAI_BASE_URL of a fake Images API) reaches it as it would.
 */
final class CliRunner {
    private final String java;
    private final List<String> javaOpts;
    private final String classpath;
    private final Map<String, String> env;
    private final int jobs;

    CliRunner(String java, List<String> javaOpts, String classpath, Map<String, String> env, int jobs) {
        this.java = java;
        this.javaOpts = javaOpts;
        this.classpath = classpath;
        this.env = env;
        this.jobs = jobs;
    }

    /** Refines every photo of {@code photos} (a folder) into {@code out/<stem>/}; the console goes to {@code log}. Returns the exit code. */
    int refine(Path photos, String preset, String engine, Path out, Path log) throws IOException, InterruptedException {
        return refine(photos, preset, engine, out, log, List.of());
    }

    /** As above, with further options of {@code refinery refine} (a brand kit, facts). */
    int refine(Path photos, String preset, String engine, Path out, Path log, List<String> extra) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(javaOpts);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add("dev.refinery.cli.Refinery");
        cmd.add("refine");
        cmd.add("--photos");
        cmd.add(photos.toString());
        cmd.add("--preset");
        cmd.add(preset);
        cmd.add("--out");
        cmd.add(out.toString());
        cmd.add("--engine");
        cmd.add(engine);
        cmd.add("--jobs");
        cmd.add(String.valueOf(jobs));
        cmd.addAll(extra);
        Files.createDirectories(log.getParent());
        Files.writeString(log, String.join(" ", cmd) + "\n");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(3, TimeUnit.HOURS)) {
            p.destroyForcibly();
            throw new IllegalStateException("refinery refine did not finish in 3 hours; see " + log);
        }
        return p.exitValue();
    }

    /** A folder of links {@code <id>.<ext>} to the photos, so the command line's output folders are named by id. */
    static Path stage(Path dir, Map<String, Path> photos) throws IOException {
        Files.createDirectories(dir);
        try (var s = Files.list(dir)) {
            for (Path old : s.toList()) {
                Files.deleteIfExists(old);
            }
        }
        for (Map.Entry<String, Path> e : photos.entrySet()) {
            String name = e.getValue().getFileName().toString();
            String ext = name.substring(name.lastIndexOf('.') + 1);
            Path link = dir.resolve(e.getKey() + "." + ext);
            try {
                Files.createSymbolicLink(link, e.getValue().toAbsolutePath());
            } catch (UnsupportedOperationException | IOException ex) {
                Files.copy(e.getValue(), link);
            }
        }
        return dir;
    }
}
