package dev.refinery.local.dialogue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.refinery.aws.Json;
import dev.refinery.color.BodyColourShift;
import dev.refinery.color.ColorMath;
import dev.refinery.color.Masks;
import dev.refinery.color.Sharpness;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.Session;
import dev.refinery.domain.Stage;
import dev.refinery.engine.ImageCodec;
import dev.refinery.local.LocalStack;
import dev.refinery.local.api.LocalApiServer;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Labelled seller dialogues through the local stack's HTTP API (what `make serve` serves), classic engine: each
 * photo of the photo lab gets a first pass and three feedback rounds from a script of requests, and every round is
 * measured on the renditions before and after it — the effect asked for (exposure in EV over the product, fill,
 * the product's b* for warmth, Laplacian variance for sharpness), the properties nobody asked about (fill ±0.005,
 * product colour ±1 ΔE), and that unsupported requests are declined with the answer and open no round.
 * `make dialogues` writes docs/dialogues.md (the feedback issue's bar).
 */
public final class DialogueLab {
    /** A request of the script, what it should do and how it is judged. */
    enum Kind {
        BRIGHTER("brighter"), BIGGER("make the product bigger"), WARMER("warmer"), SHARPER("sharper"), SMALLER("more white space"),
        DARKER("a little darker"),
        /** The product's true colour, as a seller gives it from the brand's spec: near what the camera showed (see {@link #colourAsked}). */
        COLOUR("the product's colour is %s"),
        UNSUPPORTED_BACKGROUND("make the background pink"), UNSUPPORTED_LABEL("make the label more vivid");

        final String words;

        Kind(String words) {
            this.words = words;
        }

        boolean supported() {
            return !name().startsWith("UNSUPPORTED");
        }
    }

    /** Three rounds a dialogue, cycling so that each photo gets a different mix and every kind is asked often. */
    static final List<List<Kind>> SCRIPTS = List.of(
            List.of(Kind.BRIGHTER, Kind.BIGGER, Kind.UNSUPPORTED_BACKGROUND),
            List.of(Kind.BIGGER, Kind.WARMER, Kind.SHARPER),
            List.of(Kind.UNSUPPORTED_LABEL, Kind.DARKER, Kind.SMALLER),
            List.of(Kind.WARMER, Kind.SMALLER, Kind.BRIGHTER),
            List.of(Kind.SHARPER, Kind.COLOUR, Kind.BIGGER),
            List.of(Kind.COLOUR, Kind.WARMER, Kind.SMALLER));

    /** One rendition's measures over its product pixels; {@code product} is the rendition with its mask as alpha. */
    record Look(double fill, double luminance, double[] lab, double sharpness, int[] product, int width) {
    }

    /**
     * The colour a COLOUR round names: the product's main colour on the rendition moved by (−2, +3, +5) in L*a*b*
     * (CIEDE2000 about 5, a camera's typical error on the photo lab: median 4.8), as #rrggbb.
     */
    static String colourAsked(Look before) {
        double[] body = BodyColourShift.body(before.product()).lab();
        return String.format(Locale.ROOT, "#%06x", ColorMath.labToRgb(new double[] {body[0] - 2, body[1] + 3, body[2] + 5}));
    }

    /**
     * CIEDE2000 between the mean colours, before and after, of the product's pixels that are not its main colour (print,
     * labels, highlights, lettering on the body: weight 0 of the shift), at the same canvas positions; NaN when the
     * product has none.
     */
    static double printShift(Look before, Look after) {
        BodyColourShift.Body body = BodyColourShift.body(before.product());
        BodyColourShift probe = new BodyColourShift("", body.lab(), new double[3], body.share(), 0);
        float[] weights = probe.weights(before.product(), before.width());
        double[][] means = BodyColourShift.meanLab(before.product(), after.product(), i -> weights[i] == 0, 50);
        return means == null ? Double.NaN : ColorMath.deltaE2000(means[0], means[1]);
    }

    /**
     * One round: what was asked, what happened, what was measured, and whether it met the bar. With the openai engine
     * {@code plan} is the plan's operations as the API answered them and {@code prompt} says whether each edit's prompt
     * to the image model carried the planner's instruction and nothing of a declined request ({@code planAsExpected}).
     */
    record Round(String photo, int round, Kind kind, String request, String outcome, String measured, boolean effectInRange, boolean othersUnchanged,
                 String note, String plan, boolean planAsExpected) {
        Round(String photo, int round, Kind kind, String request, String outcome, String measured, boolean effectInRange, boolean othersUnchanged, String note) {
            this(photo, round, kind, request, outcome, measured, effectInRange, othersUnchanged, note, "", true);
        }
    }

    /** The operation a plan must have for each supported request (the classic grammar and the openai planner name them alike). */
    static String expectedOperation(Kind kind) {
        return switch (kind) {
            case BRIGHTER -> "lighting.brighter";
            case DARKER -> "lighting.darker";
            case WARMER -> "lighting.warmer";
            case SHARPER -> "detail.sharper";
            case BIGGER -> "framing.bigger";
            case SMALLER -> "framing.smaller";
            case COLOUR -> "colour.toward";
            default -> null;
        };
    }

    private final LocalStack stack;
    private final String engine;
    private final HttpClient http = HttpClient.newHttpClient();

    DialogueLab(LocalStack stack, String engine) {
        this.stack = stack;
        this.engine = engine;
    }

    public static void main(String[] args) throws Exception {
        Path corpus = Path.of(args.length > 0 ? args[0] : "functions/photolab/corpus");
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path doc = Path.of(args.length > 2 ? args[2] : "docs/dialogues.md");
        String engine = args.length > 3 ? args[3] : "classic";
        Path dir = Files.createTempDirectory("refinery-dialogues");
        List<Path> photos;
        try (var s = Files.list(corpus)) {
            photos = s.filter(p -> Files.isRegularFile(p.resolve("photo.jpg"))).sorted().limit(count).toList();
        }
        Instant t0 = Instant.now();
        List<Round> rounds;
        LocalStack.Settings settings = LocalStack.Settings.defaults(dir);
        if ("openai".equals(engine)) {
            // the fake API make dialogues ENGINE=openai starts (never OpenAI): its base URL and key from the environment
            String url = System.getenv("OPENAI_BASE_URL");
            if (url == null || !url.startsWith("http://127.0.0.1")) {
                throw new IllegalStateException("ENGINE=openai dialogues run against the tests' fake API only: set OPENAI_BASE_URL to it (make dialogues does)");
            }
            settings = settings.withEnv(Map.of("REFINERY_ENGINE", "openai", "OPENAI_BASE_URL", url));
        }
        try (LocalStack stack = LocalStack.start(settings)) {
            rounds = new DialogueLab(stack, engine).run(photos);
        }
        String page = report(rounds, photos.size(), Duration.between(t0, Instant.now()), corpus, count, engine);
        Path existing = doc;
        Files.writeString(doc, merge(Files.isRegularFile(existing) ? Files.readString(existing) : "", page, engine));
        System.out.println(summary(rounds));
        System.out.println("dialogues: wrote " + doc);
    }

    List<Round> run(List<Path> photos) throws Exception {
        List<Round> out = new ArrayList<>();
        for (int i = 0; i < photos.size(); i++) {
            Path p = photos.get(i);
            String name = p.getFileName().toString();
            LocalStack.Uploaded u = stack.upload("dialogues", "DLG-" + name, "photo.jpg", Files.readAllBytes(p.resolve("photo.jpg")), "image/jpeg");
            JsonNode started = stack.delivered(u).get(60, TimeUnit.SECONDS).result();
            String id = started.get("sessionId").asText();
            stack.finished(started.get("executionName").asText()).get(10, TimeUnit.MINUTES);
            List<Kind> script = SCRIPTS.get(i % SCRIPTS.size());
            for (int r = 0; r < script.size(); r++) {
                out.add(round(name, id, r + 1, script.get(r)));
            }
        }
        return out;
    }

    private Round round(String photo, String id, int n, Kind kind) throws Exception {
        Look before = look(id);
        int roundBefore = stack.store().find("dialogues", id).orElseThrow().round();
        String words = kind == Kind.COLOUR ? String.format(Locale.ROOT, kind.words, colourAsked(before)) : kind.words;
        HttpResponse<String> res = post("/sessions/" + id + "/refinements", Map.of("feedback", words));
        if (!kind.supported()) {
            boolean declined = res.statusCode() == 400 && res.body().contains("Nothing in this feedback can be done");
            boolean noRound = stack.store().find("dialogues", id).orElseThrow().round() == roundBefore;
            return new Round(photo, n, kind, words, "HTTP " + res.statusCode(), declined ? "declined: " + reason(res.body()) : res.body(),
                    declined && noRound, noRound, "");
        }
        if (res.statusCode() != 202) {
            return new Round(photo, n, kind, words, "HTTP " + res.statusCode(), reason(res.body()), false, true, "refused");
        }
        JsonNode answer = Json.tree(res.body());
        String execution = answer.get("executionName").asText();
        List<String> operations = new ArrayList<>();
        answer.path("steps").forEach(st -> operations.add(st.path("operation").asText()));
        stack.finished(execution).get(10, TimeUnit.MINUTES);
        Session s = stack.store().find("dialogues", id).orElseThrow();
        String plan = String.join(", ", operations);
        boolean planAsExpected = operations.equals(List.of(expectedOperation(kind))) && promptsCarryThePlan(id, s.round(), kind, words);
        Look after = look(id);
        double ev = Math.log(after.luminance() / before.luminance()) / Math.log(2);
        double dFill = after.fill() - before.fill();
        double dE = ColorMath.deltaE2000(before.lab(), after.lab());
        double db = after.lab()[2] - before.lab()[2];
        double dSharp = after.sharpness() / Math.max(1e-9, before.sharpness());
        String measured = String.format(Locale.ROOT, "%+.2f EV, fill %.3f → %.3f, ΔE %.2f, b* %+.2f, sharpness ×%.2f", ev, before.fill(), after.fill(), dE, db, dSharp);
        boolean inRange;
        boolean others;
        switch (kind) {
            case BRIGHTER -> {
                inRange = ev >= 0.2 && ev <= 1.0;
                others = Math.abs(dFill) <= 0.005;
            }
            case DARKER -> {
                inRange = ev <= -0.1 && ev >= -1.0;
                others = Math.abs(dFill) <= 0.005;
            }
            case BIGGER -> {
                inRange = dFill >= 0.02 && after.fill() <= 0.90 + 1e-6;
                others = dE <= 1.0;
            }
            case SMALLER -> {
                inRange = dFill <= -0.02 && after.fill() >= 0.85 - 1e-6;
                others = dE <= 1.0;
            }
            case WARMER -> {
                inRange = db >= 0.5;
                others = Math.abs(dFill) <= 0.005;
            }
            case SHARPER -> {
                inRange = dSharp > 1.0;
                others = Math.abs(dFill) <= 0.005 && dE <= 1.0;
            }
            case COLOUR -> {
                double[] target = dev.refinery.color.NamedColours.find(words).orElseThrow().lab();
                double from = ColorMath.deltaE2000(BodyColourShift.body(before.product()).lab(), target);
                double to = ColorMath.deltaE2000(BodyColourShift.body(after.product()).lab(), target);
                double print = printShift(before, after);
                measured += String.format(Locale.ROOT, ", main colour %.1f → %.1f from %s, print ΔE %.2f", from, to,
                        words.substring(words.indexOf('#')), print);
                inRange = to <= 3.0 && to < from;
                others = Math.abs(dFill) <= 0.005 && (Double.isNaN(print) || print <= 1.0);
            }
            default -> throw new IllegalStateException(kind.name());
        }
        return new Round(photo, n, kind, words, s.status().name(), measured, inRange, others, "", plan, planAsExpected);
    }

    /**
     * With the openai engine, the round's edit versions record the prompt sent to the image model: it must carry the
     * planner's instruction for the request (its key word) and nothing of the other requests of the script. The
     * classic engine sends no prompt: its grammar's hints are the plan.
     */
    private boolean promptsCarryThePlan(String id, int round, Kind kind, String words) {
        if (!"openai".equals(engine) || expectedOperation(kind).startsWith("framing.")) {
            return true;
        }
        if (kind == Kind.COLOUR) {
            // computed, not generated: the colour step sends no prompt, and its version records the shift it made
            return stack.store().versions("dialogues", id).stream().filter(v -> v.slot().round() == round && v.stage() == Stage.DETAIL)
                    .anyMatch(v -> v.params().containsKey("colour.delta") && !v.params().containsKey("prompt"));
        }
        List<ImageVersion> edits = stack.store().versions("dialogues", id).stream()
                .filter(v -> v.slot().round() == round && Stage.EDIT_STAGES.contains(v.stage()) && v.slot().iteration() == 0).toList();
        String word = words.replaceAll("^(a little|make the product) ", "").split(" ")[0];
        return !edits.isEmpty() && edits.stream().allMatch(v -> {
            String prompt = v.params().getOrDefault("prompt", "");
            return prompt.contains(word) && !prompt.contains("background pink") && !prompt.contains("label more vivid");
        });
    }

    /** The session's newest rendition, measured over its product (the rendition's own mask). */
    private Look look(String id) {
        List<ImageVersion> versions = stack.store().versions("dialogues", id);
        ImageVersion fin = versions.stream().filter(v -> v.stage() == Stage.FINALIZE).reduce((a, b) -> b).orElseThrow();
        BufferedImage img = ImageCodec.decode(stack.images().get(fin.imageKey()));
        float[] mask = Masks.fromGray(ImageCodec.decode(stack.images().get(fin.maskKey())));
        int w = img.getWidth(), h = img.getHeight();
        double lum = 0, r = 0, g = 0, b = 0;
        long n = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (mask[y * w + x] < 0.99f) continue;
                int c = img.getRGB(x, y);
                double lr = ColorMath.toLinear((c >> 16) & 0xFF), lg = ColorMath.toLinear((c >> 8) & 0xFF), lb = ColorMath.toLinear(c & 0xFF);
                lum += 0.2126 * lr + 0.7152 * lg + 0.0722 * lb;
                r += lr;
                g += lg;
                b += lb;
                n++;
            }
        }
        n = Math.max(1, n);
        double[] lab = ColorMath.linearToLab(r / n, g / n, b / n);
        Rectangle box = Masks.boundingBox(mask, w, h, 0.5);
        double fill = Double.parseDouble(fin.params().getOrDefault("fill", "0"));
        int[] product = dev.refinery.color.ArgbPixels.of(img).argb();
        for (int i = 0; i < product.length; i++) {
            product[i] = (product[i] & 0xFFFFFF) | (mask[i] >= 0.99f ? 0xFF000000 : 0);
        }
        return new Look(fill, lum / n, lab, Sharpness.laplacianVariance(img, box), product, w);
    }

    private HttpResponse<String> post(String path, Object body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(stack.api().endpoint() + path))
                .header("Content-Type", "application/json").header(LocalApiServer.TENANT_HEADER, "dialogues")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String reason(String body) {
        try {
            JsonNode j = Json.tree(body);
            String m = j.path("message").asText(j.path("error").asText(body));
            return m.length() > 160 ? m.substring(0, 157) + "…" : m;
        } catch (RuntimeException e) {
            return body;
        }
    }

    static String summary(List<Round> rounds) {
        long supported = rounds.stream().filter(r -> r.kind().supported()).count();
        long carried = rounds.stream().filter(r -> r.kind().supported() && r.effectInRange()).count();
        long unchanged = rounds.stream().filter(r -> r.kind().supported() && r.othersUnchanged()).count();
        long unsupported = rounds.size() - supported;
        long declined = rounds.stream().filter(r -> !r.kind().supported() && r.effectInRange()).count();
        long planned = rounds.stream().filter(r -> r.kind().supported() && r.planAsExpected()).count();
        return String.format(Locale.ROOT, "dialogues: %d rounds; supported requests carried out with an effect in range %d/%d (%.0f%%); "
                        + "properties nobody asked about unchanged %d/%d (%.0f%%); unsupported requests declined with the answer, no round opened %d/%d; "
                        + "plan and prompts as expected %d/%d",
                rounds.size(), carried, supported, 100.0 * carried / Math.max(1, supported), unchanged, supported,
                100.0 * unchanged / Math.max(1, supported), declined, unsupported, planned, supported);
    }

    /** The page with this engine's section replaced (or added): one page holds the classic and the openai dialogues. */
    static String merge(String page, String section, String engine) {
        String marker = "<!-- dialogues:" + engine + " -->";
        String body = marker + "\n" + section.strip() + "\n" + marker + "\n";
        int a = page.indexOf(marker), b = a < 0 ? -1 : page.indexOf(marker, a + marker.length());
        if (a >= 0 && b > a) {
            return page.substring(0, a) + body + page.substring(b + marker.length() + 1);
        }
        if (page.isBlank() || !page.contains("<!-- dialogues:")) {
            return "# Seller dialogues through the API (`make dialogues`)\n\n" + body;
        }
        return page.stripTrailing() + "\n\n" + body;
    }

    static String report(List<Round> rounds, int photos, Duration took, Path corpus, int count, String engine) {
        StringBuilder b = new StringBuilder();
        b.append("## Engine `").append(engine).append("`\n\n")
                .append("Generated by `make dialogues").append("openai".equals(engine) ? " ENGINE=openai" : "")
                .append("`; do not edit by hand. The feedback issue's bar (14): labelled seller dialogues\n")
                .append("through the HTTP API of the local stack (`make serve`'s), ").append(engine).append(" engine, preset amazon-main, over the photo lab.\n")
                .append("Each photo gets a first pass and three rounds from a script; each round is measured on the newest rendition\n")
                .append("before and after it, over the rendition's product mask: exposure change in EV (mean linear luminance), fill,\n")
                .append("CIEDE2000 of the product's mean colour, b* (warmth), Laplacian variance (sharpness).\n\n")
                .append(String.format(Locale.ROOT, "Run %s, %d photos of `%s` (%d asked), %d rounds, %d s.%n%n", Instant.now().toString().substring(0, 16).replace('T', ' ') + " UTC",
                        photos, corpus, count, rounds.size(), took.toSeconds()))
                .append("```\nmake dialogues [CORPUS=functions/photolab/corpus] [COUNT=20] [ENGINE=classic|openai]\n```\n\n")
                .append("openai".equals(engine) ? "The openai engine runs against the tests' fake API (never OpenAI): its planning model writes the plan from the\n"
                        + "words by keyword, its image model does what a step's instruction says in the plainest way (half a stop brighter,\n"
                        + "red and blue 6 % apart, a 3×3 unsharp mask). Each round also asserts the plan the API answered (the expected\n"
                        + "operation only) and the prompt of every edit (the instruction's key word, nothing of a declined request).\n\n" : "")
                .append("Judged: *brighter* +0.2 to +1.0 EV, *a little darker* −0.1 to −1.0 EV, *warmer* b* up by ≥ 0.5, *sharper*\n")
                .append("Laplacian variance up, each with fill unchanged (±0.005); *the product's colour is #…* (a colour CIEDE2000 about 5\n")
                .append("from the product's main colour on the rendition, as a camera gets it wrong) the main colour within 3 of it, fill\n")
                .append("unchanged and the print's (the colours not the main one) mean colour within ±1 ΔE; *bigger* / *more white space* fill ±≥ 0.02 within\n")
                .append("amazon-main's 0.85–0.90 with the product's colour unchanged (±1 ΔE; *sharper* also ±1 ΔE); unsupported\n")
                .append("requests answered 400 with the declined reason and no round opened.\n\n")
                .append("**").append(summary(rounds).replace("dialogues: ", "")).append("**\n\n")
                .append("| photo | round | request | outcome | measured | plan | effect in range | others unchanged | plan and prompts as expected |\n"
                        + "|---|---|---|---|---|---|---|---|---|\n");
        for (Round r : rounds) {
            b.append("| ").append(r.photo()).append(" | ").append(r.round()).append(" | ").append(r.request()).append(" | ")
                    .append(r.outcome()).append(" | ").append(r.measured().replace("|", "/")).append(" | ").append(r.plan()).append(" | ")
                    .append(r.effectInRange() ? "yes" : "**no**").append(" | ").append(r.othersUnchanged() ? "yes" : "**no**").append(" | ")
                    .append(r.planAsExpected() ? "yes" : "**no**").append(" |\n");
        }
        return b.toString();
    }
}
