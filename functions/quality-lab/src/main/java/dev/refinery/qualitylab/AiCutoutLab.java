package dev.refinery.qualitylab;

import dev.refinery.engine.CutoutReconciliation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Measures the reconciliation of an AI cut-out with the classic one ({@link CutoutReconciliation}) on the photo
 * lab's corpus against its truth, with the model's answers simulated — no model can be asked here:
 * <ul>
 *   <li>a <b>competent</b> model: the true mask as the model would return it, at its request size (the photo's long
 *   side asked at {@code --model-side} px, area-averaged: a soft edge) and mapped back bilinearly, as the engine
 *   maps an answer through its request frame;</li>
 *   <li><b>careless</b> models, each from the competent answer: a halo of backdrop kept (dilated by 2 % of the
 *   product's size), a rim lost (eroded by 2 %), the top fifth of the product dropped, a strip of table kept beside its
 *   foot, and the product moved by 1 % of the photo.</li>
 * </ul>
 * The classic cut-outs are the background stage's own, read from a quality-lab run's {@code refined/<id>/cutout.png}.
 *
 * <pre>
 * java -cp ... dev.refinery.qualitylab.AiCutoutLab --corpus functions/photolab/corpus --refined out/quality/classic/refined
 * </pre>
 * Prints a table per scene family; a careless answer is caught when the reconciliation's disagreement exceeds
 * {@link CutoutReconciliation#MAX_DISAGREEMENT}; a competent one should not be.
 */
public final class AiCutoutLab {
    private AiCutoutLab() {
    }

    record Row(String id, String family, double bfClassic, double bfAi, double bfKept, String chosen, double disagreement,
               double bfWavy, double bfWavyKept, boolean wavyFlagged, Map<String, Double> careless) {
    }

    public static void main(String[] args) throws IOException {
        Path corpus = null, refined = null;
        int modelSide = 1024;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--corpus" -> corpus = Path.of(args[++i]);
                case "--refined" -> refined = Path.of(args[++i]);
                case "--model-side" -> modelSide = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: AiCutoutLab --corpus <photo lab corpus> --refined <quality lab refined/> [--model-side 1024]");
            }
        }
        if (corpus == null || refined == null) {
            throw new IllegalArgumentException("usage: AiCutoutLab --corpus <photo lab corpus> --refined <quality lab refined/> [--model-side 1024]");
        }
        List<Row> rows = new ArrayList<>();
        int skipped = 0;
        for (CorpusPhoto p : CorpusPhoto.corpus(corpus)) {
            Path cut = refined.resolve(p.id()).resolve("cutout.png");
            if (!Files.isRegularFile(cut)) {
                skipped++;
                continue;
            }
            Raster8 photo = Raster8.rgb(p.photo());
            Raster8 classicAlpha = Raster8.alpha(cut);
            int w = photo.width(), h = photo.height();
            if (classicAlpha.width() != w || classicAlpha.height() != h) {
                skipped++;
                continue;
            }
            boolean[] truth = Raster8.gray(p.mask()).mask();
            float[] classic = toFloat(classicAlpha);
            float[] competent = modelAnswer(truth, w, h, modelSide / (double) Math.max(w, h));
            CutoutReconciliation.Result r = CutoutReconciliation.reconcile(photo.px(), w, h, classic, competent);
            Map<String, Double> careless = new LinkedHashMap<>();
            for (Map.Entry<String, float[]> e : careless(competent, truth, w, h).entrySet()) {
                careless.put(e.getKey(), CutoutReconciliation.reconcile(photo.px(), w, h, classic, e.getValue()).disagreement());
            }
            float[] wavy = wavy(competent, w, h, p.id().hashCode());
            CutoutReconciliation.Result rw = CutoutReconciliation.reconcile(photo.px(), w, h, classic, wavy);
            rows.add(new Row(p.id(), p.family(), bf(classic, truth, w, h), bf(competent, truth, w, h), bf(r.alpha(), truth, w, h), r.chosen(),
                    r.disagreement(), bf(wavy, truth, w, h), bf(rw.alpha(), truth, w, h), !rw.agrees(), careless));
            System.err.printf(Locale.ROOT, "%s %-16s BF classic %.3f ai %.3f kept %.3f (%s, edges ai %.2f classic %.2f) disagreement %.4f careless %s%n", p.id(), p.family(),
                    rows.get(rows.size() - 1).bfClassic(), rows.get(rows.size() - 1).bfAi(), rows.get(rows.size() - 1).bfKept(), r.chosen(),
                    r.edgeAi(), r.edgeClassic(), r.disagreement(), careless);
        }
        System.out.println(table(rows, skipped, modelSide));
    }

    static String table(List<Row> rows, int skipped, int modelSide) {
        Map<String, List<Row>> byFamily = new TreeMap<>();
        for (Row r : rows) {
            byFamily.computeIfAbsent(r.family(), k -> new ArrayList<>()).add(r);
        }
        byFamily.put("**all**", rows);
        List<String> kinds = rows.isEmpty() ? List.of() : List.copyOf(rows.get(0).careless().keySet());
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%d photos (%d skipped: no classic cut-out of the photo's size); model answers at %d px on the long side%n%n",
                rows.size(), skipped, modelSide));
        s.append("Where the two agree (the cut-out can pass): boundary F (2 px) against the truth, means over those photos\n\n");
        s.append("| family | photos | exact AI: agree | BF classic | BF AI | BF kept | wavy AI: agree | BF classic | BF AI | BF kept |\n");
        s.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, List<Row>> e : byFamily.entrySet()) {
            List<Row> f = e.getValue();
            List<Row> exact = f.stream().filter(r -> r.disagreement() <= CutoutReconciliation.MAX_DISAGREEMENT).toList();
            List<Row> wavy = f.stream().filter(r -> !r.wavyFlagged()).toList();
            s.append(String.format(Locale.ROOT, "| %s | %d | %d | %.3f | %.3f | %.3f | %d | %.3f | %.3f | %.3f |%n", e.getKey(), f.size(),
                    exact.size(), mean(exact, Row::bfClassic), mean(exact, Row::bfAi), mean(exact, Row::bfKept),
                    wavy.size(), mean(wavy, Row::bfClassic), mean(wavy, Row::bfWavy), mean(wavy, Row::bfWavyKept)));
        }
        s.append("\nCareless answers caught (disagreement over ").append(CutoutReconciliation.MAX_DISAGREEMENT).append(" of the product)\n\n| family | photos |");
        kinds.forEach(k -> s.append(" ").append(k).append(" |"));
        s.append("\n|---|---|");
        kinds.forEach(k -> s.append("---|"));
        s.append('\n');
        for (Map.Entry<String, List<Row>> e : byFamily.entrySet()) {
            List<Row> f = e.getValue();
            s.append("| ").append(e.getKey()).append(" | ").append(f.size()).append(" |");
            for (String k : kinds) {
                s.append(String.format(Locale.ROOT, " %d/%d |", f.stream().filter(r -> r.careless().get(k) > CutoutReconciliation.MAX_DISAGREEMENT).count(), f.size()));
            }
            s.append('\n');
        }
        return s.toString();
    }

    private static double mean(List<Row> rows, java.util.function.ToDoubleFunction<Row> f) {
        return rows.stream().mapToDouble(f).average().orElse(Double.NaN);
    }

    static double bf(float[] alpha, boolean[] truth, int w, int h) {
        boolean[] m = new boolean[alpha.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = alpha[i] >= 0.5f;
        }
        return Segmentation.boundaryF(m, truth, w, h, 2.0);
    }

    static float[] toFloat(Raster8 alpha) {
        int[] px = alpha.px();
        float[] a = new float[px.length];
        for (int i = 0; i < px.length; i++) {
            a[i] = (px[i] & 0xFF) / 255f;
        }
        return a;
    }

    /** The mask area-averaged to {@code scale} of its size, then sampled back bilinearly at pixel centres. */
    static float[] modelAnswer(boolean[] mask, int w, int h, double scale) {
        int mw = Math.max(1, (int) Math.round(w * scale)), mh = Math.max(1, (int) Math.round(h * scale));
        double[] sum = new double[mw * mh], area = new double[mw * mh];
        for (int y = 0; y < h; y++) {
            int my = Math.min(mh - 1, (int) ((y + 0.5) * mh / h));
            for (int x = 0; x < w; x++) {
                int mx = Math.min(mw - 1, (int) ((x + 0.5) * mw / w));
                area[my * mw + mx]++;
                if (mask[y * w + x]) {
                    sum[my * mw + mx]++;
                }
            }
        }
        float[] small = new float[mw * mh];
        for (int i = 0; i < small.length; i++) {
            small[i] = area[i] == 0 ? 0 : (float) (sum[i] / area[i]);
        }
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            double sy = Math.max(0, Math.min(mh - 1, (y + 0.5) * mh / h - 0.5));
            int y0 = (int) sy, y1 = Math.min(mh - 1, y0 + 1);
            double ty = sy - y0;
            for (int x = 0; x < w; x++) {
                double sx = Math.max(0, Math.min(mw - 1, (x + 0.5) * mw / w - 0.5));
                int x0 = (int) sx, x1 = Math.min(mw - 1, x0 + 1);
                double tx = sx - x0;
                double top = small[y0 * mw + x0] * (1 - tx) + small[y0 * mw + x1] * tx;
                double bottom = small[y1 * mw + x0] * (1 - tx) + small[y1 * mw + x1] * tx;
                out[y * w + x] = (float) (top * (1 - ty) + bottom * ty);
            }
        }
        return out;
    }

    /** Largest displacement of the wavy answer's outline, photo px. */
    static final double WAVE_PX = 3.0;

    /**
     * The competent answer with its outline wandering up to {@link #WAVE_PX} px either way along smooth waves (periods
     * 40–160 px): a model redraws the product, so its edge need not sit on the photo's edge pixel for pixel.
     */
    static float[] wavy(float[] alpha, int w, int h, long seed) {
        java.util.Random rnd = new java.util.Random(seed);
        double[][] waves = new double[4][];
        for (int k = 0; k < waves.length; k++) {
            double period = 40 + rnd.nextDouble() * 120, angle = rnd.nextDouble() * Math.PI, phase = rnd.nextDouble() * 2 * Math.PI;
            waves[k] = new double[] {Math.cos(angle) * 2 * Math.PI / period, Math.sin(angle) * 2 * Math.PI / period, phase};
        }
        float[] out = new float[alpha.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double dx = 0, dy = 0;
                for (int k = 0; k < waves.length; k++) {
                    double v = Math.sin(waves[k][0] * x + waves[k][1] * y + waves[k][2]);
                    if (k % 2 == 0) {
                        dx += v;
                    } else {
                        dy += v;
                    }
                }
                int sx = (int) Math.round(x + dx * WAVE_PX / 2), sy = (int) Math.round(y + dy * WAVE_PX / 2);
                out[y * w + x] = sx < 0 || sy < 0 || sx >= w || sy >= h ? 0f : alpha[sy * w + sx];
            }
        }
        return out;
    }

    /** The careless answers, each made from the competent one. */
    static Map<String, float[]> careless(float[] competent, boolean[] truth, int w, int h) {
        int x0 = w, y0 = h, x1 = -1, y1 = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (truth[y * w + x]) {
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x);
                    y1 = Math.max(y1, y);
                }
            }
        }
        int pw = x1 - x0 + 1, ph = y1 - y0 + 1;
        int r = Math.max(2, (int) Math.round(0.02 * Math.max(pw, ph)));
        Map<String, float[]> out = new LinkedHashMap<>();
        boolean[] bin = new boolean[competent.length];
        for (int i = 0; i < bin.length; i++) {
            bin[i] = competent[i] >= 0.5f;
        }
        out.put("halo", toAlpha(dev.refinery.color.Masks.dilate(bin, w, h, r)));
        boolean[] notIn = new boolean[bin.length];
        for (int i = 0; i < bin.length; i++) {
            notIn[i] = !bin[i];
        }
        boolean[] grown = dev.refinery.color.Masks.dilate(notIn, w, h, r);
        float[] eroded = new float[bin.length];
        for (int i = 0; i < bin.length; i++) {
            eroded[i] = grown[i] ? 0f : 1f;
        }
        out.put("rim lost", eroded);
        float[] dropped = competent.clone();
        for (int y = y0; y < y0 + ph / 5; y++) {
            for (int x = 0; x < w; x++) {
                dropped[y * w + x] = 0f;
            }
        }
        out.put("top dropped", dropped);
        float[] strip = competent.clone();
        int sy0 = Math.max(0, y1 - ph / 12), sy1 = Math.min(h - 1, y1), sx0 = Math.min(w - 1, x1), sx1 = Math.min(w - 1, x1 + pw / 3);
        for (int y = sy0; y <= sy1; y++) {
            for (int x = sx0; x <= sx1; x++) {
                strip[y * w + x] = 1f;
            }
        }
        out.put("strip kept", strip);
        int d = Math.max(1, (int) Math.round(0.01 * Math.max(w, h)));
        float[] moved = new float[competent.length];
        for (int y = 0; y < h; y++) {
            for (int x = d; x < w; x++) {
                moved[y * w + x] = competent[y * w + x - d];
            }
        }
        out.put("moved 1%", moved);
        return out;
    }

    private static float[] toAlpha(boolean[] m) {
        float[] a = new float[m.length];
        for (int i = 0; i < m.length; i++) {
            a[i] = m[i] ? 1f : 0f;
        }
        return a;
    }
}
