package dev.refinery.imaging.classic;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * Third-party test photos (shared/realworld, never copied into the repository): the system property
 * {@code refinery.realworld} or the environment variable {@code REFINERY_REALWORLD}, else
 * {@code ../shared/realworld} next to the repository root, else the workplace's {@code /work/shared/realworld}.
 */
final class RealWorld {
    private RealWorld() {
    }

    static Optional<Path> folder() {
        String configured = System.getProperty("refinery.realworld", System.getenv("REFINERY_REALWORLD"));
        if (configured != null && !configured.isBlank()) {
            Path p = Paths.get(configured);
            return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
        }
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("functions")) && Files.exists(dir.resolve("pom.xml"))) {
                Path p = dir.resolveSibling("shared").resolve("realworld");
                if (Files.isDirectory(p)) {
                    return Optional.of(p);
                }
                break;
            }
            dir = dir.getParent();
        }
        Path workplace = Paths.get("/work/shared/realworld");
        return Files.isDirectory(workplace) ? Optional.of(workplace) : Optional.empty();
    }
}
