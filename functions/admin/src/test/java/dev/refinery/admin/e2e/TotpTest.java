package dev.refinery.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The end-to-end test's authenticator against RFC 6238's and RFC 4648's own test vectors. */
class TotpTest {
    private static final byte[] RFC_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @Test
    void rfc6238Sha1Vectors() {
        assertThat(Totp.code(RFC_SECRET, 59, 8)).isEqualTo("94287082");
        assertThat(Totp.code(RFC_SECRET, 1111111109, 8)).isEqualTo("07081804");
        assertThat(Totp.code(RFC_SECRET, 1234567890, 8)).isEqualTo("89005924");
        assertThat(Totp.code(RFC_SECRET, 20000000000L, 8)).isEqualTo("65353130");
        assertThat(Totp.code(RFC_SECRET, 59, 6)).isEqualTo("287082");
    }

    @Test
    void rfc4648Base32() {
        assertThat(new String(Totp.base32("MZXW6YTBOI======"), StandardCharsets.US_ASCII)).isEqualTo("foobar");
        assertThat(Totp.base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")).isEqualTo(RFC_SECRET);
    }
}
