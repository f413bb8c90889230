package dev.refinery.cli;

import dev.refinery.aws.Engines;
import dev.refinery.cli.workflow.InProcessWorkflow;
import dev.refinery.domain.BrandKit;
import dev.refinery.domain.EngineUnavailableException;
import dev.refinery.domain.InvalidInputException;
import dev.refinery.domain.Preset;
import dev.refinery.domain.PresetCatalog;
import dev.refinery.domain.RefineryException;
import dev.refinery.engine.EngineContext;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "refine", description = "Refine a photo or a folder of photos for one or more presets.")
public final class RefineCommand implements Callable<Integer> {
    static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "webp", "gif", "bmp", "tif", "tiff", "heic", "heif", "avif");

    @Spec
    CommandSpec spec;

    @Option(names = "--photos", required = true, description = "A photo file or a folder of photos.")
    Path photos;

    @Option(names = "--preset", defaultValue = "amazon-main", description = "Preset id(s), comma-separated.")
    String preset;

    @Option(names = "--out", defaultValue = "out", description = "Output folder.")
    Path out;

    @Option(names = "--engine", defaultValue = "classic", description = "classic or openai.")
    String engine;

    @Option(names = "--jobs", description = "Photos refined at once (default: the number of cores).")
    int jobs = Runtime.getRuntime().availableProcessors();

    @Option(names = "--brand-kit", description = "A brand kit for the brand-site preset, as key=value pairs, comma-separated: "
            + "background=#rrggbb, margin=0.08, canvas=2048, format=jpeg|png, shadow=true|false, pixelsPerCm=60 (docs/brand-kit.md).")
    String brandKit;

    @Option(names = "--facts", description = "A JSON file of each photo's facts by its file name without extension, "
            + "e.g. {\"mug\": {\"height_cm\": \"9.5\"}} (height_cm, or size_cm, its longest side: for a brand kit's true scale).")
    Path factsFile;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        List<String> presets;
        PhotoRefiner refiner;
        try {
            InProcessWorkflow workflow = new InProcessWorkflow(engines(engine));
            if (brandKit != null) {
                workflow.wiring().brandKits().add(brandKit(PhotoRefiner.TENANT, brandKit));
            }
            presets = brandKit != null ? presetsFor(workflow.wiring().service().presets().resolve(PhotoRefiner.TENANT, preset), engine)
                    : presetsFor(preset, engine);
            refiner = new PhotoRefiner(workflow, engine, presets).withFacts(facts(factsFile));
        } catch (RefineryException e) {
            // Configuration errors (unknown preset, missing key) stop at once: nothing would succeed.
            err.println("refinery: " + e.reason());
            return Refinery.USAGE;
        }
        List<Path> inputs = inputs(photos);
        if (inputs.isEmpty()) {
            err.println(noPhotos(photos));
            return Refinery.USAGE;
        }
        List<PhotoResult> results = refineAll(refiner, inputs, out, err, jobs);
        PrintWriter o = spec.commandLine().getOut();
        SummaryTable.print(o, results, presets);
        o.println("Results: " + out.toAbsolutePath());
        o.flush();
        return results.stream().allMatch(PhotoResult::succeeded) ? Refinery.OK : Refinery.SOME_FAILED;
    }

    /** The brand kit of {@code --brand-kit}: version 1 of the run's tenant, the kit's defaults for what is not given. */
    static BrandKit brandKit(String tenant, String spec) {
        Map<String, String> kv = new java.util.TreeMap<>();
        for (String pair : spec.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq < 1) {
                throw new InvalidInputException("--brand-kit takes key=value pairs, not '" + pair + "'", "e.g. --brand-kit background=#ffffff,pixelsPerCm=60");
            }
            kv.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        Set<String> known = Set.of("background", "margin", "canvas", "format", "shadow", "pixelsPerCm");
        for (String k : kv.keySet()) {
            if (!known.contains(k)) {
                throw new InvalidInputException("--brand-kit has no setting '" + k + "'", "use " + String.join(", ", new java.util.TreeSet<>(known)));
            }
        }
        try {
            return new BrandKit(tenant, 1, Integer.parseInt(kv.getOrDefault("background", "#ffffff").replace("#", ""), 16),
                    Double.parseDouble(kv.getOrDefault("margin", "0.08")), Integer.parseInt(kv.getOrDefault("canvas", "2048")),
                    dev.refinery.domain.ImageFormat.valueOf(kv.getOrDefault("format", "jpeg").toUpperCase(Locale.ROOT)),
                    Boolean.parseBoolean(kv.getOrDefault("shadow", "false")), false, Double.parseDouble(kv.getOrDefault("pixelsPerCm", "0")),
                    java.time.Instant.now());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--brand-kit has a value it cannot read: " + e.getMessage(), "e.g. --brand-kit background=#f4efe6,canvas=2048");
        }
    }

    /** The facts of {@code --facts}, by photo stem (none: no file). */
    static Map<String, Map<String, String>> facts(Path file) {
        if (file == null) {
            return Map.of();
        }
        try {
            return SessionOutputs.JSON.readValue(file.toFile(), new com.fasterxml.jackson.core.type.TypeReference<Map<String, Map<String, String>>>() { });
        } catch (IOException e) {
            throw new InvalidInputException("--facts " + file + " is not a JSON object of objects of strings: " + e.getMessage(),
                    "e.g. {\"mug\": {\"size_cm\": \"10.5\"}}");
        }
    }

    /**
     * The preset ids a run asks for, refused at once when one is unknown or needs an engine the run
     * does not use (a lifestyle scene without the openai engine), or when the engine is unknown.
     */
    public static List<String> presetsFor(String preset, String engine) {
        if (!"classic".equals(engine) && !"openai".equals(engine)) {
            throw new EngineUnavailableException("Unknown engine '" + engine + "'", "use ENGINE=classic or ENGINE=openai");
        }
        return presetsFor(PresetCatalog.bundled().resolve(preset), engine);
    }

    /** As above, over presets already resolved (a run's own brand kit among them). */
    static List<String> presetsFor(List<Preset> resolved, String engine) {
        for (Preset p : resolved) {
            if (p.requiresAi() && !"openai".equals(engine)) {
                throw new EngineUnavailableException("Preset '" + p.id() + "' needs the openai engine (" + p.name() + ": a generated scene)",
                        "run with ENGINE=openai and OPENAI_API_KEY set, or choose a white-background preset such as amazon-main");
            }
        }
        return resolved.stream().map(Preset::id).toList();
    }

    /**
     * The engines a run offers, from the engine providers on the classpath (the classic engine always: finishing
     * is deterministic either way). The openai engine reads its key when it first calls the model; a run that
     * names it without any key source is refused here, before any photo.
     */
    public static Engines engines(String engine) {
        List<String> ids = switch (engine) {
            case "classic" -> List.of("classic");
            case "openai" -> List.of("classic", "openai");
            default -> throw new EngineUnavailableException("Unknown engine '" + engine + "'", "use ENGINE=classic or ENGINE=openai");
        };
        requireKeySource(engine, System.getenv());
        return Engines.load(ids, new EngineContext(System.getenv(), null, null, null));
    }

    /**
     * Refuses ENGINE=openai up front when no key source is set (OPENAI_API_KEY, or a secret or parameter naming it):
     * every photo would fail. Only the variables' presence is checked; the key is read on the first model call.
     */
    public static void requireKeySource(String engine, Map<String, String> env) {
        if ("openai".equals(engine) && blank(env.get("OPENAI_API_KEY")) && blank(env.get("REFINERY_OPENAI_SECRET_ARN"))
                && blank(env.get("REFINERY_OPENAI_KEY_PARAMETER"))) {
            throw new EngineUnavailableException("The openai engine has no API key", "set OPENAI_API_KEY to use ENGINE=openai");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /**
     * Refines every input, {@code jobs} photos at a time (one photo's stages run one after the other;
     * several photos keep every core busy). Results come back in input order.
     */
    static List<PhotoResult> refineAll(PhotoRefiner refiner, List<Path> inputs, Path out, PrintWriter err, int jobs) {
        Set<String> stems = new HashSet<>();
        List<String> names = new ArrayList<>();
        for (Path p : inputs) {
            names.add(stem(p, stems));
        }
        if (inputs.size() == 1) {
            return List.of(refiner.refine(inputs.get(0), names.get(0), out.resolve(names.get(0))));
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(jobs, inputs.size())));
        // A bar redrawn with carriage returns only on a terminal; in a log (make in CI, a pipe) it would be one line of
        // overwritten frames, so there each finished photo gets a line of its own instead.
        boolean terminal = System.console() != null;
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        try (ProgressBar bar = !terminal ? null : new ProgressBarBuilder().setTaskName("Refining").setInitialMax(inputs.size())
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                .build()) {
            List<Future<PhotoResult>> futures = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                Path p = inputs.get(i);
                String stem = names.get(i);
                futures.add(pool.submit(() -> {
                    PhotoResult r = refiner.refine(p, stem, out.resolve(stem));
                    if (bar != null) {
                        bar.setExtraMessage(stem);
                        bar.step();
                    } else {
                        synchronized (err) {
                            err.printf(Locale.ROOT, "refined %d of %d: %s %s (%d ms)%n", done.incrementAndGet(), inputs.size(), stem, r.status(), r.millis());
                            err.flush();
                        }
                    }
                    return r;
                }));
            }
            List<PhotoResult> results = new ArrayList<>();
            for (Future<PhotoResult> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (ExecutionException e) {
            throw new IllegalStateException("refining failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The file name without extension; made unique when two inputs share it (a.jpg, a.png). */
    public static String stem(Path p, Set<String> used) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String unique = stem;
        for (int i = 2; !used.add(unique); i++) {
            unique = stem + "-" + i;
        }
        return unique;
    }

    /** Why {@link #inputs} found nothing at {@code photos}: a path that is not there, or a folder without photos. */
    public static String noPhotos(Path photos) {
        String where = "refinery: no photos found at " + photos;
        if (!Files.exists(photos)) {
            return where + ": it does not exist (" + photos.toAbsolutePath().normalize() + ")";
        }
        if (!Files.isDirectory(photos)) {
            return where + ": it is neither a file nor a folder";
        }
        return where + ": a folder with no " + String.join(", ", IMAGE_EXTENSIONS.stream().sorted().toList())
                + " files directly in it (subfolders are not searched)";
    }

    /** A file as given, or a folder's image files (by extension; content decides later), sorted. */
    public static List<Path> inputs(Path photos) throws IOException {
        if (Files.isRegularFile(photos)) {
            return List.of(photos);
        }
        if (!Files.isDirectory(photos)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(photos)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> {
                        String n = p.getFileName().toString();
                        int dot = n.lastIndexOf('.');
                        return dot > 0 && IMAGE_EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
                    })
                    .sorted()
                    .toList();
        }
    }
}
