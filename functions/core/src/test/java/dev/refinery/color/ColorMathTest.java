package dev.refinery.color;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ColorMathTest {

    /** Pairs from Sharma, Wu and Dalal's CIEDE2000 test data. */
    @ParameterizedTest
    @CsvSource({
            "50.0000, 2.6772, -79.7751, 50.0000, 0.0000, -82.7485, 2.0425",
            "50.0000, 0.0000, 0.0000, 50.0000, -1.0000, 2.0000, 2.3669",
            "50.0000, 2.5000, 0.0000, 73.0000, 25.0000, -18.0000, 27.1492",
            "50.0000, 2.5000, 0.0000, 50.0000, 3.1736, 0.5854, 1.0000",
            "60.2574, -34.0099, 36.2677, 60.4626, -34.1751, 39.4387, 1.2644",
            "2.0776, 0.0795, -1.1350, 0.9033, -0.0636, -0.5514, 0.9082"
    })
    void matchesSharmaReferenceData(double l1, double a1, double b1, double l2, double a2, double b2, double expected) {
        double[] x = {l1, a1, b1};
        double[] y = {l2, a2, b2};
        assertThat(ColorMath.deltaE2000(x, y)).isCloseTo(expected, within(1e-4));
        assertThat(ColorMath.deltaE2000(y, x)).isCloseTo(expected, within(1e-4));
    }

    @Test
    void whiteIsL100AndNeutral() {
        double[] lab = ColorMath.rgbToLab(0xFFFFFF);
        assertThat(lab[0]).isCloseTo(100, within(0.01));
        assertThat(lab[1]).isCloseTo(0, within(0.01));
        assertThat(lab[2]).isCloseTo(0, within(0.01));
    }

    @Test
    void linearRoundTripsEveryChannelValue() {
        for (int v = 0; v < 256; v++) {
            assertThat(ColorMath.fromLinear(ColorMath.toLinear(v))).isEqualTo(v);
        }
    }
}
