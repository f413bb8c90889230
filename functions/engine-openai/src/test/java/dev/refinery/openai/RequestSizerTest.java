package dev.refinery.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class RequestSizerTest {
    private final RequestSizer standard = new RequestSizer(SizeLimits.standard());
    private final RequestSizer large = new RequestSizer(SizeLimits.large());
    private final ModelProfile gptImage2 = ModelProfile.of("gpt-image-2");

    static Stream<Arguments> sizes() {
        int[] sides = {16, 97, 250, 500, 640, 1000, 1023, 1500, 2000, 2560, 3000, 4032, 6000, 12000};
        return IntStream.range(0, sides.length).boxed()
                .flatMap(i -> IntStream.range(0, sides.length).mapToObj(j -> Arguments.of(sides[i], sides[j])));
    }

    @ParameterizedTest(name = "{0}x{1}")
    @MethodSource("sizes")
    void gptImage2RequestsAreAlwaysValidAndKeepTheImageWhole(int w, int h) {
        for (RequestSizer sizer : new RequestSizer[] {standard, large}) {
            RequestFrame f = sizer.frameFor(w, h, gptImage2);
            assertThat(sizer.fits(f.width(), f.height())).as("%s for %dx%d", f.size(), w, h).isTrue();
            assertThat(f.placement().x).isGreaterThanOrEqualTo(0);
            assertThat(f.placement().y).isGreaterThanOrEqualTo(0);
            assertThat(f.placement().x + f.placement().width).isLessThanOrEqualTo(f.width());
            assertThat(f.placement().y + f.placement().height).isLessThanOrEqualTo(f.height());
            // uniform scale: each side of the placement is the image's side times one scale, within a pixel of rounding
            double s = f.placement().width >= f.placement().height
                    ? f.placement().width / (double) w : f.placement().height / (double) h;
            assertThat(Math.abs(f.placement().width - w * s)).isLessThanOrEqualTo(1.0);
            assertThat(Math.abs(f.placement().height - h * s)).isLessThanOrEqualTo(1.0);
        }
        RequestFrame f = standard.frameFor(w, h, gptImage2);
        assertThat((long) f.width() * f.height()).isLessThanOrEqualTo(2560L * 1440);
    }

    @Test
    void aSizeWithinTheLimitsIsOnlyPaddedToMultiplesOf16() {
        RequestFrame f = standard.frameFor(1000, 750, gptImage2);
        assertThat(f.size()).isEqualTo("1008x752");
        assertThat(f.scales()).isFalse();
        assertThat(f.placement()).isEqualTo(new java.awt.Rectangle(4, 1, 1000, 750));
    }

    @Test
    void largePhotosAreScaledIntoTheBudgetUnlessLargeSizesAreConfigured() {
        RequestFrame f = standard.frameFor(4032, 3024, gptImage2);
        assertThat((long) f.width() * f.height()).isLessThanOrEqualTo(2560L * 1440);
        assertThat(f.scales()).isTrue();
        RequestFrame big = large.frameFor(4032, 3024, gptImage2);
        assertThat((long) big.width() * big.height()).isGreaterThan(2560L * 1440).isLessThanOrEqualTo(3840L * 2160);
    }

    @ParameterizedTest
    @CsvSource({"1000,1000,1024x1024", "1600,1000,1536x1024", "900,1400,1024x1536", "5000,1000,1536x1024", "1200,1000,1024x1024"})
    void theGptImage1FamilyGetsTheClosestFixedSize(int w, int h, String expected) {
        assertThat(standard.frameFor(w, h, ModelProfile.of("gpt-image-1.5")).size()).isEqualTo(expected);
        assertThat(standard.frameFor(w, h, ModelProfile.of("gpt-image-1-mini")).size()).isEqualTo(expected);
    }

    @Test
    void padAndUnpadRoundTripWithoutScaling() {
        TestPhotos.Photo p = TestPhotos.bottle(1000, 750);
        RequestFrame f = standard.frameFor(1000, 750, gptImage2);
        BufferedImage padded = f.pad(p.image(), Color.GRAY);
        assertThat(padded.getWidth()).isEqualTo(1008);
        BufferedImage back = f.unpad(padded);
        for (int y = 0; y < 750; y += 7) {
            for (int x = 0; x < 1000; x += 7) {
                assertThat(back.getRGB(x, y)).isEqualTo(p.image().getRGB(x, y));
            }
        }
    }

    @Test
    void unpadFollowsAnAnswerOfAnotherSize() {
        RequestFrame f = RequestFrame.fit(800, 400, 1024, 1024);
        BufferedImage answer = new BufferedImage(512, 512, BufferedImage.TYPE_INT_RGB);
        BufferedImage back = f.unpad(answer);
        assertThat(back.getWidth()).isEqualTo(800);
        assertThat(back.getHeight()).isEqualTo(400);
    }

    @Test
    void modelProfiles() {
        assertThat(ModelProfile.of("gpt-image-2")).extracting(ModelProfile::flexibleSizes, ModelProfile::acceptsInputFidelity).containsExactly(true, false);
        assertThat(ModelProfile.of("gpt-image-2-2026-04-21").acceptsInputFidelity()).isFalse();
        assertThat(ModelProfile.of("gpt-image-1.5")).extracting(ModelProfile::flexibleSizes, ModelProfile::acceptsInputFidelity).containsExactly(false, true);
        assertThat(ModelProfile.of("gpt-image-1").acceptsInputFidelity()).isTrue();
        assertThat(ModelProfile.of("gpt-image-1-mini").acceptsInputFidelity()).isFalse();
        assertThat(ModelProfile.of("some-future-model")).extracting(ModelProfile::flexibleSizes, ModelProfile::acceptsInputFidelity).containsExactly(false, false);
    }
}
