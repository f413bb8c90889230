package dev.refinery.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.SsmClientBuilder;

/**
 * The key from AWS Secrets Manager or SSM Parameter Store, cached for a TTL. Kept apart from the
 * rest of the engine so the AWS SDK (an optional dependency of this module) is only loaded when a
 * deployment names a secret or parameter.
 */
public final class AwsKeyProviders {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AwsKeyProviders() {
    }

    /** A provider reading the secret through a client built here (explicit region and HTTP client). */
    public static ApiKeyProvider secretsManager(String secretId, String region, String endpoint, Duration ttl, Clock clock) {
        SecretsManagerClientBuilder b = SecretsManagerClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(region));
        if (endpoint != null) {
            b.endpointOverride(URI.create(endpoint));
        }
        return secretsManager(b.build(), secretId, ttl, clock);
    }

    /** Seam for tests and for callers that already hold a client. */
    public static ApiKeyProvider secretsManager(SecretsManagerClient client, String secretId, Duration ttl, Clock clock) {
        return new CachedApiKeyProvider(
                () -> keyFromSecretString(client.getSecretValue(r -> r.secretId(secretId)).secretString()),
                ttl, clock, "Secrets Manager secret " + secretId);
    }

    public static ApiKeyProvider ssm(String parameterName, String region, String endpoint, Duration ttl, Clock clock) {
        SsmClientBuilder b = SsmClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(region));
        if (endpoint != null) {
            b.endpointOverride(URI.create(endpoint));
        }
        return ssm(b.build(), parameterName, ttl, clock);
    }

    public static ApiKeyProvider ssm(SsmClient client, String parameterName, Duration ttl, Clock clock) {
        return new CachedApiKeyProvider(
                () -> keyFromSecretString(client.getParameter(r -> r.name(parameterName).withDecryption(true)).parameter().value()),
                ttl, clock, "SSM parameter " + parameterName);
    }

    /** A secret holds the key itself or JSON with an {@code OPENAI_API_KEY} (or {@code apiKey}) field. */
    static String keyFromSecretString(String secret) {
        if (secret == null) {
            return null;
        }
        String s = secret.trim();
        if (!s.startsWith("{")) {
            return s;
        }
        try {
            JsonNode node = JSON.readTree(s);
            for (String field : new String[] {"OPENAI_API_KEY", "apiKey", "api_key"}) {
                if (node.path(field).isTextual()) {
                    return node.get(field).asText();
                }
            }
        } catch (IOException e) {
            // A JSON-looking string that is not JSON: say so without echoing it (it may be the key).
            throw new IllegalStateException("the secret starts with '{' but is not valid JSON");
        }
        throw new IllegalStateException("the secret is JSON without an OPENAI_API_KEY field");
    }
}
