package dev.refinery.openai;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The bundled templates ({@code dev/refinery/openai/templates/<category>.json}), read once. Tenants are ignored. */
public final class ClasspathTemplateRepository implements TemplateRepository {
    private final Map<String, PromptTemplate> byCategory;

    public ClasspathTemplateRepository() {
        Map<String, PromptTemplate> map = new LinkedHashMap<>();
        for (String category : CATEGORIES) {
            String resource = "templates/" + category + ".json";
            try (InputStream in = ClasspathTemplateRepository.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("bundled template dev/refinery/openai/" + resource + " is missing");
                }
                PromptTemplate t = PromptTemplate.parse(in, "bundled", "bundled template " + category);
                if (!t.category().equals(category)) {
                    throw new IllegalStateException("bundled template " + resource + " says category " + t.category());
                }
                map.put(category, t);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        this.byCategory = Map.copyOf(map);
    }

    @Override
    public PromptTemplate template(String tenant, String category) {
        return byCategory.get(TemplateRepository.normalise(category));
    }
}
