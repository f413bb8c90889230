package dev.refinery.reliability.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fault plans' decisions: replayable from the seed whatever the interleaving, rates as asked, schedules exact. */
class FaultPlanTest {
    private static final Fault BOOM = Faults.storeUnavailable("test");

    /** Every call of 200 contexts × 5 operations, in the given order; the decisions as "op context occurrence". */
    private static List<String> decisions(long seed, boolean shuffled) {
        FaultPlan<Fault> plan = FaultPlan.seeded(seed).atRate("images.*", 0.2, BOOM).atRate("engine.edit.*", 0.1, Faults.modelRateLimited());
        List<String[]> calls = new ArrayList<>();
        for (int c = 0; c < 200; c++) {
            for (String op : List.of("images.put", "images.get", "engine.edit.lighting", "engine.edit.detail", "sessions.update")) {
                calls.add(new String[] {op, "ctx-" + c});
                calls.add(new String[] {op, "ctx-" + c});
            }
        }
        if (shuffled) {
            // another interleaving of the same calls, keeping each context's own order
            List<List<String[]>> byContext = new ArrayList<>();
            for (int c = 0; c < 200; c++) {
                byContext.add(new ArrayList<>());
            }
            calls.forEach(k -> byContext.get(Integer.parseInt(k[1].substring(4))).add(k));
            calls.clear();
            Random r = new Random(99);
            List<Integer> order = new ArrayList<>();
            byContext.forEach(l -> l.forEach(x -> order.add(byContext.indexOf(l))));
            Collections.shuffle(order, r);
            int[] next = new int[200];
            for (int c : order) {
                calls.add(byContext.get(c).get(next[c]++));
            }
        }
        List<String> fired = new ArrayList<>();
        for (String[] k : calls) {
            plan.decide(k[0], k[1]).ifPresent(f -> fired.add(k[0] + " " + k[1] + " " + f.name()));
        }
        Collections.sort(fired);
        return fired;
    }

    @Test
    void theSameSeedFiresTheSameFaultsWhateverTheInterleaving() {
        assertThat(decisions(42, true)).isEqualTo(decisions(42, false)).isNotEmpty();
        assertThat(decisions(43, false)).isNotEqualTo(decisions(42, false));
    }

    @Test
    void ratesAreWhatWasAskedFor() {
        FaultPlan<Fault> plan = FaultPlan.seeded(7).atRate("images.put", 0.1, BOOM);
        int fired = 0;
        for (int i = 0; i < 20_000; i++) {
            if (plan.decide("images.put", "k" + i).isPresent()) {
                fired++;
            }
        }
        assertThat(fired).isBetween(1_800, 2_200);
        assertThat(plan.decide("images.get", "k1")).isEmpty();
    }

    @Test
    void schedulesCountCallsPerOperation() {
        FaultPlan<Fault> plan = FaultPlan.seeded(1).firstCalls("dynamo*", 2, BOOM).onCalls("s3.PutObject", BOOM, 3);
        assertThat(plan.decide("dynamodb.GetItem", "a")).isPresent();
        assertThat(plan.decide("dynamodb.GetItem", "b")).isPresent();
        assertThat(plan.decide("dynamodb.GetItem", "c")).isEmpty();
        assertThat(plan.decide("dynamodb.PutItem", "a")).as("counted per operation").isPresent();
        assertThat(plan.decide("s3.PutObject", "x")).isEmpty();
        assertThat(plan.decide("s3.PutObject", "x")).isEmpty();
        assertThat(plan.decide("s3.PutObject", "x")).isPresent();
        assertThat(plan.injectedCounts()).containsEntry("dynamodb.GetItem test-unavailable", 2L);
    }

    @Test
    void firstInEachContextStopAfterAndDisable() {
        FaultPlan<Fault> plan = FaultPlan.seeded(1).firstInEachContext("lambda.*", BOOM);
        assertThat(plan.decide("lambda.base", "e1/i0")).isPresent();
        assertThat(plan.decide("lambda.base", "e1/i0")).isEmpty();
        assertThat(plan.decide("lambda.base", "e1/i1")).isPresent();
        plan.disable();
        assertThat(plan.decide("lambda.base", "e2/i0")).isEmpty();
        plan.enable();
        plan.stopAfter(2);
        assertThat(plan.decide("lambda.base", "e3/i0")).isEmpty();
        assertThat(plan.calls("lambda.base")).isEqualTo(5);
    }

    @Test
    void aFaultAfterTheCallLetsTheRealCallHappenFirst() {
        dev.refinery.ports.memory.InMemoryImageStore real = new dev.refinery.ports.memory.InMemoryImageStore();
        FaultyImageStore store = new FaultyImageStore(real, FaultPlan.seeded(1).always("images.put", Faults.crashAfter()));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.put("k", new byte[1], "x", java.util.Map.of()))
                .isInstanceOf(Faults.InjectedCrash.class);
        assertThat(real.exists("k")).as("the write happened before the crash").isTrue();
        FaultyImageStore failing = new FaultyImageStore(real, FaultPlan.seeded(1).always("images.put", Faults.storeUnavailable("s3")));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> failing.put("j", new byte[1], "x", java.util.Map.of()))
                .isInstanceOf(dev.refinery.domain.TransientRefineryException.class);
        assertThat(real.exists("j")).as("a fault before the call stops it").isFalse();
    }
}
