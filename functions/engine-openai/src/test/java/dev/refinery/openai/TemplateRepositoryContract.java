package dev.refinery.openai;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** What every {@link TemplateRepository} does; each implementation's test extends this. */
abstract class TemplateRepositoryContract {
    abstract TemplateRepository repository();

    @ParameterizedTest
    @ValueSource(strings = {"apparel", "jewellery", "electronics", "cosmetics", "furniture", "food", "generic"})
    void everyCategoryHasACompleteVersionedTemplate(String category) {
        PromptTemplate t = repository().template("tenant-without-overrides", category);
        assertThat(t.category()).isEqualTo(category);
        assertThat(t.version()).isNotBlank();
        assertThat(t.id()).isEqualTo(category + "@" + t.version());
        assertThat(t.subject()).isNotBlank();
        assertThat(t.preserve()).isNotBlank();
        for (String step : PromptTemplate.STEPS) {
            assertThat(t.step(step).goal()).as(step).hasSizeGreaterThan(40);
            assertThat(t.step(step).summary()).as(step).isNotBlank();
        }
    }

    @Test
    void unknownAndMissingCategoriesUseTheGenericTemplate() {
        assertThat(repository().template("t", "spaceships").category()).isEqualTo("generic");
        assertThat(repository().template("t", null).category()).isEqualTo("generic");
    }

    @Test
    void commonAliasesAreFolded() {
        assertThat(repository().template("t", "Jewelry").category()).isEqualTo("jewellery");
        assertThat(repository().template("t", "clothing").category()).isEqualTo("apparel");
    }
}
