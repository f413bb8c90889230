package dev.refinery.application.ports.memory;

import dev.refinery.application.ports.CompletionNotifier;
import dev.refinery.application.ports.RefinementEvent;
import java.util.ArrayList;
import java.util.List;

/** Keeps the events it was asked to publish. */
public final class RecordingNotifier implements CompletionNotifier {
    private final List<RefinementEvent> events = new ArrayList<>();

    @Override
    public synchronized void publish(RefinementEvent event) {
        events.add(event);
    }

    public synchronized List<RefinementEvent> events() {
        return List.copyOf(events);
    }
}
