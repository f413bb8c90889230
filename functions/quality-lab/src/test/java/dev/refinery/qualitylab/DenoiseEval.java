package dev.refinery.qualitylab;

import dev.refinery.color.ArgbPixels;
import dev.refinery.color.Noise;
import dev.refinery.imaging.classic.DetailEnhancer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Measuring tool (skipped unless -Deval.denoise=1): label SSIM against the clean render and residual noise after the detail stage's settings. */
class DenoiseEval {
    @Test
    void labelSsimAfterDetail() throws Exception {
        Assumptions.assumeTrue(System.getProperty("eval.denoise") != null, "measuring tool: -Deval.denoise=1");
        Path root = Path.of(System.getProperty("eval.corpus", "../photolab/corpus"));
        Method enhance = DetailEnhancer.class.getDeclaredMethod("enhance", int[].class, int.class, int.class, DetailEnhancer.Settings.class);
        enhance.setAccessible(true);
        List<DetailEnhancer.Settings> variants = new java.util.ArrayList<>();
        for (String v : System.getProperty("eval.variants", "0.6:1.2:3:1,0.25:1:2:2.5").split(",")) {
            String[] f = v.split(":");
            variants.add(new DetailEnhancer.Settings(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3])));
        }
        double[] sum = new double[variants.size() + 1];
        int count = 0;
        for (CorpusPhoto p : CorpusPhoto.corpus(root)) {
            if (p.labelBox() == null || !Files.isRegularFile(p.cleanLabel())) continue;
            Raster8 photo = Raster8.rgb(p.photo());
            Raster8 mask = Raster8.gray(p.mask());
            Raster8 regions = Files.isRegularFile(p.regionsPng()) ? Raster8.gray(p.regionsPng()) : null;
            int w = photo.width(), h = photo.height();
            boolean[] m = mask.mask();
            int[] argb = new int[w * h];
            float[] alpha = new float[w * h];
            for (int i = 0; i < argb.length; i++) {
                argb[i] = (m[i] ? 0xFF000000 : 0) | (photo.px()[i] & 0xFFFFFF);
                alpha[i] = m[i] ? 1f : 0f;
            }
            Raster8 clean = Raster8.rgb(p.cleanLabel());
            FinalizeTransform id = new FinalizeTransform(1, 0, 0, 0, 0, w, h, 1);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s %-16s noise %5.1f ssim %.3f", p.id(), p.family(),
                    Noise.sigma(new ArgbPixels(w, h, argb), alpha), Evaluator.labelSsim(clean, p.labelBox(), photo, id, regions)));
            sum[0] += Evaluator.labelSsim(clean, p.labelBox(), photo, id, regions);
            for (int v = 0; v < variants.size(); v++) {
                DetailEnhancer.Outcome o = (DetailEnhancer.Outcome) enhance.invoke(new DetailEnhancer(), argb, w, h, variants.get(v));
                int[] out = o.argb();
                int[] rgb = new int[out.length];
                for (int i = 0; i < out.length; i++) rgb[i] = m[i] ? out[i] & 0xFFFFFF : photo.px()[i];
                Raster8 r = new Raster8(w, h, rgb);
                double s = Evaluator.labelSsim(clean, p.labelBox(), r, id, regions);
                sum[v + 1] += s;
                line.append(String.format(Locale.ROOT, " | v%d (%.1f%s) noise %5.1f ssim %.3f", v, o.noiseSigma(), o.denoised() ? "d" : "", Noise.sigma(new ArgbPixels(w, h, out), alpha), s));
            }
            count++;
            if (System.getProperty("eval.quiet") == null) System.out.println(line);
        }
        StringBuilder mean = new StringBuilder("mean ssim");
        for (double s : sum) mean.append(String.format(Locale.ROOT, " %.4f", s / count));
        System.out.println(mean + " over " + count);
    }
}
