package dev.refinery.aws.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.refinery.aws.Json;
import dev.refinery.domain.NotFoundException;
import dev.refinery.testkit.Checkout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every sample in the repository's events/ folder runs through its handler (as `make invoke` does, STACK=memory). */
class EventsFolderTest {
    private static final Path EVENTS = Checkout.path("events");

    /** File name -> handler and what it answers on empty in-memory stores. */
    private static final Map<String, String> API_STATUS = Map.ofEntries(
            Map.entry("api-post-uploads.json", "200"), Map.entry("api-post-sessions-upload.json", "404"),
            Map.entry("api-post-sessions-prompt.json", "400"), Map.entry("api-get-session.json", "404"),
            Map.entry("api-get-versions.json", "404"), Map.entry("api-post-refinements.json", "404"),
            Map.entry("api-post-approve.json", "404"), Map.entry("api-post-revert.json", "404"),
            Map.entry("api-get-sessions-by-sku.json", "200"), Map.entry("api-put-catalog-item.json", "200"),
            Map.entry("api-get-catalog-items.json", "200"), Map.entry("api-no-tenant.json", "401"),
            Map.entry("api-path-traversal.json", "400"));

    static String handlerFor(String file) {
        if (file.startsWith("s3-") || file.startsWith("eventbridge-object")) {
            return "UploadTriggerHandler";
        }
        if (file.startsWith("api-")) {
            return "ApiHandler";
        }
        if (file.startsWith("scheduled-") || file.startsWith("scheduler-")) {
            return "CatalogRefreshHandler";
        }
        if (file.startsWith("publisher-")) {
            return "PublisherHandler";
        }
        if (file.startsWith("failure-recorder")) {
            return "FailureRecorderHandler";
        }
        String stage = file.substring("stage-".length(), file.indexOf('-', "stage-".length()) < 0 ? file.indexOf('.') : file.indexOf('-', "stage-".length()));
        return switch (stage) {
            case "base" -> "BaseStageHandler";
            case "lighting" -> "LightingStageHandler";
            case "background" -> "BackgroundStageHandler";
            case "detail" -> "DetailStageHandler";
            case "finalize" -> "FinalizeStageHandler";
            case "quality" -> "QualityCheckStageHandler";
            default -> throw new AssertionError("no handler for " + file);
        };
    }

    @Test
    void theFolderHasASampleForEveryHandlerAndRoute() throws Exception {
        try (Stream<Path> s = Files.list(EVENTS)) {
            List<String> handlers = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).map(EventsFolderTest::handlerFor).distinct().toList();
            assertThat(handlers).hasSize(11);
        }
        assertThat(API_STATUS.keySet()).allMatch(f -> Files.exists(EVENTS.resolve(f)));
    }

    @TestFactory
    Stream<DynamicTest> everySampleRuns() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(EVENTS)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            String name = f.getFileName().toString();
            Object handler = Invoke.construct(Class.forName("dev.refinery.aws.handlers." + handlerFor(name)), "memory");
            byte[] event = Files.readAllBytes(f);
            if (name.startsWith("stage-") || name.startsWith("publisher-") || name.startsWith("failure-recorder")) {
                assertThatThrownBy(() -> Invoke.run(handler, event)).isInstanceOf(NotFoundException.class).hasMessageContaining("No session");
                return;
            }
            JsonNode out = Json.tree(Invoke.run(handler, event));
            if (name.startsWith("api-")) {
                assertThat(out.get("statusCode").asText()).as(out.toString()).isEqualTo(API_STATUS.get(name));
            } else if (name.equals("s3-put-upload.json") || name.equals("eventbridge-object-created.json")) {
                assertThat(out.get("started").asInt()).as(out.toString()).isEqualTo(1);
            } else if (name.equals("s3-put-outside-prefix.json")) {
                assertThat(out.get("ignored").asInt()).isEqualTo(1);
            } else if (name.equals("s3-put-unsupported-type.json")) {
                assertThat(out.get("rejected").asInt()).isEqualTo(1);
            } else if (name.equals("s3-lifecycle-expiration.json")) {
                // the sample session has no versions in empty stores: recorded as ignored, nothing started
                assertThat(out.get("expired").get(0).get("outcome").asText()).as(out.toString()).isEqualTo("IGNORED");
                assertThat(out.get("started").asInt()).isZero();
            } else {
                assertThat(out.get("scanned").asInt()).as(out.toString()).isZero();
            }
        }));
    }
}
