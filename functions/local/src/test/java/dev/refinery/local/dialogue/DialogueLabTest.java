package dev.refinery.local.dialogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.refinery.local.LocalStack;
import dev.refinery.testkit.Checkout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One photo-lab dialogue through the local stack's API (make dialogues runs twenty): each round meets the feedback issue's bar. */
class DialogueLabTest {
    @TempDir
    Path dir;

    @Test
    void aDialogueOfThreeRoundsMeetsTheBar() throws Exception {
        Path photo = Checkout.path("functions/photolab/corpus/pl-001");
        assumeTrue(Files.isRegularFile(photo.resolve("photo.jpg")), "the photo lab's corpus is not in this checkout");
        List<DialogueLab.Round> rounds;
        try (LocalStack stack = LocalStack.start(LocalStack.Settings.defaults(dir))) {
            rounds = new DialogueLab(stack, "classic").run(List.of(photo));
        }
        assertThat(rounds).extracting(DialogueLab.Round::kind).containsExactlyElementsOf(DialogueLab.SCRIPTS.get(0));
        assertThat(rounds).allSatisfy(r -> {
            assertThat(r.effectInRange()).as("%s: %s", r.kind(), r.measured()).isTrue();
            assertThat(r.othersUnchanged()).as("%s: %s", r.kind(), r.measured()).isTrue();
        });
        assertThat(DialogueLab.summary(rounds)).contains("2/2 (100%)").contains("declined with the answer, no round opened 1/1");
    }
}
