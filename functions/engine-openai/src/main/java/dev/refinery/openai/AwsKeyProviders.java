package dev.refinery.openai;

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
        return SecretKeys.keyFrom(secret);
    }
}
