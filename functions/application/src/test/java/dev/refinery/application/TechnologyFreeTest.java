package dev.refinery.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The use cases and their ports know no technology: no AWS SDK, no Lambda, no aws module, no log4j, no OpenAI. The
 * aws module adapts them to AWS, the local module to H2; a class here that needs one of these belongs there.
 * Reads this module's sources (Maven runs tests in the module's folder).
 */
class TechnologyFreeTest {
    private static final Path SOURCES = Path.of("src", "main", "java");
    private static final List<String> FORBIDDEN = List.of(
            "software.amazon", "com.amazonaws", "dev.refinery.aws", "org.apache.logging", "com.openai");
    /** {@code import a.b.C;}, {@code import static a.b.C.m;} and {@code import a.b.*;}. */
    private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+(?:static\\s+)?([\\w.]+(?:\\.\\*)?)\\s*;", Pattern.MULTILINE);

    @Test
    void noMainSourceImportsAnAdapterTechnology() throws IOException {
        assertThat(SOURCES.resolve("dev/refinery/application"))
                .as("the module's sources, read from %s (the test must run in functions/application)", SOURCES.toAbsolutePath())
                .isDirectory();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(SOURCES)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        assertThat(files).as("main source files under %s", SOURCES.toAbsolutePath()).hasSizeGreaterThan(10);

        List<String> offences = new ArrayList<>();
        for (Path file : files) {
            for (String imported : imports(file)) {
                if (FORBIDDEN.stream().anyMatch(f -> imported.equals(f) || imported.startsWith(f + "."))) {
                    offences.add(SOURCES.relativize(file) + " imports " + imported);
                }
            }
            String text = read(file);
            for (String f : FORBIDDEN) {
                // a fully qualified use without an import (new software.amazon.awssdk...Foo()) counts too
                if (Pattern.compile("(?<![\\w.])" + Pattern.quote(f) + "\\.").matcher(withoutImports(text)).find()) {
                    offences.add(SOURCES.relativize(file) + " names " + f + ".*");
                }
            }
        }
        assertThat(offences).as("functions/application must stay free of AWS, Lambda, the aws module, log4j and OpenAI").isEmpty();
    }

    @Test
    void theCheckSeesAForbiddenImport() {
        String source = "package x;\n\nimport java.util.List;\nimport static org.apache.logging.log4j.LogManager.getLogger;\n"
                + "import software.amazon.awssdk.services.s3.S3Client;\n";
        List<String> found = new ArrayList<>();
        Matcher m = IMPORT.matcher(source);
        while (m.find()) {
            found.add(m.group(1));
        }
        assertThat(found).containsExactly("java.util.List", "org.apache.logging.log4j.LogManager.getLogger",
                "software.amazon.awssdk.services.s3.S3Client");
    }

    private static List<String> imports(Path file) {
        List<String> found = new ArrayList<>();
        Matcher m = IMPORT.matcher(read(file));
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static String withoutImports(String text) {
        return IMPORT.matcher(text).replaceAll("");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
