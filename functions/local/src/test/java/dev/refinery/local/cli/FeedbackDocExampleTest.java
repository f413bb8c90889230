package dev.refinery.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.refinery.local.LocalStack;
import dev.refinery.testkit.Checkout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/feedback.md's example session, the block a seller pastes, run as written against a live local stack with the
 * classic engine on a photo-lab mug (needs bash, curl and jq; skipped without them): the page cannot drift from the API.
 */
class FeedbackDocExampleTest {
    private static final Path DOC = Checkout.path("docs/feedback.md");
    private static final Path MUG = Checkout.path("functions/photolab/corpus/pl-012/photo.jpg");

    @TempDir
    Path dir;

    /** The bash block between the page's example-session markers. */
    static String block(String page) {
        String marked = page.substring(page.indexOf("<!-- example-session -->"), page.indexOf("<!-- /example-session -->"));
        return marked.substring(marked.indexOf("```bash\n") + 8, marked.lastIndexOf("```"));
    }

    @Test
    void theExampleSessionOfThePageWorksAsWritten() throws Exception {
        assumeTrue(ServeExampleScriptTest.onPath("bash") && ServeExampleScriptTest.onPath("curl") && ServeExampleScriptTest.onPath("jq"), "bash, curl and jq are needed to run the example session: skipped");
        assumeTrue(Files.isRegularFile(MUG), "the photo lab's corpus is not in this checkout: skipped");
        String script = "set -euo pipefail\n" + block(Files.readString(DOC));
        Path file = dir.resolve("example.sh");
        Files.writeString(file, script, StandardCharsets.UTF_8);
        try (LocalStack stack = LocalStack.start(LocalStack.Settings.defaults(dir.resolve("stack")))) {
            ProcessBuilder pb = new ProcessBuilder("bash", file.toString()).redirectErrorStream(true);
            pb.environment().put("API", stack.api().endpoint().toString());
            pb.environment().put("PHOTO", MUG.toAbsolutePath().toString());
            pb.environment().put("TENANT", "acme");
            Process p = pb.start();
            assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("the example finished").isTrue();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(output).isZero();
            assertThat(output)
                    .contains("the mug is navy")                                         // the capabilities offered
                    .contains("\"steps\":[\"lighting.brighter\",\"lighting.warmer\"]")  // two changes, planned
                    .contains("\"error\":\"invalid_input\"").contains("requires a pure white background")
                    .contains("toward navy")
                    .contains("\"effect.brighter\"").contains("\"effect.warmer\"").contains("\"effect.colour\"");
            assertThat(output.lines().filter(l -> l.startsWith("session: "))).hasSize(3);
        }
    }
}
