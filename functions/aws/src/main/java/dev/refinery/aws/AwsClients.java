package dev.refinery.aws;

import dev.refinery.aws.config.RefineryConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The SDK clients of one container, built lazily (a control function never builds the Secrets
 * Manager client) and kept for the container's life. Region and HTTP client are explicit: the
 * URL-connection client starts faster than Apache's and Lambda needs no connection pool tuning.
 * An endpoint override (moto, the local stack) also switches S3 to path-style addressing.
 */
public final class AwsClients {
    private final RefineryConfig config;
    private final AwsCredentialsProvider credentials;
    private final SdkHttpClient http;
    private volatile S3Client s3;
    private volatile S3Presigner presigner;
    private volatile DynamoDbClient dynamoDb;
    private volatile SfnClient sfn;
    private volatile EventBridgeClient events;
    private volatile SecretsManagerClient secrets;
    private volatile LambdaClient lambda;

    public AwsClients(RefineryConfig config) {
        this(config, DefaultCredentialsProvider.builder().build());
    }

    public AwsClients(RefineryConfig config, AwsCredentialsProvider credentials) {
        this(config, credentials, UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(3))
                .socketTimeout(Duration.ofSeconds(30))
                .build());
    }

    /** Over a given HTTP client (SnapStart priming: one that never connects, {@code runtime.OfflineHttpClient}). */
    public AwsClients(RefineryConfig config, AwsCredentialsProvider credentials, SdkHttpClient http) {
        this.config = config;
        this.credentials = credentials;
        this.http = http;
    }

    /** Closes the clients built so far (the HTTP client is the caller's). */
    public void closeBuilt() {
        for (software.amazon.awssdk.utils.SdkAutoCloseable c : new software.amazon.awssdk.utils.SdkAutoCloseable[] {
                s3, presigner, dynamoDb, sfn, events, secrets, lambda}) {
            if (c != null) {
                c.close();
            }
        }
    }

    public RefineryConfig config() {
        return config;
    }

    public AwsCredentialsProvider credentials() {
        return credentials;
    }

    public Region region() {
        return Region.of(config.region());
    }

    private <B extends AwsClientBuilder<B, ?>> B common(B builder, Optional<URI> endpoint) {
        builder.region(region()).credentialsProvider(credentials)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(Duration.ofSeconds(60)).build());
        endpoint.ifPresent(builder::endpointOverride);
        return builder;
    }

    public S3Client s3() {
        S3Client c = s3;
        if (c == null) {
            synchronized (this) {
                if (s3 == null) {
                    s3 = common(S3Client.builder(), config.s3Endpoint())
                            .httpClient(http)
                            .forcePathStyle(config.s3Endpoint().isPresent())
                            .build();
                }
                c = s3;
            }
        }
        return c;
    }

    public S3Presigner presigner() {
        S3Presigner p = presigner;
        if (p == null) {
            synchronized (this) {
                if (presigner == null) {
                    S3Presigner.Builder b = S3Presigner.builder().region(region()).credentialsProvider(credentials)
                            .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(config.s3Endpoint().isPresent()).build());
                    config.s3Endpoint().ifPresent(b::endpointOverride);
                    presigner = b.build();
                }
                p = presigner;
            }
        }
        return p;
    }

    public DynamoDbClient dynamoDb() {
        DynamoDbClient c = dynamoDb;
        if (c == null) {
            synchronized (this) {
                if (dynamoDb == null) {
                    dynamoDb = common(DynamoDbClient.builder(), config.dynamoDbEndpoint()).httpClient(http).build();
                }
                c = dynamoDb;
            }
        }
        return c;
    }

    public SfnClient sfn() {
        SfnClient c = sfn;
        if (c == null) {
            synchronized (this) {
                if (sfn == null) {
                    sfn = common(SfnClient.builder(), config.sfnEndpoint()).httpClient(http).build();
                }
                c = sfn;
            }
        }
        return c;
    }

    public EventBridgeClient events() {
        EventBridgeClient c = events;
        if (c == null) {
            synchronized (this) {
                if (events == null) {
                    events = common(EventBridgeClient.builder(), config.eventsEndpoint()).httpClient(http).build();
                }
                c = events;
            }
        }
        return c;
    }

    public LambdaClient lambda() {
        LambdaClient c = lambda;
        if (c == null) {
            synchronized (this) {
                if (lambda == null) {
                    lambda = common(LambdaClient.builder(), config.lambdaEndpoint()).httpClient(http).build();
                }
                c = lambda;
            }
        }
        return c;
    }

    public SecretsManagerClient secrets() {
        SecretsManagerClient c = secrets;
        if (c == null) {
            synchronized (this) {
                if (secrets == null) {
                    secrets = common(SecretsManagerClient.builder(), config.secretsEndpoint()).httpClient(http).build();
                }
                c = secrets;
            }
        }
        return c;
    }
}
