package dev.refinery.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.refinery.aws.testing.TestEngines;
import dev.refinery.local.LocalStack;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The curl session make serve prints, run as printed against a live stack (needs bash, curl and jq; skipped without them). */
class ServeExampleScriptTest {
    @TempDir
    Path dir;

    /** Whether an executable of this name is on the PATH (the example sessions need bash, curl and jq). */
    static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void thePrintedExampleSessionWorksAgainstTheStack() throws Exception {
        assumeTrue(onPath("bash") && onPath("curl") && onPath("jq"), "bash, curl and jq are needed to run the example session: skipped");
        Path photo = dir.resolve("mug photo.jpg");
        Files.write(photo, TestEngines.productPhoto(360, 280));
        try (LocalStack stack = LocalStack.start(LocalStack.Settings.defaults(dir.resolve("stack")).withEngines(TestEngines.engines()))) {
            String script = ServeCommand.example(stack.api().endpoint().toString(), photo, "acme");
            Path file = dir.resolve("example.sh");
            Files.writeString(file, script, StandardCharsets.UTF_8);
            Process p = new ProcessBuilder("bash", file.toString()).redirectErrorStream(true).start();
            assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("the example finished").isTrue();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(output).isZero();
            assertThat(output).contains("upload: HTTP 204").containsPattern("session [0-9a-f-]+: (COMPLETED|NEEDS_REVIEW)")
                    .contains("\"stage\":\"lighting\"").contains("\"head\":2").contains("\"type\":\"Refinement")
                    .contains("/walmart/MUG-1-walmart.jpg\",\"status\":\"written\"").contains("/walmart/MUG-1-walmart.jpg\",\"status\":\"unchanged\"")
                    .contains("{\"version\":1,\"background\":\"#f3efe6\",\"preset\":\"brand-site@1\"}")
                    .containsPattern("\\{\"preset\":\"walmart\",\"views\":1,\"spread\":\\{");
            // The upload started one session and the script one more; both are listed for the SKU.
            assertThat(stack.store().findBySku("acme", "MUG-1")).hasSize(2);
        }
    }
}
