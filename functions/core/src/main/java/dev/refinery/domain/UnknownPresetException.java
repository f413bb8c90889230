package dev.refinery.domain;

import java.util.Collection;

public class UnknownPresetException extends InvalidInputException {
    public UnknownPresetException(String id, Collection<String> known) {
        super("Unknown preset '" + id + "'", "use one of: " + String.join(", ", known));
    }
}
