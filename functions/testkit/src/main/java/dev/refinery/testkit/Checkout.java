package dev.refinery.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Files of the repository the tests run in (the sample events, the docs, the photo lab's corpus), found from its
 * root rather than from the working directory, so the lookup is the same whichever module's tests run.
 */
public final class Checkout {
    private Checkout() {
    }

    /** The repository's root: the nearest folder upwards from the working directory with functions/ and a pom.xml. */
    public static Optional<Path> root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("functions")) && Files.exists(dir.resolve("pom.xml"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    /**
     * {@code relative} (e.g. {@code "events"}, {@code "functions/photolab/corpus"}) under the root; outside a checkout,
     * under the working directory, so a test that checks it exists still names a path when it skips.
     */
    public static Path path(String relative) {
        return root().orElse(Path.of("").toAbsolutePath()).resolve(relative);
    }
}
