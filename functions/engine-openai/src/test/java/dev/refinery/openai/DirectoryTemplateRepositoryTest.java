package dev.refinery.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.refinery.domain.InvalidInputException;
import dev.refinery.domain.Stage;
import dev.refinery.engine.EditRequest;
import dev.refinery.engine.EditResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryTemplateRepositoryTest extends TemplateRepositoryContract {
    @TempDir
    Path root;

    @Override
    TemplateRepository repository() {
        return new DirectoryTemplateRepository(root, new ClasspathTemplateRepository());
    }

    private void write(String tenant, String category, String version, String detailGoal) {
        try {
            String bundled = new String(ClasspathTemplateRepository.class.getResourceAsStream("templates/" + category + ".json").readAllBytes());
            var node = (com.fasterxml.jackson.databind.node.ObjectNode) FakeImagesApi.JSON.readTree(bundled);
            node.put("version", version);
            ((com.fasterxml.jackson.databind.node.ObjectNode) node.path("steps").path("detail")).put("goal", detailGoal);
            Files.createDirectories(root.resolve(tenant));
            Files.writeString(root.resolve(tenant).resolve(category + ".json"), node.toPrettyString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aTenantsOwnTemplateWinsForThatTenantOnly() {
        write("acme", "apparel", "acme-7", "Acme house style: steam out every crease, keep the garment exactly as photographed.");
        PromptTemplate own = repository().template("acme", "apparel");
        assertThat(own.version()).isEqualTo("acme-7");
        assertThat(own.source()).isEqualTo("tenant:acme");
        assertThat(own.step("detail").goal()).startsWith("Acme house style");
        assertThat(repository().template("other", "apparel").source()).isEqualTo("bundled");
        assertThat(repository().template("acme", "food").source()).as("not overridden").isEqualTo("bundled");
    }

    @Test
    void theVersionUsedIsRecordedOnTheImageVersion() {
        write("acme", "apparel", "acme-7", "Acme house style: steam out every crease, keep the garment exactly as photographed.");
        try (MockApi mock = new MockApi()) {
            OpenAiEngine engine = new OpenAiEngine(
                    OpenAiEngine.client(mock.config, new EnvApiKeyProvider(Map.of("OPENAI_API_KEY", MockApi.TEST_KEY)), b -> { }),
                    mock.config, new BackdropSegmenter(), repository(), mock.ledger, dev.refinery.domain.PresetCatalog.bundled(),
                    java.time.Clock.systemUTC());
            TestPhotos.Photo p = TestPhotos.bottle(320, 240);
            EditResult r = engine.edit(Stage.DETAIL, new EditRequest(p.image(), p.image(), List.of("amazon-main"), null, Map.of(),
                    List.of(), Map.of("category", "apparel"), "acme"));
            assertThat(r.params()).containsEntry("template.version", "apparel@acme-7").containsEntry("template.source", "tenant:acme");
            assertThat(mock.api.received.get(0).form().field("prompt")).startsWith("Acme house style");
        }
    }

    @Test
    void anIncompleteTenantTemplateFailsWithTheReason() throws IOException {
        Files.createDirectories(root.resolve("acme"));
        Files.writeString(root.resolve("acme/food.json"), "{\"category\":\"food\",\"version\":\"2\",\"subject\":\"food\",\"preserve\":\"keep it\",\"steps\":{}}");
        assertThatThrownBy(() -> repository().template("acme", "food"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("acme/food.json")
                .hasMessageContaining("steps.base")
                .hasMessageContaining("\"goal\" is missing");
    }

    @Test
    void tenantIdsCannotLeaveTheFolder() throws IOException {
        Files.createDirectories(root.getParent().resolve("outside"));
        assertThat(repository().template("../outside", "food").source()).isEqualTo("bundled");
        assertThat(repository().template("..", "food").source()).isEqualTo("bundled");
    }
}
