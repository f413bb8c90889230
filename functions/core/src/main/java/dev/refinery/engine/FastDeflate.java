package dev.refinery.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.Adler32;

/**
 * A zlib stream (RFC 1950/1951) for PNG scanlines, written for speed rather than size: one
 * dynamic-Huffman block whose code comes from a sampled histogram of the filtered bytes, bytes
 * coded two at a time through a pair table, and runs of one byte value (flat or transparent areas,
 * masks) coded as matches at distance 1. There is no general LZ77 search: on filtered photographs
 * it finds little and is most of a deflater's time.
 *
 * <p>Why not {@link java.util.zip.Deflater}: even in its Huffman-only mode it took about 30 ms per
 * 2 MP version, a third of a classic refinement's CPU time (five lossless images per photo);
 * this takes 4–8 ms for a file within a few per cent of that size. Runs are found on aligned
 * 8-byte words, so a run is coded from its first whole word of 16 or more equal bytes. Any inflater
 * reads the result; tests check streams against the JDK's zlib.
 */
final class FastDeflate {
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long EVERY_BYTE = 0x0101010101010101L;
    /** A run is coded once it spans this many whole words; at most 32 words (255 bytes) per match. */
    private static final int MIN_RUN_WORDS = 2;
    private static final int MAX_RUN_WORDS = 32;
    private static final int CHUNK_WORDS = 1 << 14;
    /** Inputs above this size count the literals of every 4th word only (the code stays complete). */
    private static final int SAMPLE_ABOVE = 1 << 16;
    private static final int MAX_BITS = 15;
    private static final int MAX_CL_BITS = 7;
    private static final int END_OF_BLOCK = 256;
    private static final int LITLEN_CODES = 286;
    private static final int MAX_MATCH = 258;
    private static final int[] CL_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
    /** For each match length 3..258: its length code (257..285), its extra bits and their value. */
    private static final int[] LENGTH_CODE = new int[MAX_MATCH + 1];
    private static final int[] LENGTH_EXTRA_BITS = new int[MAX_MATCH + 1];
    private static final int[] LENGTH_EXTRA = new int[MAX_MATCH + 1];

    static {
        int[] base = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
        int[] extra = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
        for (int code = 0; code < base.length; code++) {
            int top = code + 1 < base.length ? base[code + 1] - 1 : MAX_MATCH;
            for (int len = base[code]; len <= top; len++) {
                LENGTH_CODE[len] = 257 + code;
                LENGTH_EXTRA_BITS[len] = extra[code];
                LENGTH_EXTRA[len] = len - base[code];
            }
        }
    }

    private FastDeflate() {
    }

    /** The zlib stream of {@code data[0..n)}. */
    static byte[] zlib(byte[] data, int n) {
        int[] freq = histogram(data, n);
        int[] litLen = codeLengths(freq, MAX_BITS);
        int[] litCode = canonical(litLen);
        // Distance codes: only code 0 (distance 1) is used; a second length-1 code keeps the code complete.
        int[] dist = {1, 1};
        int[] distCode = canonical(dist);

        BitWriter out = new BitWriter(n / 2 + 1024);
        out.bytes(0x78, 0x01); // deflate, 32 KiB window, "fastest" level
        out.bits(1, 1); // the only block is the last
        out.bits(2, 2); // dynamic Huffman
        header(out, litLen, dist);

        // Code (low 32 bits) and length (high 32 bits) of each literal, pair of literals and match length.
        long[] literal = new long[256];
        for (int s = 0; s < 256; s++) {
            literal[s] = litCode[s] | (long) litLen[s] << 32;
        }
        long[] pair = new long[1 << 16];
        for (int second = 0; second < 256; second++) {
            long b = literal[second];
            for (int first = 0; first < 256; first++) {
                long a = literal[first];
                int lenA = (int) (a >>> 32);
                pair[second << 8 | first] = ((a & 0xFFFFFFFFL) | (b & 0xFFFFFFFFL) << lenA) | (lenA + (b >>> 32)) << 32;
            }
        }
        long[] match = new long[MAX_MATCH + 1];
        for (int len = 3; len <= MAX_MATCH; len++) {
            int sym = LENGTH_CODE[len];
            match[len] = (litCode[sym] | (long) LENGTH_EXTRA[len] << litLen[sym]) | (long) (litLen[sym] + LENGTH_EXTRA_BITS[len]) << 32;
        }
        long distance = distCode[0] | (long) dist[0] << 32;
        out.symbols(data, n, pair, literal, match, distance);
        out.bits(litCode[END_OF_BLOCK], litLen[END_OF_BLOCK]);
        out.alignToByte();
        Adler32 adler = new Adler32();
        adler.update(data, 0, n);
        long a = adler.getValue();
        out.bytes((int) (a >>> 24) & 0xFF, (int) (a >>> 16) & 0xFF, (int) (a >>> 8) & 0xFF, (int) a & 0xFF);
        return out.toByteArray();
    }

    /** Whole words (from {@code w} on, at most {@link #MAX_RUN_WORDS}) equal to {@code v}. */
    private static int runWords(byte[] d, int w, int words, long v) {
        int r = 1;
        while (r < MAX_RUN_WORDS && w + r < words && (long) LONG_LE.get(d, (w + r) << 3) == v) {
            r++;
        }
        return r;
    }

    private static boolean oneByteValue(long v) {
        return v == (v & 0xFF) * EVERY_BYTE;
    }

    /**
     * Symbol counts as {@link BitWriter#symbols} will emit them: every run, and the literals of every
     * word (every 4th word's, scaled by 4, for large inputs). Every literal and EOB get a count of at least
     * one, so whatever the sample missed still has a code.
     */
    static int[] histogram(byte[] d, int n) {
        int[] f = new int[LITLEN_CODES];
        int words = n >>> 3;
        int sampleMask = n > SAMPLE_ABOVE ? 3 : 0;
        int w = 0;
        while (w < words) {
            long v = (long) LONG_LE.get(d, w << 3);
            if (oneByteValue(v)) {
                int run = runWords(d, w, words, v);
                if (run >= MIN_RUN_WORDS) {
                    // runs are counted at every occurrence, literals of every (sampleMask+1)th word only
                    f[(int) (v & 0xFF)]++;
                    f[LENGTH_CODE[run * 8 - 1]]++;
                    w += run;
                    continue;
                }
            }
            if ((w & sampleMask) == 0) {
                for (int k = 0; k < 64; k += 8) {
                    f[(int) (v >>> k) & 0xFF] += sampleMask + 1;
                }
            }
            w++;
        }
        for (int i = words << 3; i < n; i++) {
            f[d[i] & 0xFF] += sampleMask + 1;
        }
        for (int s = 0; s <= END_OF_BLOCK; s++) {
            f[s] = Math.max(1, f[s]);
        }
        return f;
    }

    /** HLIT, HDIST, HCLEN and the code lengths, run-length coded with symbols 16, 17 and 18. */
    private static void header(BitWriter out, int[] litLen, int[] dist) {
        int hlit = LITLEN_CODES;
        while (hlit > 257 && litLen[hlit - 1] == 0) {
            hlit--;
        }
        int hdist = dist.length;
        int[] all = new int[hlit + hdist];
        System.arraycopy(litLen, 0, all, 0, hlit);
        System.arraycopy(dist, 0, all, hlit, hdist);
        int[] clSymbols = new int[all.length];
        int clCount = 0;
        int[] clFreq = new int[19];
        for (int i = 0; i < all.length; ) {
            int len = all[i];
            int run = 1;
            while (i + run < all.length && all[i + run] == len) {
                run++;
            }
            int left = run;
            if (len == 0) {
                while (left >= 11) {
                    int r = Math.min(138, left);
                    clSymbols[clCount++] = 18 | (r - 11) << 8;
                    clFreq[18]++;
                    left -= r;
                }
                if (left >= 3) {
                    clSymbols[clCount++] = 17 | (left - 3) << 8;
                    clFreq[17]++;
                    left = 0;
                }
            } else {
                clSymbols[clCount++] = len;
                clFreq[len]++;
                left--;
                while (left >= 3) {
                    int r = Math.min(6, left);
                    clSymbols[clCount++] = 16 | (r - 3) << 8;
                    clFreq[16]++;
                    left -= r;
                }
            }
            while (left-- > 0) {
                clSymbols[clCount++] = len;
                clFreq[len]++;
            }
            i += run;
        }
        int[] clLen = codeLengths(clFreq, MAX_CL_BITS);
        int hclen = 19;
        while (hclen > 4 && clLen[CL_ORDER[hclen - 1]] == 0) {
            hclen--;
        }
        int[] clCode = canonical(clLen);
        out.bits(hlit - 257, 5);
        out.bits(hdist - 1, 5);
        out.bits(hclen - 4, 4);
        for (int i = 0; i < hclen; i++) {
            out.bits(clLen[CL_ORDER[i]], 3);
        }
        for (int i = 0; i < clCount; i++) {
            int s = clSymbols[i] & 0xFF, extra = clSymbols[i] >>> 8;
            out.bits(clCode[s], clLen[s]);
            if (s == 16) {
                out.bits(extra, 2);
            } else if (s == 17) {
                out.bits(extra, 3);
            } else if (s == 18) {
                out.bits(extra, 7);
            }
        }
    }

    /**
     * Huffman code lengths for {@code freq}, none longer than {@code maxBits}. Codes come from a
     * Huffman tree; when the tree is too deep the counts are flattened and the tree rebuilt (the
     * usual heuristic: it costs a fraction of a per cent in size, never correctness). At least two
     * symbols always get a code, so every code is complete.
     */
    static int[] codeLengths(int[] freq, int maxBits) {
        int n = freq.length;
        long[] f = new long[n];
        int used = 0;
        for (int i = 0; i < n; i++) {
            f[i] = freq[i];
            if (freq[i] > 0) {
                used++;
            }
        }
        for (int i = 0; used < 2 && i < n; i++) {
            if (f[i] == 0) {
                f[i] = 1;
                used++;
            }
        }
        while (true) {
            int[] lengths = huffman(f);
            int max = 0;
            for (int l : lengths) {
                max = Math.max(max, l);
            }
            if (max <= maxBits) {
                return lengths;
            }
            for (int i = 0; i < n; i++) {
                if (f[i] > 0) {
                    f[i] = (f[i] >> 1) | 1;
                }
            }
        }
    }

    /** Unlimited Huffman code lengths of the symbols with a non-zero weight (two-queue construction). */
    private static int[] huffman(long[] f) {
        int n = f.length;
        Integer[] leaves = new Integer[n];
        int used = 0;
        for (int i = 0; i < n; i++) {
            if (f[i] > 0) {
                leaves[used++] = i;
            }
        }
        Arrays.sort(leaves, 0, used, (a, b) -> f[a] != f[b] ? Long.compare(f[a], f[b]) : Integer.compare(a, b));
        // nodes 0..used-1 are the leaves by weight, used.. the inner nodes in the order they are made
        long[] weight = new long[2 * used];
        int[] parent = new int[2 * used];
        for (int i = 0; i < used; i++) {
            weight[i] = f[leaves[i]];
        }
        int leaf = 0, inner = used, made = used;
        for (int k = 0; k < used - 1; k++) {
            int a = (leaf < used && (inner >= made || weight[leaf] <= weight[inner])) ? leaf++ : inner++;
            int b = (leaf < used && (inner >= made || weight[leaf] <= weight[inner])) ? leaf++ : inner++;
            weight[made] = weight[a] + weight[b];
            parent[a] = made;
            parent[b] = made;
            made++;
        }
        int[] depth = new int[made];
        for (int node = made - 2; node >= 0; node--) {
            depth[node] = depth[parent[node]] + 1;
        }
        int[] lengths = new int[n];
        for (int i = 0; i < used; i++) {
            lengths[leaves[i]] = depth[i];
        }
        return lengths;
    }

    /** Canonical codes (RFC 1951, 3.2.2), bit-reversed for least-significant-bit-first output. */
    static int[] canonical(int[] lengths) {
        int[] blCount = new int[MAX_BITS + 1];
        for (int l : lengths) {
            if (l > 0) {
                blCount[l]++;
            }
        }
        int[] nextCode = new int[MAX_BITS + 2];
        int code = 0;
        for (int bits = 1; bits <= MAX_BITS; bits++) {
            code = (code + blCount[bits - 1]) << 1;
            nextCode[bits] = code;
        }
        int[] codes = new int[lengths.length];
        for (int i = 0; i < lengths.length; i++) {
            int l = lengths[i];
            if (l > 0) {
                codes[i] = Integer.reverse(nextCode[l]++) >>> (32 - l);
            }
        }
        return codes;
    }

    /** Bits least significant first, as deflate packs them. */
    private static final class BitWriter {
        private byte[] buf;
        private int size;
        private long acc;
        private int count;

        BitWriter(int capacity) {
            buf = new byte[capacity];
        }

        void bits(int value, int n) {
            acc |= (long) value << count;
            count += n;
            if (count >= 32) {
                ensure(4);
                INT_LE.set(buf, size, (int) acc);
                size += 4;
                acc >>>= 32;
                count -= 32;
            }
        }

        /**
         * The data's symbols, the hot loop: one aligned 8-byte word at a time, either a run (its
         * first literal and a match at distance 1) or four pairs of literals. Each table entry
         * holds at most 30 bits, so the 64-bit accumulator never overflows between 4-byte stores.
         */
        void symbols(byte[] d, int n, long[] pair, long[] literal, long[] match, long distance) {
            int words = n >>> 3;
            long a = acc;
            int used = count;
            int w = 0;
            // Room is made a chunk at a time (at most 15 bits per byte), not for the worst case of the whole image.
            while (w < words) {
                int chunkEnd = Math.min(words, w + CHUNK_WORDS);
                ensure((chunkEnd - w) * 16 + MAX_RUN_WORDS * 16 + 16);
                byte[] b = buf;
                int at = size;
                while (w < chunkEnd) {
                    long v = (long) LONG_LE.get(d, w << 3);
                    if (oneByteValue(v)) {
                        int run = runWords(d, w, words, v);
                        if (run >= MIN_RUN_WORDS) {
                            long e = literal[(int) (v & 0xFF)];
                            a |= (e & 0xFFFFFFFFL) << used;
                            used += (int) (e >>> 32);
                            if (used >= 32) {
                                INT_LE.set(b, at, (int) a);
                                at += 4;
                                a >>>= 32;
                                used -= 32;
                            }
                            long m = match[run * 8 - 1];
                            a |= (m & 0xFFFFFFFFL) << used;
                            used += (int) (m >>> 32);
                            a |= (distance & 0xFFFFFFFFL) << used;
                            used += (int) (distance >>> 32);
                            if (used >= 32) {
                                INT_LE.set(b, at, (int) a);
                                at += 4;
                                a >>>= 32;
                                used -= 32;
                            }
                            w += run;
                            continue;
                        }
                    }
                    for (int k = 0; k < 64; k += 16) {
                        long e = pair[(int) (v >>> k) & 0xFFFF];
                        a |= (e & 0xFFFFFFFFL) << used;
                        used += (int) (e >>> 32);
                        if (used >= 32) {
                            INT_LE.set(b, at, (int) a);
                            at += 4;
                            a >>>= 32;
                            used -= 32;
                        }
                    }
                    w++;
                }
                size = at;
            }
            ensure(16);
            byte[] b = buf;
            int at = size;
            for (int i = words << 3; i < n; i++) {
                long e = literal[d[i] & 0xFF];
                a |= (e & 0xFFFFFFFFL) << used;
                used += (int) (e >>> 32);
                if (used >= 32) {
                    INT_LE.set(b, at, (int) a);
                    at += 4;
                    a >>>= 32;
                    used -= 32;
                }
            }
            size = at;
            acc = a;
            count = used;
        }

        void alignToByte() {
            while (count > 0) {
                ensure(1);
                buf[size++] = (byte) acc;
                acc >>>= 8;
                count = Math.max(0, count - 8);
            }
            acc = 0;
        }

        void bytes(int... values) {
            ensure(values.length);
            for (int v : values) {
                buf[size++] = (byte) v;
            }
        }

        void ensure(int more) {
            if (size + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, size);
        }
    }
}
