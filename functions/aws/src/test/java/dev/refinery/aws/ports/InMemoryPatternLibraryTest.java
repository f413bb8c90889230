package dev.refinery.aws.ports;

import dev.refinery.aws.PatternLibraryContract;
import dev.refinery.aws.ports.memory.InMemoryPatternLibrary;

class InMemoryPatternLibraryTest extends PatternLibraryContract {
    private final InMemoryPatternLibrary library = new InMemoryPatternLibrary();

    @Override
    protected PatternLibrary library() {
        return library;
    }
}
