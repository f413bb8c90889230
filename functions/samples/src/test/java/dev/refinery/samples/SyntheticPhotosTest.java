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
    void theStandardSetIsVaried() {
        List<SampleSpec> specs = photos.standardSpecs(3);
        assertThat(specs).hasSizeGreaterThanOrEqualTo(8);
        Set<ProductShape> shapes = new HashSet<>();
        Set<ColorCast> casts = new HashSet<>();
        Set<Surface> floors = new HashSet<>();
        boolean portrait = false, landscape = false, underExposed = false, vignetted = false;
        for (SampleSpec s : specs) {
            shapes.add(s.shape());
            casts.add(s.cast());
            floors.add(s.floor());
            portrait |= s.height() > s.width();
            landscape |= s.width() > s.height();
            underExposed |= s.exposureEv() < -0.5;
            vignetted |= s.vignetting() >= 0.2;
        }
        assertThat(shapes).containsExactlyInAnyOrder(ProductShape.values());
        assertThat(casts).contains(ColorCast.WARM, ColorCast.COOL, ColorCast.GREEN);
        assertThat(floors).contains(Surface.WOOD, Surface.GREY_FABRIC, Surface.SEAMLESS);
        assertThat(portrait && landscape && underExposed && vignetted).isTrue();
        SamplePhoto first = photos.generate(specs.get(0));
        assertThat(first.photo().getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(first.truthAlpha()).hasSize(first.width() * first.height());
        assertThat(first.productShare()).isBetween(0.03, 0.5);
    }

    @Test
    void photosAreDeterministicPerSeed() {
        SampleSpec spec = photos.standardSpecs(3).get(2);
        SamplePhoto a = photos.generate(spec), b = photos.generate(spec);
        assertThat(pixels(a.photo())).isEqualTo(pixels(b.photo()));
        assertThat(a.truthAlpha()).isEqualTo(b.truthAlpha());
        SamplePhoto other = photos.generate(photos.standardSpecs(4).get(2));
        assertThat(pixels(other.photo())).isNotEqualTo(pixels(a.photo()));
    }

    @Test
    void theTruthIsTheSceneWithoutTheCameraFaults() {
        SamplePhoto p = photos.generate(photos.standardSpecs(5).stream().filter(s -> s.cast() == ColorCast.WARM).findFirst().orElseThrow());
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
