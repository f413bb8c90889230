package dev.refinery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchCommandTest {

    @Test
    void theReportedRoundIsTheMedianRatio() {
        assertThat(BenchCommand.medianIndex(new double[] {2.9})).isZero();
        assertThat(BenchCommand.medianIndex(new double[] {3.1, 2.5, 2.8})).isEqualTo(2);
        assertThat(BenchCommand.medianIndex(new double[] {3.1, 2.5, 2.8, 2.6})).as("the lower middle of an even count").isEqualTo(3);
        assertThat(BenchCommand.medianIndex(new double[] {Double.NaN, 2.5, 2.8})).as("a missing baseline sorts last").isEqualTo(2);
    }
}
