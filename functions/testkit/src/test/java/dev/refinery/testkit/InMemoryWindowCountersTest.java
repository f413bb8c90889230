package dev.refinery.testkit;

import dev.refinery.ports.WindowCounters;
import dev.refinery.ports.memory.InMemoryWindowCounters;

class InMemoryWindowCountersTest extends WindowCountersContract {
    private final InMemoryWindowCounters counters = new InMemoryWindowCounters();

    @Override
    protected WindowCounters counters() {
        return counters;
    }
}
