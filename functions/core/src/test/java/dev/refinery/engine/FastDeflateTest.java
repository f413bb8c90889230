package dev.refinery.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/** Every stream must inflate, with the JDK's zlib, to exactly its input (zlib also checks the Adler-32). */
class FastDeflateTest {
    private static final int BLOCK = 1 << 17;

    @Test
    void emptyAndTinyInputs() throws Exception {
        roundTrip(new byte[0]);
        roundTrip(new byte[]{42});
        roundTrip(new byte[]{0, 0});
        roundTrip(new byte[]{7, 7, 7, 7});
    }

    @Test
    void incompressibleBytesAcrossBlockBoundaries() throws Exception {
        Random random = new Random(1);
        for (int n : new int[]{BLOCK - 1, BLOCK, BLOCK + 1, 3 * BLOCK + 7}) {
            byte[] data = new byte[n];
            random.nextBytes(data);
            roundTrip(data);
        }
    }

    @Test
    void runsOfEveryLengthBecomeMatches() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        Random random = new Random(2);
        for (int len = 1; len <= 600; len++) {
            int value = random.nextInt(256);
            for (int i = 0; i < len; i++) {
                b.write(value);
            }
        }
        byte[] data = b.toByteArray();
        byte[] z = roundTrip(data);
        assertThat(z.length).as("runs are coded as matches").isLessThan(data.length / 20);
    }

    @Test
    void runsAndNoiseAtEveryAlignmentAndLength() throws Exception {
        Random random = new Random(4);
        for (int trial = 0; trial < 40; trial++) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int offset = random.nextInt(8);
            for (int i = 0; i < offset; i++) {
                b.write(random.nextInt(256));
            }
            for (int segment = 0; segment < 60; segment++) {
                int len = switch (random.nextInt(4)) {
                    case 0 -> 13 + random.nextInt(6);   // around two words
                    case 1 -> 250 + random.nextInt(12); // around the longest match
                    case 2 -> random.nextInt(2000);
                    default -> random.nextInt(9);
                };
                if (random.nextBoolean()) {
                    int value = random.nextInt(256);
                    for (int i = 0; i < len; i++) {
                        b.write(value);
                    }
                } else {
                    for (int i = 0; i < len; i++) {
                        b.write(random.nextInt(256));
                    }
                }
            }
            roundTrip(b.toByteArray());
        }
    }

    @Test
    void aFlatPlaneCompressesToAlmostNothing() throws Exception {
        byte[] data = new byte[4_000_000];
        byte[] z = roundTrip(data);
        assertThat(z.length).isLessThan(20_000);
    }

    @Test
    void skewedFrequenciesAreLimitedToFifteenBitCodes() throws Exception {
        // Fibonacci-like counts make an unlimited Huffman tree deeper than deflate allows.
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        long a = 1, c = 1;
        for (int symbol = 0; symbol < 24; symbol++) {
            for (long i = 0; i < a; i++) {
                b.write(symbol * 2); // never adjacent runs of one value: literals only
                b.write(symbol * 2 + 1);
            }
            long next = a + c;
            a = c;
            c = next;
        }
        roundTrip(b.toByteArray());
        int[] freq = new int[286];
        long x = 1, y = 1;
        for (int s = 0; s < 30; s++) {
            freq[s] = (int) x;
            long next = x + y;
            x = y;
            y = next;
        }
        int[] lengths = FastDeflate.codeLengths(freq, 15);
        for (int s = 0; s < 30; s++) {
            assertThat(lengths[s]).isBetween(1, 15);
        }
        assertThat(kraft(lengths)).as("a complete prefix code").isEqualTo(1.0);
    }

    @Test
    void photoLikeScanlines() throws Exception {
        Random random = new Random(3);
        byte[] data = new byte[1_000_003];
        int v = 0;
        for (int i = 0; i < data.length; i++) {
            v = Math.max(-40, Math.min(40, v + random.nextInt(7) - 3));
            data[i] = (byte) (random.nextInt(10) == 0 ? 0 : v);
        }
        roundTrip(data);
    }

    private static double kraft(int[] lengths) {
        double sum = 0;
        for (int l : lengths) {
            if (l > 0) {
                sum += Math.pow(2, -l);
            }
        }
        return sum;
    }

    private static byte[] roundTrip(byte[] data) throws DataFormatException {
        byte[] z = FastDeflate.zlib(data, data.length);
        Inflater inflater = new Inflater();
        inflater.setInput(z);
        byte[] out = new byte[data.length + 1];
        int n = 0;
        while (!inflater.finished()) {
            int got = inflater.inflate(out, n, out.length - n);
            n += got;
            if (got == 0 && (inflater.needsInput() || n == out.length)) {
                break;
            }
        }
        assertThat(inflater.finished()).as("stream complete (and its Adler-32 checked)").isTrue();
        assertThat(inflater.getRemaining()).isZero();
        inflater.end();
        assertThat(n).isEqualTo(data.length);
        assertThat(java.util.Arrays.copyOf(out, n)).isEqualTo(data);
        return z;
    }
}
