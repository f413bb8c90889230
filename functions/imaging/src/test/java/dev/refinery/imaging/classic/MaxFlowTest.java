package dev.refinery.imaging.classic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MaxFlowTest {

    @Test
    void findsTheMinimumCutOfASmallGraph() {
        // s→0 (5), s→1 (3); 0→sink (2), 1→sink (6); 0↔1 (1 each way). Min cut = 2 + 3 + 1 (0 on the source side, 1 on the sink side) = 6.
        MaxFlow g = new MaxFlow(2, 1);
        g.addTerminal(0, 5, 2);
        g.addTerminal(1, 3, 6);
        g.addEdge(0, 1, 1, 1);
        assertThat(g.maxflow()).isEqualTo(6);
        assertThat(g.sourceSide(0)).isTrue();
        assertThat(g.sourceSide(1)).isFalse();
    }

    @Test
    void agreesWithBruteForceOnRandomGraphs() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int n = 2 + rnd.nextInt(8);
            int[] src = new int[n], snk = new int[n];
            int[][] cap = new int[n][n];
            MaxFlow g = new MaxFlow(n, n * n);
            for (int i = 0; i < n; i++) {
                src[i] = rnd.nextInt(10);
                snk[i] = rnd.nextInt(10);
                g.addTerminal(i, src[i], snk[i]);
            }
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    if (rnd.nextInt(3) == 0) {
                        cap[i][j] = rnd.nextInt(6);
                        cap[j][i] = rnd.nextInt(6);
                        g.addEdge(i, j, cap[i][j], cap[j][i]);
                    }
                }
            }
            long flow = g.maxflow();
            long best = Long.MAX_VALUE;
            for (int mask = 0; mask < (1 << n); mask++) {
                best = Math.min(best, cutCost(mask, n, src, snk, cap));
            }
            assertThat(flow).as("trial " + trial).isEqualTo(best);
            int found = 0;
            for (int i = 0; i < n; i++) {
                if (g.sourceSide(i)) {
                    found |= 1 << i;
                }
            }
            assertThat(cutCost(found, n, src, snk, cap)).as("the reported cut is minimal").isEqualTo(best);
        }
    }

    @Test
    void aReusedGraphSolvesEachNewProblemLikeAFreshOne() {
        Random rnd = new Random(8);
        int n = 40;
        int[][] edges = new int[120][];
        for (int e = 0; e < edges.length; e++) {
            int i = rnd.nextInt(n), j = rnd.nextInt(n);
            edges[e] = new int[]{i, j == i ? (i + 1) % n : j, rnd.nextInt(8), rnd.nextInt(8)};
        }
        MaxFlow reused = new MaxFlow(n, edges.length);
        for (int[] e : edges) {
            reused.addEdge(e[0], e[1], e[2], e[3]);
        }
        reused.saveEdges();
        for (int round = 0; round < 5; round++) {
            MaxFlow fresh = new MaxFlow(n, edges.length);
            reused.reuse();
            for (int i = 0; i < n; i++) {
                int a = rnd.nextInt(12), b = rnd.nextInt(12);
                fresh.addTerminal(i, a, b);
                reused.addTerminal(i, a, b);
            }
            for (int[] e : edges) {
                fresh.addEdge(e[0], e[1], e[2], e[3]);
            }
            assertThat(reused.maxflow()).as("round %d", round).isEqualTo(fresh.maxflow());
            for (int i = 0; i < n; i++) {
                assertThat(reused.sourceSide(i)).as("round %d node %d", round, i).isEqualTo(fresh.sourceSide(i));
            }
        }
    }

    /** Cost of the cut with the nodes in {@code mask} on the source side. */
    private static long cutCost(int mask, int n, int[] src, int[] snk, int[][] cap) {
        long c = 0;
        for (int i = 0; i < n; i++) {
            boolean s = (mask & (1 << i)) != 0;
            c += s ? snk[i] : src[i];
            for (int j = 0; j < n; j++) {
                if (s && (mask & (1 << j)) == 0) {
                    c += cap[i][j];
                }
            }
        }
        return c;
    }
}
