package dev.refinery.openai;

import dev.refinery.domain.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Tenant overrides from a folder, {@code ROOT/<tenant>/<category>.json}, falling back to another
 * repository (the bundled templates) for everything a tenant did not override. Files are read on
 * each call: they are small, a model call takes far longer, and an operator's edit takes effect on
 * the next step without a restart.
 */
public final class DirectoryTemplateRepository implements TemplateRepository {
    private static final Pattern SAFE_TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final Path root;
    private final TemplateRepository fallback;

    public DirectoryTemplateRepository(Path root, TemplateRepository fallback) {
        this.root = root;
        this.fallback = fallback;
    }

    @Override
    public PromptTemplate template(String tenant, String category) {
        String c = TemplateRepository.normalise(category);
        // A tenant id that could leave the folder ("../x") never reaches the file system.
        if (tenant == null || !SAFE_TENANT.matcher(tenant).matches() || tenant.contains("..")) {
            return fallback.template(tenant, c);
        }
        Path file = root.resolve(tenant).resolve(c + ".json");
        if (!Files.isRegularFile(file)) {
            return fallback.template(tenant, c);
        }
        try (InputStream in = Files.newInputStream(file)) {
            PromptTemplate t = PromptTemplate.parse(in, "tenant:" + tenant, "tenant template " + tenant + "/" + c + ".json");
            if (!t.category().equals(c)) {
                throw new IllegalArgumentException("tenant template " + tenant + "/" + c + ".json says category " + t.category());
            }
            return t;
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidInputException("The prompt template " + tenant + "/" + c + ".json cannot be used: " + e.getMessage(),
                    "fix the file (every field of the bundled template is required) or remove it to use the bundled one", e);
        }
    }
}
