package dev.refinery.application.ports;

/** Announces a session's end (EventBridge in AWS). */
public interface CompletionNotifier {
    void publish(RefinementEvent event);
}
