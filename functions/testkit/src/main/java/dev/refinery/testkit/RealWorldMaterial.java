package dev.refinery.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the shared third-party test material lives (Lambda sample events, OpenAI's images API excerpt, CC0 photos;
 * never copied into the repository): the system property {@code refinery.realworld}, else the variable
 * {@code REFINERY_REALWORLD}, else {@code shared/realworld} beside the repository's root (found upwards from the
 * working directory, whichever module's tests run), else the workplace's {@code /work/shared/realworld}. Tests that
 * need it skip, saying where they looked, when none exists. The one lookup every module's tests use.
 */
public final class RealWorldMaterial {
    private static final Path WORKPLACE = Path.of("/work/shared/realworld");

    private RealWorldMaterial() {
    }

    /** The folder, when one exists. */
    public static Optional<Path> folder() {
        String configured = System.getProperty("refinery.realworld", System.getenv("REFINERY_REALWORLD"));
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured).toAbsolutePath();
            return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
        }
        Optional<Path> beside = Checkout.root().map(root -> root.resolveSibling("shared").resolve("realworld")).filter(Files::isDirectory);
        if (beside.isPresent()) {
            return beside;
        }
        return Files.isDirectory(WORKPLACE) ? Optional.of(WORKPLACE) : Optional.empty();
    }

    /** The folder, or else the last place it is looked for, so a test that skips can name a path. */
    public static Path folderOrWorkplace() {
        return folder().orElse(WORKPLACE);
    }

    /** A file under the folder, when both exist. */
    public static Optional<Path> file(String relative) {
        return folder().map(r -> r.resolve(relative)).filter(Files::isRegularFile);
    }

    /** Where it was looked for, for a test's skip message. */
    public static String lookedFor() {
        return "-Drefinery.realworld, $REFINERY_REALWORLD, shared/realworld beside the repository, " + WORKPLACE;
    }
}
