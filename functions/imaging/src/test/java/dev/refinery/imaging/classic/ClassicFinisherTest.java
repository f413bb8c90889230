package dev.refinery.imaging.classic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.refinery.color.Masks;
import dev.refinery.domain.ImageFormat;
import dev.refinery.domain.InvalidInputException;
import dev.refinery.domain.Preset;
import dev.refinery.domain.PresetCatalog;
import dev.refinery.engine.ImageCodec;
import dev.refinery.engine.Rendition;
import dev.refinery.quality.QualityChecker;
import dev.refinery.quality.QualityReport;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClassicFinisherTest {
    private final PresetCatalog presets = PresetCatalog.bundled();
    private final ClassicFinisher finisher = new ClassicFinisher();

    /** A textured, two-coloured product with a soft edge, off-centre on a transparent master. */
    static BufferedImage master(int w, int h, Rectangle product, long seed) {
        Random rnd = new Random(seed);
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double dx = Math.max(product.x - x, x - (product.x + product.width - 1));
                double dy = Math.max(product.y - y, y - (product.y + product.height - 1));
                double d = Math.max(dx, dy);
                double a = Math.max(0, Math.min(1, 0.5 - d));
                // a little grain, below what the check calls grainy (sigma 2.5 luma levels)
                int r = (x / 9 + y / 9) % 2 == 0 ? 200 : 40, g = 60 + rnd.nextInt(8), b = y < product.y + product.height / 2 ? 180 : 30;
                px[y * w + x] = (Pixels.clamp8(a * 255) << 24) | (r << 16) | (g << 8) | b;
            }
        }
        return Pixels.toImage(px, w, h, true);
    }

    @Test
    void aWhiteProductOnWhiteKeepsAVisibleEdgeAndThePureBackground() {
        Preset amazon = presets.get("amazon-main");
        int w = 600, h = 500;
        int[] px = new int[w * h];
        Rectangle product = new Rectangle(150, 100, 300, 300);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double d = Math.max(Math.max(product.x - x, x - (product.x + product.width - 1)), Math.max(product.y - y, y - (product.y + product.height - 1)));
                double a = Math.max(0, Math.min(1, 0.5 - d));
                px[y * w + x] = (Pixels.clamp8(a * 255) << 24) | 0xFCFCFC;
            }
        }
        Rendition r = finisher.render(Pixels.toImage(px, w, h, true), amazon, Map.of());
        BufferedImage out = ImageCodec.decode(r.bytes());
        float[] mask = Masks.fromGray(r.productMask());
        assertPureBeyond(out, mask, 8);
        // along the middle row, the product's outline is darker than both the background and its inside
        int y = 1000, darkest = 255;
        for (int x = 0; x < 400; x++) {
            darkest = Math.min(darkest, (out.getRGB(x, y) >> 8) & 0xFF);
        }
        assertThat(darkest).as("the outline of a white product on white").isLessThanOrEqualTo(246);
        assertThat(Long.parseLong(r.params().get("keylinePixels"))).isPositive();
        // the facts the quality check judges against the preset's rules (minLongSide, maxEnlargement)
        assertThat(r.params()).containsEntry("sourceLongSide", "600");
        assertThat(Double.parseDouble(r.params().get("enlargement"))).isCloseTo(1740.0 / 300, within(0.05))
                .isGreaterThan(amazon.maxEnlargement());
    }

    @Test
    void anOrdinaryEnlargementIsNoFinding() {
        Rendition r = finisher.render(master(1200, 900, new Rectangle(200, 100, 700, 700), 3), presets.get("amazon-main"), Map.of());
        assertThat(Double.parseDouble(r.params().get("enlargement"))).isCloseTo(1740.0 / 700, within(0.05))
                .isLessThan(presets.get("amazon-main").maxEnlargement());
    }

    @Test
    void rendersTheCanvasWithTheProductFilledAndCentredOnPureWhite() {
        Preset amazon = presets.get("amazon-main");
        BufferedImage m = master(900, 700, new Rectangle(100, 150, 300, 420), 1);
        Rendition r = finisher.render(m, amazon, Map.of());
        BufferedImage out = ImageCodec.decode(r.bytes());
        assertThat(r.format()).isEqualTo(ImageFormat.JPEG);
        assertThat(out.getWidth()).isEqualTo(2000);
        assertThat(out.getHeight()).isEqualTo(2000);
        assertThat(r.productMask().getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        float[] mask = Masks.fromGray(r.productMask());
        Rectangle box = Masks.boundingBox(mask, 2000, 2000, 0.5);
        double fill = Math.max(box.width / 2000.0, box.height / 2000.0);
        assertThat(fill).isCloseTo(0.87, within(0.005));
        assertThat(box.getCenterX()).isCloseTo(1000, within(2.0));
        assertThat(box.getCenterY()).isCloseTo(1000, within(2.0));
        assertThat(r.params()).containsKeys("scale", "crop", "offsetX", "offsetY", "quality");
        assertPureBeyond(out, mask, 8);
        QualityReport report = new QualityChecker().check(amazon, r.bytes(), r.productMask(), m);
        assertThat(report.failures()).isEmpty();
    }

    @Test
    void fillHintOverridesThePresetTarget() {
        BufferedImage m = master(600, 600, new Rectangle(150, 100, 300, 400), 2);
        Rendition r = finisher.render(m, presets.get("amazon-main"), Map.of("fill", "0.80"));
        Rectangle box = Masks.boundingBox(Masks.fromGray(r.productMask()), 2000, 2000, 0.5);
        assertThat(box.height / 2000.0).isCloseTo(0.80, within(0.005));
    }

    @Test
    void nonSquareCanvasesUseTheLargerShareOfEitherSide() {
        Preset etsy = presets.get("etsy");
        BufferedImage m = master(800, 800, new Rectangle(100, 200, 600, 300), 3);
        Rendition r = finisher.render(m, etsy, Map.of());
        BufferedImage out = ImageCodec.decode(r.bytes());
        assertThat(out.getWidth()).isEqualTo(etsy.width());
        assertThat(out.getHeight()).isEqualTo(etsy.height());
        Rectangle box = Masks.boundingBox(Masks.fromGray(r.productMask()), etsy.width(), etsy.height(), 0.5);
        double fill = Math.max(box.width / (double) etsy.width(), box.height / (double) etsy.height());
        assertThat(fill).isCloseTo(etsy.fill().target(), within(0.005));
    }

    @Test
    void shrinksLargeMastersByAveragingAndStaysPureAfterJpeg() {
        Preset google = presets.get("google-merchant");
        BufferedImage m = master(3000, 2400, new Rectangle(300, 200, 2400, 2000), 4);
        Rendition r = finisher.render(m, google, Map.of());
        assertThat(Double.parseDouble(r.params().get("scale"))).isLessThan(1);
        BufferedImage out = ImageCodec.decode(r.bytes());
        assertPureBeyond(out, Masks.fromGray(r.productMask()), 8);
        // the 9-px red/dark checker must survive as a pattern, not alias into stripes of one colour
        Rectangle box = Masks.boundingBox(Masks.fromGray(r.productMask()), out.getWidth(), out.getHeight(), 0.5);
        int[] row = new int[box.width];
        out.getRGB(box.x, box.y + box.height / 4, box.width, 1, row, 0, box.width);
        long reds = java.util.Arrays.stream(row).filter(p -> ((p >> 16) & 0xFF) > 150).count();
        assertThat(reds / (double) row.length).isBetween(0.3, 0.7);
    }

    @Test
    void opaqueInputsAreTreatedAsTheProduct() {
        BufferedImage opaque = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = opaque.createGraphics();
        g.setColor(new java.awt.Color(30, 120, 200));
        g.fillRect(0, 0, 640, 480);
        g.dispose();
        Rendition r = finisher.render(opaque, presets.get("amazon-main"), Map.of());
        Rectangle box = Masks.boundingBox(Masks.fromGray(r.productMask()), 2000, 2000, 0.5);
        assertThat(box.width / 2000.0).isCloseTo(0.87, within(0.005));
        assertThat(r.params()).containsEntry("cutout", "false");
        assertPureBeyond(ImageCodec.decode(r.bytes()), Masks.fromGray(r.productMask()), 8);
    }

    @Test
    void lowersQualityStepwiseToFitTheSizeLimitAndFailsClearlyWhenItCannot() {
        Preset amazon = presets.get("amazon-main");
        BufferedImage m = master(900, 900, new Rectangle(50, 50, 800, 800), 5);
        int full = finisher.render(m, amazon, Map.of()).bytes().length;
        Preset tight = withMaxBytes(amazon, (long) (full * 0.8));
        Rendition r = finisher.render(m, tight, Map.of());
        assertThat(r.bytes().length).isLessThanOrEqualTo((int) tight.maxBytes());
        assertThat(Integer.parseInt(r.params().get("quality"))).isLessThan(amazon.quality());
        assertThatThrownBy(() -> finisher.render(m, withMaxBytes(amazon, 20_000), Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("MB");
    }

    @Test
    void contactShadowKeepsThePurityRules() {
        Preset ebay = presets.get("ebay");
        assertThat(ebay.shadow()).isTrue();
        BufferedImage m = master(700, 900, new Rectangle(200, 100, 300, 700), 6);
        Rendition with = finisher.render(m, ebay, Map.of());
        Rendition without = finisher.render(m, ebay, Map.of("shadow", "off"));
        assertThat(Long.parseLong(with.params().get("shadowPixels"))).isPositive();
        assertThat(without.params()).containsEntry("shadow", "off");
        assertThat(Long.parseLong(without.params().get("shadowPixels"))).isZero();
        QualityReport report = new QualityChecker().check(ebay, with.bytes(), with.productMask(), m);
        assertThat(report.failures()).isEmpty();
        // the shadow sits under the product, never at the canvas frame
        BufferedImage out = ImageCodec.decode(with.bytes());
        int frame = 16;
        for (int x = 0; x < out.getWidth(); x++) {
            for (int y : new int[] {0, frame, out.getHeight() - 1 - frame, out.getHeight() - 1}) {
                assertThat(out.getRGB(x, y) & 0xFFFFFF).isEqualTo(0xFFFFFF);
            }
        }
    }

    @Test
    void emptyMastersFailWithAReason() {
        BufferedImage empty = new BufferedImage(100, 100, BufferedImage.TYPE_INT_ARGB);
        assertThatThrownBy(() -> finisher.render(empty, presets.get("amazon-main"), Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no visible product");
    }

    private static Preset withMaxBytes(Preset p, long max) {
        return new Preset(p.id(), p.name(), p.width(), p.height(), p.format(), p.quality(), max, p.minLongSide(), p.background(),
                p.fill(), p.centreTolerance(), p.minSharpness(), p.maxDeltaE(), p.shadow(), p.requiresAi(), p.engines(), p.rules());
    }

    /** Every pixel farther than {@code guard} from the product's mask is exactly white. */
    static void assertPureBeyond(BufferedImage img, float[] mask, int guard) {
        int w = img.getWidth(), h = img.getHeight();
        boolean[] product = new boolean[w * h];
        for (int i = 0; i < product.length; i++) {
            product[i] = mask[i] > 0;
        }
        int[] d = FinalInspection.distance(product, w, h);
        int[] px = new int[w * h];
        img.getRGB(0, 0, w, h, px, 0, w);
        int impure = 0;
        for (int i = 0; i < px.length; i++) {
            if (d[i] > guard && (px[i] & 0xFFFFFF) != 0xFFFFFF) {
                impure++;
            }
        }
        assertThat(impure).as("non-white pixels farther than %d px from the product", guard).isZero();
    }
}
