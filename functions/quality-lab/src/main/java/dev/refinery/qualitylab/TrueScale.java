package dev.refinery.qualitylab;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Issue 17's bar for a collection at true scale: the photo lab's collection (products with known real sizes) refined
 * for a brand kit's {@code brand-site} at {@link #PIXELS_PER_CM} pixels per centimetre, each session given its
 * product's height ({@code height_cm}, from the truth); each final's pixels per real centimetre measured as the
 * product's height on the final (the rows that are not the kit's white) over its true height. The bar: the spread
 * (max − min) / mean across the collection ≤ 2 %.
 */
final class TrueScale {
    /** The kit's scale: the collection's tallest product (22 cm) is 1320 px, its smallest (9 cm) 540 px, on 2048 px. */
    static final double PIXELS_PER_CM = 60;
    static final String BRAND_KIT = "pixelsPerCm=60,canvas=2048,background=#ffffff,shadow=false";
    static final double BAR = 0.02;
    /** A pixel is the product's when a channel is this far below the white background (JPEG's ringing stays under it). */
    static final int INK = 16;

    record Product(String id, double heightCm, Integer heightPx, Double pixelsPerCm, String status) {
    }

    record Result(List<Product> products, Double spread) {
        boolean met() {
            return spread != null && spread <= BAR;
        }

        String describe() {
            if (spread == null) {
                return "–";
            }
            Product lo = products.stream().filter(p -> p.pixelsPerCm() != null).min((a, b) -> Double.compare(a.pixelsPerCm(), b.pixelsPerCm())).orElseThrow();
            Product hi = products.stream().filter(p -> p.pixelsPerCm() != null).max((a, b) -> Double.compare(a.pixelsPerCm(), b.pixelsPerCm())).orElseThrow();
            return String.format(Locale.ROOT, "spread %.2f%% (%s %.2f px/cm … %s %.2f px/cm; kit %.0f)", spread * 100, lo.id(), lo.pixelsPerCm(),
                    hi.id(), hi.pixelsPerCm(), PIXELS_PER_CM);
        }
    }

    private TrueScale() {
    }

    /** The collection's photos: the family {@code collection} of the corpus, each with its true size. */
    static List<CorpusPhoto> collection(List<CorpusPhoto> corpus) {
        return corpus.stream().filter(c -> "collection".equals(c.family()) && c.truth().path("sizeCm").has("h")).toList();
    }

    /** Each photo's facts for the command line's --facts: its height as it stands. */
    static Map<String, Map<String, String>> facts(List<CorpusPhoto> photos) {
        Map<String, Map<String, String>> facts = new LinkedHashMap<>();
        photos.forEach(c -> facts.put(c.id(), Map.of("height_cm", Double.toString(c.truth().path("sizeCm").path("h").asDouble()))));
        return facts;
    }

    /** Measures each refined final in {@code refined/<id>/final.*}. */
    static Result measure(List<CorpusPhoto> photos, Path refined) throws IOException {
        List<Product> out = new ArrayList<>();
        for (CorpusPhoto c : photos) {
            double cm = c.truth().path("sizeCm").path("h").asDouble();
            Path dir = refined.resolve(c.id());
            Path fin = null;
            for (String name : List.of("final.jpg", "final.png")) {
                if (Files.isRegularFile(dir.resolve(name))) {
                    fin = dir.resolve(name);
                }
            }
            String status = Files.isRegularFile(dir.resolve("report.json"))
                    ? CorpusPhoto.JSON.readTree(dir.resolve("report.json").toFile()).path("status").asText("?") : "not refined";
            if (fin == null) {
                out.add(new Product(c.id(), cm, null, null, status));
                continue;
            }
            int px = inkHeight(ImageIO.read(fin.toFile()));
            out.add(new Product(c.id(), cm, px, px / cm, status));
        }
        List<Double> v = out.stream().map(Product::pixelsPerCm).filter(x -> x != null).toList();
        Double spread = v.size() < 2 || v.size() < out.size() ? null
                : (v.stream().mapToDouble(d -> d).max().orElseThrow() - v.stream().mapToDouble(d -> d).min().orElseThrow())
                  / v.stream().mapToDouble(d -> d).average().orElseThrow();
        return new Result(out, spread);
    }

    /** The height of the rows that hold a pixel other than the white background. */
    static int inkHeight(BufferedImage img) {
        int top = -1, bottom = -1;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
                if (Math.min(r, Math.min(g, b)) < 255 - INK) {
                    if (top < 0) {
                        top = y;
                    }
                    bottom = y;
                    break;
                }
            }
        }
        return top < 0 ? 0 : bottom - top + 1;
    }
}
