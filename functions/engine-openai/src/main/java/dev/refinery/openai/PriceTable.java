package dev.refinery.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Token prices per model, in USD per million tokens. Data, not code: the bundled
 * {@code prices.json} or a file named by configuration, because prices change more often than code.
 */
public final class PriceTable {
    private static final Pattern SNAPSHOT = Pattern.compile("-\\d{4}-\\d{2}-\\d{2}$");

    /** USD per 1M tokens. */
    public record Prices(double textInput, double imageInput, double imageOutput, double textOutput) {
        public Prices {
            if (textInput < 0 || imageInput < 0 || imageOutput < 0 || textOutput < 0) {
                throw new IllegalArgumentException("prices must not be negative");
            }
        }
    }

    private final Map<String, Prices> byModel;
    private final String source;

    private PriceTable(Map<String, Prices> byModel, String source) {
        this.byModel = Map.copyOf(byModel);
        this.source = source;
    }

    public static PriceTable bundled() {
        try (InputStream in = PriceTable.class.getResourceAsStream("prices.json")) {
            if (in == null) {
                throw new IllegalStateException("dev/refinery/openai/prices.json is missing from the classpath");
            }
            return parse(in, "bundled prices.json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static PriceTable fromFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the price table " + file + ": " + e.getMessage(), e);
        }
    }

    static PriceTable parse(InputStream json, String source) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        Map<String, Prices> map = new LinkedHashMap<>();
        JsonNode models = root.path("models");
        if (!models.isObject() || models.isEmpty()) {
            throw new IllegalArgumentException("price table " + source + " has no \"models\" object");
        }
        models.fields().forEachRemaining(e -> {
            JsonNode p = e.getValue();
            for (String field : new String[] {"textInput", "imageInput", "imageOutput", "textOutput"}) {
                if (!p.path(field).isNumber()) {
                    throw new IllegalArgumentException("price table " + source + ": model " + e.getKey() + " lacks a number for " + field);
                }
            }
            map.put(e.getKey().toLowerCase(Locale.ROOT), new Prices(p.get("textInput").asDouble(), p.get("imageInput").asDouble(),
                    p.get("imageOutput").asDouble(), p.get("textOutput").asDouble()));
        });
        return new PriceTable(map, source);
    }

    /** The prices of a model, or of the model a dated snapshot ("gpt-image-2-2026-04-21") belongs to. */
    public Optional<Prices> forModel(String model) {
        String m = model.toLowerCase(Locale.ROOT);
        Prices p = byModel.get(m);
        if (p == null) {
            p = byModel.get(SNAPSHOT.matcher(m).replaceFirst(""));
        }
        return Optional.ofNullable(p);
    }

    public String source() {
        return source;
    }
}
