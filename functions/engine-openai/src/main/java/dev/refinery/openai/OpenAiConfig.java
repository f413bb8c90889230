package dev.refinery.openai;

import dev.refinery.engine.SpendCaps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The openai engine's configuration, read once from the environment (a system property of the
 * same name wins over the environment variable). Holds where the key comes from, never the key.
 *
 * <pre>
 * REFINERY_OPENAI_MODEL                  model id (default gpt-image-2)
 * OPENAI_BASE_URL                        API base URL (default the SDK's, https://api.openai.com/v1)
 * OPENAI_API_KEY                         the key, for local runs
 * REFINERY_OPENAI_SECRET_ARN             Secrets Manager secret holding the key (AWS); wins over the others
 * REFINERY_OPENAI_KEY_PARAMETER          SSM SecureString parameter holding the key (AWS)
 * REFINERY_OPENAI_KEY_TTL_SECONDS        how long a key read from AWS is cached (default 300)
 * REFINERY_SECRETSMANAGER_ENDPOINT, REFINERY_SSM_ENDPOINT   endpoint overrides (tests, local stack)
 * REFINERY_OPENAI_MAX_RETRIES            the SDK's own retries, 0..3 (default 1: the state machine retries too)
 * REFINERY_OPENAI_CONNECT_TIMEOUT_SECONDS (default 10), REFINERY_OPENAI_TIMEOUT_SECONDS per attempt (default 180)
 * REFINERY_OPENAI_RETRY_LATER_AFTER_SECONDS  a Retry-After longer than this becomes RetryLaterException (default 30)
 * REFINERY_OPENAI_LARGE_SIZES            true: allow sizes above 2560x1440 (experimental in the API) up to 3840x2160
 * REFINERY_OPENAI_INPUT_FIDELITY         auto (high where the model accepts it) | high | low | omit
 * REFINERY_OPENAI_FIDELITY_MIN_IOU (0.90), REFINERY_OPENAI_FIDELITY_MAX_DELTA_E (3.0),
 * REFINERY_OPENAI_FIDELITY_MAX_DELTA_E_LIGHTING (8.0), REFINERY_OPENAI_FIDELITY_MIN_STRUCTURE (0.68)
 * REFINERY_OPENAI_OUTPUT_SETTINGS        JSON file of output settings per preset (default bundled)
 * REFINERY_OPENAI_QUALITY                replaces every configured quality (low for cheap trial runs)
 * REFINERY_OPENAI_PRICES                 JSON file of token prices (default bundled)
 * REFINERY_OPENAI_TENANT_CAP_USD         spending cap per tenant (default 25; "none" for no cap)
 * REFINERY_OPENAI_TENANT_CAPS            per-tenant caps: "tenant-a=100,tenant-b=5"
 * REFINERY_OPENAI_TEMPLATE_DIR           folder of tenant prompt templates: DIR/&lt;tenant&gt;/&lt;category&gt;.json
 * REFINERY_OPENAI_PLANNER_MODEL          the language model that plans feedback rounds (default gpt-5-mini; priced
 *                                        from the same price table, charged to the tenant's cap)
 * REFINERY_OPENAI_PLANNER_MAX_TOKENS     its output budget per plan, reasoning included (default 4000)
 * REFINERY_OPENAI_PLANNER_REASONING      minimal | low | medium | high | omit (default low; sent only to reasoning models)
 * </pre>
 *
 * @param inputFidelity "high", "low", or null to omit the field
 */
public record OpenAiConfig(
        String model,
        String baseUrl,
        KeySource keySource,
        int maxRetries,
        Duration connectTimeout,
        Duration requestTimeout,
        long retryLaterAfterSeconds,
        SizeLimits sizes,
        String inputFidelity,
        FidelityThresholds fidelity,
        OutputSettingsTable outputs,
        PriceTable prices,
        double defaultTenantCapUsd,
        Map<String, Double> tenantCapsUsd,
        Path templateDir,
        Planner planner,
        String cutout) {

    public static final String DEFAULT_MODEL = "gpt-image-2";

    /**
     * The feedback planner's model ({@link ModelPlanner}).
     *
     * @param reasoningEffort sent to reasoning models (gpt-5*, o*) only; null to omit
     */
    public record Planner(String model, int maxTokens, String reasoningEffort) {
        public static final String DEFAULT_MODEL = "gpt-5-mini";

        public static Planner defaults() {
            return new Planner(DEFAULT_MODEL, 4000, "low");
        }
    }

    /** Where the key is read from. */
    public record KeySource(Kind kind, String id, String region, String endpoint, Duration ttl) {
        public enum Kind { ENVIRONMENT, SECRETS_MANAGER, SSM_PARAMETER }
    }

    public OpenAiConfig {
        if (maxRetries < 0 || maxRetries > 3) {
            throw new IllegalArgumentException("REFINERY_OPENAI_MAX_RETRIES must be 0..3 (the state machine retries as well), got " + maxRetries);
        }
        ModelProfile profile = ModelProfile.of(model);
        if (inputFidelity != null && !profile.acceptsInputFidelity()) {
            throw new IllegalArgumentException("REFINERY_OPENAI_INPUT_FIDELITY=" + inputFidelity + " but " + model
                    + " does not take input_fidelity (gpt-image-2 always works at high fidelity): use auto or omit");
        }
        tenantCapsUsd = Map.copyOf(tenantCapsUsd);
    }

    public ModelProfile profile() {
        return ModelProfile.of(model);
    }

    public static OpenAiConfig fromEnvironment() {
        return from(System.getenv(), System.getProperties());
    }

    /** Reads the configuration; a system property of the same name wins over the variable. */
    public static OpenAiConfig from(Map<String, String> env, Properties props) {
        Settings s = new Settings(env, props);
        String model = s.text("REFINERY_OPENAI_MODEL", DEFAULT_MODEL);
        ModelProfile profile = ModelProfile.of(model);
        String baseUrl = s.text("OPENAI_BASE_URL", props.getProperty("openai.baseUrl"));

        String region = s.text("AWS_REGION", s.text("AWS_DEFAULT_REGION", null));
        Duration ttl = Duration.ofSeconds(s.integer("REFINERY_OPENAI_KEY_TTL_SECONDS", 300, 0, 86_400));
        KeySource key;
        String secret = s.text("REFINERY_OPENAI_SECRET_ARN", null);
        String parameter = s.text("REFINERY_OPENAI_KEY_PARAMETER", null);
        if (secret != null) {
            key = new KeySource(KeySource.Kind.SECRETS_MANAGER, secret, requireRegion(region, "REFINERY_OPENAI_SECRET_ARN"),
                    s.text("REFINERY_SECRETSMANAGER_ENDPOINT", null), ttl);
        } else if (parameter != null) {
            key = new KeySource(KeySource.Kind.SSM_PARAMETER, parameter, requireRegion(region, "REFINERY_OPENAI_KEY_PARAMETER"),
                    s.text("REFINERY_SSM_ENDPOINT", null), ttl);
        } else {
            key = new KeySource(KeySource.Kind.ENVIRONMENT, EnvApiKeyProvider.VARIABLE, null, null, Duration.ZERO);
        }

        String fidelitySetting = s.text("REFINERY_OPENAI_INPUT_FIDELITY", "auto").toLowerCase(Locale.ROOT);
        String inputFidelity = switch (fidelitySetting) {
            case "auto" -> profile.acceptsInputFidelity() ? "high" : null;
            case "high", "low" -> fidelitySetting;
            case "omit", "none" -> null;
            default -> throw new IllegalArgumentException("REFINERY_OPENAI_INPUT_FIDELITY must be auto, high, low or omit, got " + fidelitySetting);
        };

        OutputSettingsTable outputs = s.text("REFINERY_OPENAI_OUTPUT_SETTINGS", null) == null
                ? OutputSettingsTable.bundled()
                : OutputSettingsTable.fromFile(existing(s.text("REFINERY_OPENAI_OUTPUT_SETTINGS", null), "REFINERY_OPENAI_OUTPUT_SETTINGS"));
        String quality = s.text("REFINERY_OPENAI_QUALITY", null);
        if (quality != null) {
            outputs = outputs.withQuality(quality);
        }
        PriceTable prices = s.text("REFINERY_OPENAI_PRICES", null) == null
                ? PriceTable.bundled()
                : PriceTable.fromFile(existing(s.text("REFINERY_OPENAI_PRICES", null), "REFINERY_OPENAI_PRICES"));

        // read as the API reads them to show a tenant its cap (dev.refinery.engine.SpendCaps)
        SpendCaps spendCaps = SpendCaps.parse(s.text(SpendCaps.DEFAULT_VARIABLE, null), s.text(SpendCaps.TENANTS_VARIABLE, ""));
        double defaultCap = spendCaps.defaultUsd();
        Map<String, Double> caps = spendCaps.perTenantUsd();

        String templateDir = s.text("REFINERY_OPENAI_TEMPLATE_DIR", null);
        String reasoning = s.text("REFINERY_OPENAI_PLANNER_REASONING", "low").toLowerCase(Locale.ROOT);
        if (!reasoning.matches("minimal|low|medium|high|omit")) {
            throw new IllegalArgumentException("REFINERY_OPENAI_PLANNER_REASONING must be minimal, low, medium, high or omit, got " + reasoning);
        }
        Planner planner = new Planner(s.text("REFINERY_OPENAI_PLANNER_MODEL", Planner.DEFAULT_MODEL),
                s.integer("REFINERY_OPENAI_PLANNER_MAX_TOKENS", 4000, 256, 64_000), reasoning.equals("omit") ? null : reasoning);
        return new OpenAiConfig(
                model,
                baseUrl,
                key,
                s.integer("REFINERY_OPENAI_MAX_RETRIES", 1, 0, 3),
                Duration.ofSeconds(s.integer("REFINERY_OPENAI_CONNECT_TIMEOUT_SECONDS", 10, 1, 120)),
                Duration.ofSeconds(s.integer("REFINERY_OPENAI_TIMEOUT_SECONDS", 180, 1, 890)),
                s.integer("REFINERY_OPENAI_RETRY_LATER_AFTER_SECONDS", 30, 0, 86_400),
                s.bool("REFINERY_OPENAI_LARGE_SIZES", false) ? SizeLimits.large() : SizeLimits.standard(),
                inputFidelity,
                new FidelityThresholds(
                        s.decimal("REFINERY_OPENAI_FIDELITY_MIN_IOU", 0.90, 0.01, 1),
                        s.decimal("REFINERY_OPENAI_FIDELITY_MAX_DELTA_E", 3.0, 0.1, 100),
                        s.decimal("REFINERY_OPENAI_FIDELITY_MAX_DELTA_E_LIGHTING", 8.0, 0.1, 100),
                        s.decimal("REFINERY_OPENAI_FIDELITY_MIN_STRUCTURE", FidelityThresholds.defaults().minStructure(), 0, 1)),
                outputs,
                prices,
                defaultCap,
                caps,
                templateDir == null ? null : existing(templateDir, "REFINERY_OPENAI_TEMPLATE_DIR"),
                planner,
                cutout(s.text("REFINERY_OPENAI_CUTOUT", null)));
    }

    /** A copy for another model (tests, and callers that pick a model per run). */
    public OpenAiConfig withModel(String newModel, String newInputFidelity) {
        return new OpenAiConfig(newModel, baseUrl, keySource, maxRetries, connectTimeout, requestTimeout, retryLaterAfterSeconds,
                sizes, newInputFidelity, fidelity, outputs, prices, defaultTenantCapUsd, tenantCapsUsd, templateDir, planner, cutout);
    }

    /** A copy pointing at another API base URL (tests against a local server). */
    public OpenAiConfig withBaseUrl(String url) {
        return new OpenAiConfig(model, url, keySource, maxRetries, connectTimeout, requestTimeout, retryLaterAfterSeconds,
                sizes, inputFidelity, fidelity, outputs, prices, defaultTenantCapUsd, tenantCapsUsd, templateDir, planner, cutout);
    }

    /** A copy with other timeouts and retries (tests). */
    public OpenAiConfig withTimeouts(Duration connect, Duration request, int retries) {
        return new OpenAiConfig(model, baseUrl, keySource, retries, connect, request, retryLaterAfterSeconds,
                sizes, inputFidelity, fidelity, outputs, prices, defaultTenantCapUsd, tenantCapsUsd, templateDir, planner, cutout);
    }

    /**
     * REFINERY_OPENAI_CUTOUT: {@code ai} or {@code classic} makes every session's background step use (or not use) the
     * AI cut-out whatever its presets say (docs/ai-studio.md; a real-model quality run sets it); unset (null), each
     * preset's {@code cutout} decides.
     */
    private static String cutout(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (!v.equals("ai") && !v.equals("classic")) {
            throw new IllegalArgumentException("REFINERY_OPENAI_CUTOUT is \"ai\" or \"classic\", not \"" + value + "\"");
        }
        return v;
    }

    private static String requireRegion(String region, String what) {
        if (region == null) {
            throw new IllegalArgumentException(what + " is set but AWS_REGION is not: the key's store needs an explicit region");
        }
        return region;
    }

    private static Path existing(String path, String name) {
        Path p = Path.of(path);
        if (!Files.exists(p)) {
            throw new IllegalArgumentException(name + "=" + path + " does not exist");
        }
        return p;
    }

    /** Environment lookups with a system property override and range checks that name the variable. */
    private record Settings(Map<String, String> env, Properties props) {
        String text(String name, String fallback) {
            String v = props.getProperty(name);
            if (v == null) {
                v = env.get(name);
            }
            return v == null || v.isBlank() ? fallback : v.trim();
        }

        int integer(String name, int fallback, int min, int max) {
            String v = text(name, null);
            if (v == null) {
                return fallback;
            }
            try {
                int i = Integer.parseInt(v);
                if (i < min || i > max) {
                    throw new NumberFormatException();
                }
                return i;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a whole number in " + min + ".." + max + ", got '" + v + "'");
            }
        }

        double decimal(String name, double fallback, double min, double max) {
            String v = text(name, null);
            if (v == null) {
                return fallback;
            }
            try {
                double d = Double.parseDouble(v);
                if (!(d >= min && d <= max)) {
                    throw new NumberFormatException();
                }
                return d;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a number in " + min + ".." + max + ", got '" + v + "'");
            }
        }

        boolean bool(String name, boolean fallback) {
            String v = text(name, null);
            if (v == null) {
                return fallback;
            }
            return switch (v.toLowerCase(Locale.ROOT)) {
                case "true", "1", "yes" -> true;
                case "false", "0", "no" -> false;
                default -> throw new IllegalArgumentException(name + " must be true or false, got '" + v + "'");
            };
        }
    }
}
