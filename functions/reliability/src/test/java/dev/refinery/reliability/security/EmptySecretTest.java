package dev.refinery.reliability.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.refinery.aws.Engines;
import dev.refinery.aws.config.RefineryConfig;
import dev.refinery.aws.testing.Fixtures;
import dev.refinery.domain.EngineUnavailableException;
import dev.refinery.domain.Stage;
import dev.refinery.engine.EditRequest;
import dev.refinery.engine.EditResult;
import dev.refinery.engine.RefinementEngine;
import dev.refinery.reliability.harness.Photos;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 5: a stack deployed with engines {@code classic,openai} before anyone stored the OpenAI key
 * (the secret empty) must still refine with the classic engine; only an openai step may fail, and it says why.
 * The stage functions' engines are built as {@code Wiring.stages()} builds them ({@link Engines#forStages}).
 */
class EmptySecretTest {
    @Test
    void classicSessionsDoNotDependOnTheOpenAiSecret() {
        AtomicInteger reads = new AtomicInteger();
        Map<String, String> env = Map.of(
                "REFINERY_OPENAI_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:refinery/openai-AbCdEf",
                "REFINERY_ENGINES", "classic,openai");
        Engines deployed = Engines.forStages(RefineryConfig.from(Fixtures.env(env)), arn -> {
            reads.incrementAndGet();
            return ""; // created by the stack, no value put yet
        }, env);

        RefinementEngine classic = deployed.engine("classic").orElseThrow();
        BufferedImage photo = decode(Photos.flatPng(400, 300, new Color(40, 90, 160)));
        EditResult r = classic.edit(Stage.LIGHTING, new EditRequest(photo, photo, List.of("amazon-main"), null, Map.of(), List.of(),
                Map.of(), "acme"));
        assertThat(r.image()).isNotNull();
        assertThat(reads).as("the classic engine never reads the OpenAI secret").hasValue(0);

        RefinementEngine openai = deployed.engine("openai").orElseThrow();
        assertThatThrownBy(() -> openai.edit(Stage.LIGHTING, new EditRequest(photo, photo, List.of("amazon-main"), null, Map.of(),
                List.of(), Map.of("category", "generic"), "acme")))
                .isInstanceOf(EngineUnavailableException.class)
                .hasMessageContaining("empty");
        assertThat(reads.get()).isPositive();
    }

    private static BufferedImage decode(byte[] png) {
        try {
            return javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
