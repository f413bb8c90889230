package dev.refinery.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FileSizeTest {
    @Test
    void sizesThatDifferInMegabytesAreToldInMegabytes() {
        assertThat(FileSize.overLimit(31_400_000, 26_214_400)).isEqualTo("the file is 31.4 MB, the limit is 26.2 MB");
    }

    @Test
    void aFileJustOverItsLimitIsToldInBytesWhereMegabytesWouldReadTheSame() {
        assertThat(FileSize.overLimit(26_214_401, 26_214_400))
                .isEqualTo("the file is 26.2 MB (26,214,401 bytes), the limit is 26,214,400 bytes");
    }
}
