package dev.refinery.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticPhotosTest {
    private final SyntheticPhotos photos = new SyntheticPhotos();

    private static int[] pixels(BufferedImage img) {
        return ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
    }

    @Test
    void theStandardSetIsVariedAndDeterministicPerSeed() {
        List<SamplePhoto> a = photos.standardSet(3);
        List<SamplePhoto> b = photos.standardSet(3);
        assertThat(a).hasSizeGreaterThanOrEqualTo(8);
        Set<ProductShape> shapes = new HashSet<>();
        Set<ColorCast> casts = new HashSet<>();
        Set<Surface> floors = new HashSet<>();
        boolean portrait = false, landscape = false, underExposed = false, vignetted = false;
        for (int i = 0; i < a.size(); i++) {
            SamplePhoto p = a.get(i);
            assertThat(pixels(p.photo())).isEqualTo(pixels(b.get(i).photo()));
            assertThat(p.truthAlpha()).isEqualTo(b.get(i).truthAlpha());
            shapes.add(p.spec().shape());
            casts.add(p.spec().cast());
            floors.add(p.spec().floor());
            portrait |= p.height() > p.width();
            landscape |= p.width() > p.height();
            underExposed |= p.spec().exposureEv() < -0.5;
            vignetted |= p.spec().vignetting() >= 0.2;
            assertThat(p.photo().getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
            assertThat(p.truthAlpha()).hasSize(p.width() * p.height());
            assertThat(p.productShare()).isBetween(0.03, 0.5);
        }
        assertThat(shapes).containsExactlyInAnyOrder(ProductShape.values());
        assertThat(casts).contains(ColorCast.WARM, ColorCast.COOL, ColorCast.GREEN);
        assertThat(floors).contains(Surface.WOOD, Surface.GREY_FABRIC, Surface.SEAMLESS);
        assertThat(portrait && landscape && underExposed && vignetted).isTrue();
        assertThat(pixels(photos.standardSet(4).get(0).photo())).isNotEqualTo(pixels(a.get(0).photo()));
    }

    @Test
    void theTruthIsTheSceneWithoutTheCameraFaults() {
        SamplePhoto p = photos.standardSet(5).stream().filter(s -> s.spec().cast() == ColorCast.WARM).findFirst().orElseThrow();
        int[] photo = pixels(p.photo()), truth = pixels(p.truth());
        double blueLossPhoto = 0, blueLossTruth = 0;
        for (int i = 0; i < photo.length; i += 97) {
            blueLossPhoto += (photo[i] >> 16 & 0xFF) - (photo[i] & 0xFF);
            blueLossTruth += (truth[i] >> 16 & 0xFF) - (truth[i] & 0xFF);
        }
        assertThat(blueLossPhoto).as("a warm cast: red exceeds blue more in the photo").isGreaterThan(blueLossTruth);
        BufferedImage cut = p.truthCutout();
        assertThat(cut.getColorModel().hasAlpha()).isTrue();
        for (float v : p.truthAlpha()) {
            assertThat(v).isBetween(0f, 1f);
        }
    }

    @Test
    void holesOfTheProductAreBackgroundInTheTruth() {
        SamplePhoto mug = photos.generate(new SampleSpec("mug", 800, 600, ProductShape.MUG, 0x1E8282, 0xF0A030,
                Surface.WHITE_PLASTER, Surface.WOOD, 0.5, 0, 0.6, ColorCast.NONE, 0, 0, 0, 0, 1));
        // the handle's opening: right of the body, inside the handle's outer ellipse
        double ph = 0.5 * 600, pw = ph * ProductShape.MUG.aspect();
        double x0 = 400 - pw / 2, y0 = 600 * (1 - 0.5 * 0.38) - ph;
        int hx = (int) (x0 + 0.81 * pw), hy = (int) (y0 + 0.48 * ph);
        assertThat(mug.truthAlpha()[hy * 800 + hx]).isZero();
        int bx = (int) (x0 + 0.36 * pw), by = (int) (y0 + 0.3 * ph);
        assertThat(mug.truthAlpha()[by * 800 + bx]).isEqualTo(1f);
    }

    @Test
    void benchmarkBatchesHaveTheRequestedSize() {
        List<SampleSpec> specs = photos.batchSpecs(20, 1600, 1200, 9);
        assertThat(specs).hasSize(20);
        assertThat(specs).allSatisfy(s -> {
            assertThat(s.width()).isEqualTo(1600);
            assertThat(s.height()).isEqualTo(1200);
        });
        assertThat(specs.stream().map(SampleSpec::name).distinct().count()).isEqualTo(20);
    }
}
