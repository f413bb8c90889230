package dev.refinery.imaging.classic;

import java.util.Arrays;

/**
 * Minimum s-t cut by the Boykov–Kolmogorov augmenting-path algorithm ("An Experimental Comparison
 * of Min-Cut/Max-Flow Algorithms for Energy Minimization in Vision", PAMI 2004), written for the
 * sparse graphs of image segmentation: integer capacities, arcs in pairs ({@code a} and
 * {@code a ^ 1} are each other's reverse), two search trees grown from the terminals and reused
 * after every augmentation.
 */
final class MaxFlow {
    private static final int NONE = -1;
    private static final int TERMINAL = -2;
    private static final int ORPHAN = -3;
    private static final int INFINITE = Integer.MAX_VALUE;

    private final int n;
    private final int[] first;
    private final int[] next;
    private final int[] head;
    private final int[] cap;
    private int arcs;
    private final int[] terminal;

    private final int[] parent;
    private final boolean[] sinkTree;
    private final int[] ts;
    private final int[] dist;
    private final boolean[] active;
    private final IntQueue activeQueue;
    private final IntQueue orphans;
    private int time;
    private long flow;
    private int[] savedCap;

    MaxFlow(int nodes, int maxEdges) {
        this.n = nodes;
        first = new int[nodes];
        Arrays.fill(first, NONE);
        next = new int[2 * maxEdges];
        head = new int[2 * maxEdges];
        cap = new int[2 * maxEdges];
        terminal = new int[nodes];
        parent = new int[nodes];
        sinkTree = new boolean[nodes];
        ts = new int[nodes];
        dist = new int[nodes];
        active = new boolean[nodes];
        activeQueue = new IntQueue(nodes);
        orphans = new IntQueue(nodes);
    }

    /** Adds capacity from the source ({@code toSource}: cost of cutting i to the sink side) and to the sink. */
    void addTerminal(int i, int fromSource, int toSink) {
        terminal[i] += fromSource - toSink;
        flow += Math.min(fromSource, toSink);
    }

    void addEdge(int i, int j, int capIJ, int capJI) {
        int a = arcs;
        head[a] = j;
        cap[a] = capIJ;
        next[a] = first[i];
        first[i] = a;
        head[a + 1] = i;
        cap[a + 1] = capJI;
        next[a + 1] = first[j];
        first[j] = a + 1;
        arcs += 2;
    }

    /** Remembers the edges' capacities, so {@link #reuse()} can start a new problem on the same edges. */
    void saveEdges() {
        savedCap = Arrays.copyOf(cap, arcs);
    }

    /**
     * The same edges with their saved capacities, no terminal capacities and no flow: GrabCut's
     * iterations change only the colour (terminal) terms, and rebuilding the edge lists each time
     * cost more than restoring them.
     */
    void reuse() {
        if (savedCap == null || savedCap.length != arcs) {
            throw new IllegalStateException("saveEdges() after the last edge, before the first maxflow()");
        }
        System.arraycopy(savedCap, 0, cap, 0, arcs);
        Arrays.fill(terminal, 0);
        flow = 0;
    }

    /** Whether node i ends on the source side of the minimum cut (nodes reachable from neither terminal go to the sink). */
    boolean sourceSide(int i) {
        return parent[i] != NONE && !sinkTree[i];
    }

    long maxflow() {
        for (int i = 0; i < n; i++) {
            if (terminal[i] > 0) {
                sinkTree[i] = false;
                parent[i] = TERMINAL;
                activate(i);
                ts[i] = 0;
                dist[i] = 1;
            } else if (terminal[i] < 0) {
                sinkTree[i] = true;
                parent[i] = TERMINAL;
                activate(i);
                ts[i] = 0;
                dist[i] = 1;
            } else {
                parent[i] = NONE;
            }
        }
        time = 0;
        int current = NONE;
        while (true) {
            int i;
            if (current != NONE && parent[current] != NONE) {
                i = current;
            } else {
                i = nextActive();
                if (i == NONE) {
                    break;
                }
            }
            current = NONE;
            int found = NONE;
            if (!sinkTree[i]) {
                for (int a = first[i]; a != NONE; a = next[a]) {
                    if (cap[a] > 0) {
                        int j = head[a];
                        if (parent[j] == NONE) {
                            sinkTree[j] = false;
                            parent[j] = a ^ 1;
                            ts[j] = ts[i];
                            dist[j] = dist[i] + 1;
                            activate(j);
                        } else if (sinkTree[j]) {
                            found = a;
                            break;
                        } else if (ts[j] <= ts[i] && dist[j] > dist[i]) {
                            parent[j] = a ^ 1;
                            ts[j] = ts[i];
                            dist[j] = dist[i] + 1;
                        }
                    }
                }
            } else {
                for (int a = first[i]; a != NONE; a = next[a]) {
                    if (cap[a ^ 1] > 0) {
                        int j = head[a];
                        if (parent[j] == NONE) {
                            sinkTree[j] = true;
                            parent[j] = a ^ 1;
                            ts[j] = ts[i];
                            dist[j] = dist[i] + 1;
                            activate(j);
                        } else if (!sinkTree[j]) {
                            found = a ^ 1;
                            break;
                        } else if (ts[j] <= ts[i] && dist[j] > dist[i]) {
                            parent[j] = a ^ 1;
                            ts[j] = ts[i];
                            dist[j] = dist[i] + 1;
                        }
                    }
                }
            }
            time++;
            if (found != NONE) {
                current = i;
                augment(found);
                adopt();
            }
        }
        return flow;
    }

    private void activate(int i) {
        if (!active[i]) {
            active[i] = true;
            activeQueue.push(i);
        }
    }

    private int nextActive() {
        while (!activeQueue.isEmpty()) {
            int i = activeQueue.pop();
            active[i] = false;
            if (parent[i] != NONE) {
                return i;
            }
        }
        return NONE;
    }

    /** Pushes the bottleneck along source → tail(middle) → head(middle) → sink. */
    private void augment(int middle) {
        int bottleneck = cap[middle];
        int i = head[middle ^ 1];
        while (true) {
            int p = parent[i];
            if (p == TERMINAL) {
                break;
            }
            bottleneck = Math.min(bottleneck, cap[p ^ 1]);
            i = head[p];
        }
        bottleneck = Math.min(bottleneck, terminal[i]);
        i = head[middle];
        while (true) {
            int p = parent[i];
            if (p == TERMINAL) {
                break;
            }
            bottleneck = Math.min(bottleneck, cap[p]);
            i = head[p];
        }
        bottleneck = Math.min(bottleneck, -terminal[i]);

        cap[middle ^ 1] += bottleneck;
        cap[middle] -= bottleneck;
        i = head[middle ^ 1];
        while (true) {
            int p = parent[i];
            if (p == TERMINAL) {
                break;
            }
            int up = head[p];
            cap[p] += bottleneck;
            cap[p ^ 1] -= bottleneck;
            if (cap[p ^ 1] == 0) {
                makeOrphan(i);
            }
            i = up;
        }
        terminal[i] -= bottleneck;
        if (terminal[i] == 0) {
            makeOrphan(i);
        }
        i = head[middle];
        while (true) {
            int p = parent[i];
            if (p == TERMINAL) {
                break;
            }
            int up = head[p];
            cap[p ^ 1] += bottleneck;
            cap[p] -= bottleneck;
            if (cap[p] == 0) {
                makeOrphan(i);
            }
            i = up;
        }
        terminal[i] += bottleneck;
        if (terminal[i] == 0) {
            makeOrphan(i);
        }
        flow += bottleneck;
    }

    private void makeOrphan(int i) {
        parent[i] = ORPHAN;
        orphans.push(i);
    }

    private void adopt() {
        while (!orphans.isEmpty()) {
            int i = orphans.pop();
            boolean sink = sinkTree[i];
            int bestArc = NONE, bestDist = INFINITE;
            for (int a0 = first[i]; a0 != NONE; a0 = next[a0]) {
                boolean residual = sink ? cap[a0] > 0 : cap[a0 ^ 1] > 0;
                if (!residual) {
                    continue;
                }
                int j = head[a0];
                if (sinkTree[j] != sink || parent[j] == NONE) {
                    continue;
                }
                int d = 0;
                int k = j;
                while (true) {
                    if (ts[k] == time) {
                        d += dist[k];
                        break;
                    }
                    int a = parent[k];
                    d++;
                    if (a == TERMINAL) {
                        ts[k] = time;
                        dist[k] = 1;
                        break;
                    }
                    if (a == ORPHAN) {
                        d = INFINITE;
                        break;
                    }
                    k = head[a];
                }
                if (d < INFINITE) {
                    if (d < bestDist) {
                        bestArc = a0;
                        bestDist = d;
                    }
                    for (k = j; ts[k] != time; k = head[parent[k]]) {
                        ts[k] = time;
                        dist[k] = d--;
                    }
                }
            }
            parent[i] = bestArc;
            if (bestArc != NONE) {
                ts[i] = time;
                dist[i] = bestDist + 1;
                continue;
            }
            // i becomes free: its neighbours in the tree may grow into it again, its children are orphans
            for (int a0 = first[i]; a0 != NONE; a0 = next[a0]) {
                int j = head[a0];
                int a = parent[j];
                if (sinkTree[j] != sink || a == NONE) {
                    continue;
                }
                boolean residual = sink ? cap[a0] > 0 : cap[a0 ^ 1] > 0;
                if (residual) {
                    activate(j);
                }
                if (a != TERMINAL && a != ORPHAN && head[a] == i) {
                    makeOrphan(j);
                }
            }
        }
    }

    /** A FIFO of node ids in a ring buffer (each node is at most once in it at a time). */
    private static final class IntQueue {
        private final int[] items;
        private int headIdx, size;

        IntQueue(int capacity) {
            items = new int[Math.max(1, capacity)];
        }

        void push(int v) {
            items[(headIdx + size) % items.length] = v;
            size++;
        }

        int pop() {
            int v = items[headIdx];
            headIdx = (headIdx + 1) % items.length;
            size--;
            return v;
        }

        boolean isEmpty() {
            return size == 0;
        }
    }
}
