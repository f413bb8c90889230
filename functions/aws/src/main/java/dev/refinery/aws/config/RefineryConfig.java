package dev.refinery.aws.config;

import dev.refinery.application.CatalogRefresh;
import dev.refinery.application.SessionApi;
import dev.refinery.application.UploadIntake;
import dev.refinery.engine.SpendCaps;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a function reads from its environment, read once per container. Names of the shared
 * variables are fixed by the cross-team contract (docs/aws.md, "Configuration"); the REFINERY_* extras below
 * have defaults, so infra only sets what it wants to change.
 *
 * @param tenantClaim          the Cognito claim that carries the tenant id (API only)
 * @param uploadMaxBytes       the largest photo a presigned POST accepts
 * @param uploadFormTtl        how long a presigned POST form stays valid
 * @param downloadUrlTtl       how long a presigned GET of a version stays valid
 * @param defaultPresets       presets of a catalog item registered by its first upload
 * @param deployedEngines      engine ids the stage functions provide (control functions validate against it)
 * @param promptTemplateVersion the prompt template generation; catalog items refined with an older one are stale
 * @param refreshMaxAge        catalog items refined longer ago than this are stale
 * @param refreshBatchSize     most sessions one catalog refresh starts
 * @param idempotencyTtl       how long "start once per upload" records live (execution names stay reserved 90 days)
 * @param plannerFunction      the stage package's feedback-planner function (name or ARN) the API asks to plan a round
 *                             for an engine that plans with a model (openai); null: such rounds are planned from the
 *                             words alone (one step with the seller's text)
 * @param lambdaEndpoint       endpoint override for the Lambda client (tests)
 * @param aiSpendCaps          each tenant's monthly cap on AI image work (REFINERY_OPENAI_TENANT_CAP_USD and
 *                             REFINERY_OPENAI_TENANT_CAPS, read as the openai engine reads them); the API shows it
 *                             (GET /spend) when a paid engine is deployed
 * @param storeSecretPrefix    the names of the tenants' store login secrets start with this ({prefix}{tenant}/{store});
 *                             the API function's policy allows this prefix and nothing else
 * @param secretsEndpoint      endpoint override for the Secrets Manager client (tests)
 * @param shopifyApi           a Shopify API double to call instead of https://{shop}/admin/api/… (tests, the local
 *                             stack); empty in AWS
 */
public record RefineryConfig(
        String region,
        String bucket,
        String table,
        String stateMachineArn,
        String eventBus,
        String openaiSecretArn,
        int maxFixups,
        String defaultEngine,
        Optional<URI> s3Endpoint,
        Optional<URI> dynamoDbEndpoint,
        Optional<URI> sfnEndpoint,
        Optional<URI> eventsEndpoint,
        String tenantClaim,
        long uploadMaxBytes,
        Duration uploadFormTtl,
        Duration downloadUrlTtl,
        List<String> defaultPresets,
        List<String> deployedEngines,
        String promptTemplateVersion,
        Duration refreshMaxAge,
        int refreshBatchSize,
        Duration idempotencyTtl,
        List<String> corsOrigins,
        int sessionsPerMinute,
        int sessionsPerDay,
        String plannerFunction,
        Optional<URI> lambdaEndpoint,
        SpendCaps aiSpendCaps,
        String storeSecretPrefix,
        Optional<URI> secretsEndpoint,
        Optional<URI> shopifyApi) {

    public RefineryConfig {
        corsOrigins = List.copyOf(corsOrigins);
        defaultPresets = List.copyOf(defaultPresets);
        deployedEngines = List.copyOf(deployedEngines);
        if (maxFixups < 0) {
            throw new IllegalArgumentException("REFINERY_MAX_FIXUPS must be >= 0, got " + maxFixups);
        }
        if (sessionsPerMinute < 1 || sessionsPerDay < 1) {
            throw new IllegalArgumentException("REFINERY_QUOTA_SESSIONS_PER_MINUTE and _PER_DAY must be >= 1");
        }
        if (refreshBatchSize < 1) {
            throw new IllegalArgumentException("REFINERY_REFRESH_BATCH must be >= 1, got " + refreshBatchSize);
        }
    }

    public static RefineryConfig fromEnvironment() {
        return from(System.getenv());
    }

    /** Reads the variables from any map (the environment, a test's map, a local-stack file). */
    public static RefineryConfig from(Map<String, String> env) {
        Reader r = new Reader(env);
        return new RefineryConfig(
                r.text("AWS_REGION", r.text("AWS_DEFAULT_REGION", "us-east-1")),
                r.text("REFINERY_BUCKET", null),
                r.text("REFINERY_TABLE", null),
                r.text("REFINERY_STATE_MACHINE_ARN", null),
                r.text("REFINERY_EVENT_BUS", "default"),
                r.text("REFINERY_OPENAI_SECRET_ARN", null),
                r.integer("REFINERY_MAX_FIXUPS", 2),
                r.text("REFINERY_ENGINE", "classic"),
                r.uri("REFINERY_S3_ENDPOINT"),
                r.uri("REFINERY_DYNAMODB_ENDPOINT"),
                r.uri("REFINERY_SFN_ENDPOINT"),
                r.uri("REFINERY_EVENTS_ENDPOINT"),
                r.text("REFINERY_TENANT_CLAIM", "custom:tenant"),
                r.longValue("REFINERY_UPLOAD_MAX_BYTES", 25L * 1024 * 1024),
                Duration.ofSeconds(r.longValue("REFINERY_UPLOAD_TTL_SECONDS", 300)),
                Duration.ofSeconds(r.longValue("REFINERY_DOWNLOAD_TTL_SECONDS", 900)),
                r.list("REFINERY_DEFAULT_PRESETS", "amazon-main"),
                r.list("REFINERY_ENGINES", "classic"),
                r.text("REFINERY_PROMPT_TEMPLATE_VERSION", "1"),
                Duration.ofDays(r.longValue("REFINERY_REFRESH_MAX_AGE_DAYS", 180)),
                r.integer("REFINERY_REFRESH_BATCH", 25),
                Duration.ofDays(r.longValue("REFINERY_IDEMPOTENCY_TTL_DAYS", 90)),
                // the web app's origins the API answers to (the CDK app sets the stage's; none: no CORS header)
                r.list("REFINERY_CORS_ORIGINS", ""),
                // each tenant's new sessions (POST /sessions and uploads), across every container (issue 13)
                r.integer("REFINERY_QUOTA_SESSIONS_PER_MINUTE", 60),
                r.integer("REFINERY_QUOTA_SESSIONS_PER_DAY", 2000),
                r.text("REFINERY_PLANNER_FUNCTION", null),
                r.uri("REFINERY_LAMBDA_ENDPOINT"),
                SpendCaps.parse(r.text(SpendCaps.DEFAULT_VARIABLE, null), r.text(SpendCaps.TENANTS_VARIABLE, "")),
                r.text("REFINERY_STORE_SECRET_PREFIX", "refinery/stores/"),
                r.uri("REFINERY_SECRETS_ENDPOINT"),
                r.uri("REFINERY_SHOPIFY_API"));
    }

    /** The value or a clear error naming the missing variable (checked where it is needed, not at start). */
    public static String required(String value, String variable) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(variable + " is not set: the function's environment must name it");
        }
        return value;
    }

    /** Whether a deployed engine spends money (every engine but classic): without one there is no cap to show. */
    public boolean paidEngineDeployed() {
        return deployedEngines.stream().anyMatch(e -> !"classic".equals(e));
    }

    /** What the upload intake reads of this configuration. */
    public UploadIntake.Settings uploadIntakeSettings() {
        return new UploadIntake.Settings(bucket, uploadMaxBytes, defaultPresets, defaultEngine, promptTemplateVersion, idempotencyTtl);
    }

    /** What the session API reads of this configuration. */
    public SessionApi.Settings sessionApiSettings() {
        return new SessionApi.Settings(bucket, uploadMaxBytes, uploadFormTtl, downloadUrlTtl, defaultPresets, defaultEngine, maxFixups,
                paidEngineDeployed(), aiSpendCaps);
    }

    /** What the catalog refresh reads of this configuration. */
    public CatalogRefresh.Settings catalogRefreshSettings() {
        return new CatalogRefresh.Settings(promptTemplateVersion, refreshMaxAge, defaultEngine);
    }

    public String bucketOrFail() {
        return required(bucket, "REFINERY_BUCKET");
    }

    public String tableOrFail() {
        return required(table, "REFINERY_TABLE");
    }

    public String stateMachineArnOrFail() {
        return required(stateMachineArn, "REFINERY_STATE_MACHINE_ARN");
    }

    private record Reader(Map<String, String> env) {
        String text(String name, String fallback) {
            String v = env.get(name);
            return v == null || v.isBlank() ? fallback : v.trim();
        }

        int integer(String name, int fallback) {
            return (int) longValue(name, fallback);
        }

        long longValue(String name, long fallback) {
            String v = text(name, null);
            if (v == null) {
                return fallback;
            }
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a whole number, got '" + v + "'", e);
            }
        }

        Optional<URI> uri(String name) {
            String v = text(name, null);
            if (v == null) {
                return Optional.empty();
            }
            URI u = URI.create(v);
            if (u.getScheme() == null || u.getHost() == null) {
                throw new IllegalArgumentException(name + " must be an absolute URL such as http://127.0.0.1:5000, got '" + v + "'");
            }
            return Optional.of(u);
        }

        List<String> list(String name, String fallback) {
            return Arrays.stream(text(name, fallback).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
    }
}
