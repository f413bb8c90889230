package dev.refinery.openai;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClasspathTemplateRepositoryTest extends TemplateRepositoryContract {
    private final ClasspathTemplateRepository repo = new ClasspathTemplateRepository();

    @Override
    TemplateRepository repository() {
        return repo;
    }

    @Test
    void bundledTemplatesSayTheyAreBundled() {
        assertThat(repo.template("any", "food").source()).isEqualTo("bundled");
    }
}
