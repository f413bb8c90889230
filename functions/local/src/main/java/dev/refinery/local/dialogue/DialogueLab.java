package dev.refinery.local.dialogue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.refinery.aws.Json;
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
        DARKER("a little darker"), UNSUPPORTED_BACKGROUND("make the background pink"), UNSUPPORTED_LABEL("make the label more vivid");

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
            List.of(Kind.SHARPER, Kind.BRIGHTER, Kind.BIGGER));

    /** One rendition's measures over its product pixels. */
    record Look(double fill, double luminance, double[] lab, double sharpness) {
    }

    /** One round: what was asked, what happened, what was measured, and whether it met the bar. */
    record Round(String photo, int round, Kind kind, String outcome, String measured, boolean effectInRange, boolean othersUnchanged,
                 String note) {
    }

    private final LocalStack stack;
    private final HttpClient http = HttpClient.newHttpClient();

    DialogueLab(LocalStack stack) {
        this.stack = stack;
    }

    public static void main(String[] args) throws Exception {
        Path corpus = Path.of(args.length > 0 ? args[0] : "functions/photolab/corpus");
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path doc = Path.of(args.length > 2 ? args[2] : "docs/dialogues.md");
        Path dir = Files.createTempDirectory("refinery-dialogues");
        List<Path> photos;
        try (var s = Files.list(corpus)) {
            photos = s.filter(p -> Files.isRegularFile(p.resolve("photo.jpg"))).sorted().limit(count).toList();
        }
        Instant t0 = Instant.now();
        List<Round> rounds;
        try (LocalStack stack = LocalStack.start(LocalStack.Settings.defaults(dir))) {
            rounds = new DialogueLab(stack).run(photos);
        }
        String page = report(rounds, photos.size(), Duration.between(t0, Instant.now()), corpus, count);
        Files.writeString(doc, page);
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
        HttpResponse<String> res = post("/sessions/" + id + "/refinements", Map.of("feedback", kind.words));
        if (!kind.supported()) {
            boolean declined = res.statusCode() == 400 && res.body().contains("Nothing in this feedback can be done");
            boolean noRound = stack.store().find("dialogues", id).orElseThrow().round() == roundBefore;
            return new Round(photo, n, kind, "HTTP " + res.statusCode(), declined ? "declined: " + reason(res.body()) : res.body(),
                    declined && noRound, noRound, "");
        }
        if (res.statusCode() != 202) {
            return new Round(photo, n, kind, "HTTP " + res.statusCode(), reason(res.body()), false, true, "refused");
        }
        String execution = Json.tree(res.body()).get("executionName").asText();
        stack.finished(execution).get(10, TimeUnit.MINUTES);
        Session s = stack.store().find("dialogues", id).orElseThrow();
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
            default -> throw new IllegalStateException(kind.name());
        }
        return new Round(photo, n, kind, s.status().name(), measured, inRange, others, "");
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
        return new Look(fill, lum / n, lab, Sharpness.laplacianVariance(img, box));
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
        return String.format(Locale.ROOT, "dialogues: %d rounds; supported requests carried out with an effect in range %d/%d (%.0f%%); "
                        + "properties nobody asked about unchanged %d/%d (%.0f%%); unsupported requests declined with the answer, no round opened %d/%d",
                rounds.size(), carried, supported, 100.0 * carried / Math.max(1, supported), unchanged, supported,
                100.0 * unchanged / Math.max(1, supported), declined, unsupported);
    }

    static String report(List<Round> rounds, int photos, Duration took, Path corpus, int count) {
        StringBuilder b = new StringBuilder();
        b.append("# Seller dialogues through the API (`make dialogues`)\n\n")
                .append("Generated by `make dialogues`; do not edit by hand. The feedback issue's bar (14): labelled seller dialogues\n")
                .append("through the HTTP API of the local stack (`make serve`'s), classic engine, preset amazon-main, over the photo lab.\n")
                .append("Each photo gets a first pass and three rounds from a script; each round is measured on the newest rendition\n")
                .append("before and after it, over the rendition's product mask: exposure change in EV (mean linear luminance), fill,\n")
                .append("CIEDE2000 of the product's mean colour, b* (warmth), Laplacian variance (sharpness).\n\n")
                .append(String.format(Locale.ROOT, "Run %s, %d photos of `%s` (%d asked), %d rounds, %d s.%n%n", Instant.now().toString().substring(0, 16).replace('T', ' ') + " UTC",
                        photos, corpus, count, rounds.size(), took.toSeconds()))
                .append("```\nmake dialogues [CORPUS=functions/photolab/corpus] [COUNT=20]\n```\n\n")
                .append("Judged: *brighter* +0.2 to +1.0 EV, *a little darker* −0.1 to −1.0 EV, *warmer* b* up by ≥ 0.5, *sharper*\n")
                .append("Laplacian variance up, each with fill unchanged (±0.005); *bigger* / *more white space* fill ±≥ 0.02 within\n")
                .append("amazon-main's 0.85–0.90 with the product's colour unchanged (±1 ΔE; *sharper* also ±1 ΔE); unsupported\n")
                .append("requests answered 400 with the declined reason and no round opened.\n\n")
                .append("**").append(summary(rounds).replace("dialogues: ", "")).append("**\n\n")
                .append("| photo | round | request | outcome | measured | effect in range | others unchanged |\n|---|---|---|---|---|---|---|\n");
        for (Round r : rounds) {
            b.append("| ").append(r.photo()).append(" | ").append(r.round()).append(" | ").append(r.kind().words).append(" | ")
                    .append(r.outcome()).append(" | ").append(r.measured().replace("|", "/")).append(" | ")
                    .append(r.effectInRange() ? "yes" : "**no**").append(" | ").append(r.othersUnchanged() ? "yes" : "**no**").append(" |\n");
        }
        return b.toString();
    }
}
