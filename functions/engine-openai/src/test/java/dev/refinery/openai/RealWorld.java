package dev.refinery.openai;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the shared third-party test material lives: the system property {@code refinery.realworld},
 * the variable {@code REFINERY_REALWORLD}, {@code ../shared/realworld} beside the repository, or
 * {@code /work/shared/realworld}. Tests that need it skip, saying so, when none exists.
 */
final class RealWorld {
    private RealWorld() {
    }

    static Optional<Path> root() {
        List<Path> candidates = new ArrayList<>();
        String prop = System.getProperty("refinery.realworld");
        if (prop != null) {
            candidates.add(Path.of(prop));
        }
        String env = System.getenv("REFINERY_REALWORLD");
        if (env != null) {
            candidates.add(Path.of(env));
        }
        // Tests run in functions/engine-openai: the repository root is two levels up.
        candidates.add(Path.of("../../../shared/realworld"));
        candidates.add(Path.of("../shared/realworld"));
        candidates.add(Path.of("/work/shared/realworld"));
        return candidates.stream().filter(Files::isDirectory).findFirst().map(Path::toAbsolutePath);
    }

    static Optional<Path> file(String relative) {
        return root().map(r -> r.resolve(relative)).filter(Files::isRegularFile);
    }
}
