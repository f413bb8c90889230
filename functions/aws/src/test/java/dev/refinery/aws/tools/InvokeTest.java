package dev.refinery.aws.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refinery.testkit.Checkout;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** make invoke's mistakes are one line each saying what to do, never a raw stack trace (issue 13). */
class InvokeTest {
    /** The repository's events folder (the tests run in functions/aws), as EventsFolderTest reads it. */
    private static final Path EVENTS = Checkout.path("events");
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();

    private int invoke(String fn, String event) {
        return Invoke.invoke(new String[] {fn, event}, "memory", new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anUnknownHandlerIsOneLineNamingTheRealOnes() {
        assertThat(invoke("UploadTriggerHandlr", EVENTS.resolve("s3-put-upload.json").toString())).isEqualTo(2);
        assertThat(err()).startsWith("invoke: no handler UploadTriggerHandlr").contains("UploadTriggerHandler").doesNotContain("\tat ");
        assertThat(err().lines()).hasSize(1);
    }

    @Test
    void aMissingEventFileIsOneLinePointingAtEvents() {
        assertThat(invoke("UploadTriggerHandler", "events/no-such-event.json")).isEqualTo(2);
        assertThat(err()).startsWith("invoke: no event file").contains("events/").doesNotContain("\tat ");
        assertThat(err().lines()).hasSize(1);
    }

    @Test
    void aMissingSessionSaysMemoryStartsEmpty() {
        assertThat(invoke("PublisherHandler", EVENTS.resolve("publisher-completed.json").toString())).isEqualTo(1);
        assertThat(err()).contains("PublisherHandler failed: NotFoundException").contains("STACK=memory starts empty")
                .contains("REFINERY_INVOKE_TRACE=1").doesNotContain("\tat ");
    }
}
