package dev.refinery.qualitylab.mutants;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.refinery.color.ArgbPixels;
import dev.refinery.domain.Preset;
import dev.refinery.domain.PresetCatalog;
import dev.refinery.engine.Rendition;
import dev.refinery.imaging.classic.ClassicFinisher;
import dev.refinery.quality.BaseEvidence;
import dev.refinery.quality.Finding;
import dev.refinery.quality.Placement;
import dev.refinery.quality.QualityChecker;
import dev.refinery.quality.QualityReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The quality check's mutation test: from every final the check passed in a {@code make refine}
 * output folder, deliberately broken finals ({@link Mutation}) rendered by the real finisher and
 * judged by the real check with the same evidence the pipeline gives it. Every mutant must fail.
 *
 * <p>Usage: {@code MutationRun <refine output folder> <results folder> [<corpus folder with <stem>/truth.json>]}
 */
public final class MutationRun {
    private final QualityChecker checker = new QualityChecker();
    private final ClassicFinisher finisher = new ClassicFinisher();
    private final PresetCatalog presets = PresetCatalog.bundled();

    /** One mutant's verdict. */
    public record Verdict(String photo, Mutation mutation, double size, boolean caught, List<String> caughtBy) {
    }

    /** What a run found: the mutants, and the seeds that could not be used (the check failed the unbroken final). */
    public record Result(List<Verdict> verdicts, List<String> seeds, List<String> skipped) {
        public long caught() {
            return verdicts.stream().filter(Verdict::caught).count();
        }

        public static Result merge(List<Result> parts) {
            List<Verdict> v = new ArrayList<>();
            List<String> seeds = new ArrayList<>(), skipped = new ArrayList<>();
            for (Result p : parts) {
                v.addAll(p.verdicts());
                seeds.addAll(p.seeds());
                skipped.addAll(p.skipped());
            }
            return new Result(v, seeds, skipped);
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: MutationRun <refine output folder> <results folder> [<corpus folder>]");
            System.exit(2);
        }
        Result r = new MutationRun().run(Path.of(args[0]), args.length > 2 ? Path.of(args[2]) : null);
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("mutants.json").toFile(), r);
        String table = table(r);
        Files.writeString(out.resolve("mutants.md"), table);
        System.out.print(table);
        System.exit(r.caught() == r.verdicts().size() ? 0 : 3);
    }

    public Result run(Path refined, Path corpus) throws IOException {
        List<Verdict> verdicts = new ArrayList<>();
        List<String> seeds = new ArrayList<>(), skipped = new ArrayList<>();
        List<Path> dirs;
        try (Stream<Path> s = Files.list(refined)) {
            dirs = s.filter(d -> Files.exists(d.resolve("report.json"))).sorted().toList();
        }
        for (Path dir : dirs) {
            RefinedPhoto p = RefinedPhoto.read(dir, corpus == null ? null : corpus.resolve(dir.getFileName().toString()));
            if (p == null || !"COMPLETED".equals(p.status())) {
                continue;
            }
            QualityReport control = judge(p, new Mutation.Mutant(p.base(), p.master(), 0));
            if (!control.passed()) {
                skipped.add(p.stem() + ": " + control.summary());
                continue;
            }
            seeds.add(p.stem());
            for (Mutation m : Mutation.values()) {
                Mutation.Mutant mutant = m.apply(p);
                QualityReport report = judge(p, mutant);
                verdicts.add(new Verdict(p.stem(), m, mutant.size(), !report.passed(),
                        report.failures().stream().map(Finding::check).toList()));
            }
        }
        return new Result(verdicts, seeds, skipped);
    }

    QualityReport judge(RefinedPhoto p, Mutation.Mutant m) {
        Preset preset = presets.get(p.preset());
        Rendition r = finisher.render(m.master(), preset, Map.of());
        BaseEvidence evidence = new BaseEvidence(ArgbPixels.of(m.base()), ArgbPixels.of(m.master()), Placement.fromParams(r.params()),
                p.lighting(), p.background());
        return checker.check(preset, r.bytes(), r.productMask(), m.master(), evidence);
    }

    public static String table(Result r) {
        Map<Mutation, long[]> by = new EnumMap<>(Mutation.class);
        Map<Mutation, Map<String, Integer>> reasons = new EnumMap<>(Mutation.class);
        for (Verdict v : r.verdicts()) {
            long[] c = by.computeIfAbsent(v.mutation(), k -> new long[2]);
            c[0]++;
            if (v.caught()) c[1]++;
            for (String check : v.caughtBy()) {
                reasons.computeIfAbsent(v.mutation(), k -> new LinkedHashMap<>()).merge(check, 1, Integer::sum);
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Mutants: %d made from %d good finals, %d caught by the check.%n%n", r.verdicts().size(), r.seeds().size(), r.caught()));
        sb.append("| mutation | made | caught | failed checks (how often) |\n|---|---|---|---|\n");
        by.forEach((m, c) -> sb.append(String.format(Locale.ROOT, "| %s: %s | %d | %d | %s |%n", m.name().toLowerCase(Locale.ROOT), m.description, c[0], c[1],
                reasons.getOrDefault(m, Map.of()).toString().replaceAll("[{}]", ""))));
        List<Verdict> missed = r.verdicts().stream().filter(v -> !v.caught()).toList();
        if (!missed.isEmpty()) {
            sb.append("\nMissed:\n");
            missed.forEach(v -> sb.append(String.format(Locale.ROOT, "- %s %s (size %.3f)%n", v.photo(), v.mutation(), v.size())));
        }
        if (!r.skipped().isEmpty()) {
            sb.append("\nCOMPLETED in the run but failed when re-rendered without the loop's hints (not used as seeds):\n");
            r.skipped().forEach(s -> sb.append("- ").append(s).append('\n'));
        }
        return sb.toString();
    }
}
