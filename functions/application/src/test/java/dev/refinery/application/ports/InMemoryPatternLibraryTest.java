package dev.refinery.application.ports;

import dev.refinery.application.ports.memory.InMemoryPatternLibrary;

class InMemoryPatternLibraryTest extends PatternLibraryContract {
    private final InMemoryPatternLibrary library = new InMemoryPatternLibrary();

    @Override
    protected PatternLibrary library() {
        return library;
    }
}
