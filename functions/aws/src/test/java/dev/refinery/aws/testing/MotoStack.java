package dev.refinery.aws.testing;

import dev.refinery.aws.config.RefineryConfig;
import dev.refinery.aws.dynamodb.RefineryTable;
import dev.refinery.testkit.MotoServer;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A bucket (versioned), a table (the production shape) and a state machine on moto_server, with
 * fresh random names, and SDK clients pointed at them. moto does not run our Lambdas here: its
 * state machine only records executions, which is what the trigger and API tests inspect.
 */
public final class MotoStack {
    public static final Region REGION = Region.US_EAST_1;
    public static final AwsCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));

    public final URI endpoint;
    public final String bucket;
    public final String table;
    public final String stateMachineArn;
    public final S3Client s3;
    public final S3Presigner presigner;
    public final DynamoDbClient dynamoDb;
    public final SfnClient sfn;

    private MotoStack(URI endpoint, List<ExecutionInterceptor> sfnInterceptors) {
        this.endpoint = endpoint;
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        this.bucket = "refinery-" + suffix;
        this.table = "refinery-" + suffix;
        var http = new MotoTransactionGuard(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(30)).build());
        this.s3 = S3Client.builder().region(REGION).credentialsProvider(CREDENTIALS).endpointOverride(endpoint).forcePathStyle(true)
                .httpClient(http).build();
        this.presigner = S3Presigner.builder().region(REGION).credentialsProvider(CREDENTIALS).endpointOverride(endpoint)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build();
        this.dynamoDb = DynamoDbClient.builder().region(REGION).credentialsProvider(CREDENTIALS).endpointOverride(endpoint).httpClient(http).build();
        this.sfn = SfnClient.builder().region(REGION).credentialsProvider(CREDENTIALS).endpointOverride(endpoint).httpClient(http)
                .overrideConfiguration(ClientOverrideConfiguration.builder().executionInterceptors(sfnInterceptors).build()).build();

        s3.createBucket(b -> b.bucket(bucket));
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        RefineryTable.create(dynamoDb, table);
        this.stateMachineArn = sfn.createStateMachine(b -> b.name("refinery-" + suffix)
                .roleArn("arn:aws:iam::123456789012:role/refinery-states")
                .definition("{\"StartAt\":\"Done\",\"States\":{\"Done\":{\"Type\":\"Pass\",\"End\":true}}}")).stateMachineArn();
    }

    public static MotoStack create(ExecutionInterceptor... sfnInterceptors) {
        return new MotoStack(MotoServer.endpoint(), List.of(sfnInterceptors));
    }

    public SqsClient sqs() {
        return SqsClient.builder().region(REGION).credentialsProvider(CREDENTIALS).endpointOverride(endpoint)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** The configuration a function deployed against this stack would read from its environment. */
    public RefineryConfig config(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", REGION.id());
        env.put("REFINERY_BUCKET", bucket);
        env.put("REFINERY_TABLE", table);
        env.put("REFINERY_STATE_MACHINE_ARN", stateMachineArn);
        env.put("REFINERY_EVENT_BUS", "default");
        env.put("REFINERY_S3_ENDPOINT", endpoint.toString());
        env.put("REFINERY_DYNAMODB_ENDPOINT", endpoint.toString());
        env.put("REFINERY_SFN_ENDPOINT", endpoint.toString());
        env.put("REFINERY_EVENTS_ENDPOINT", endpoint.toString());
        env.put("REFINERY_SECRETS_ENDPOINT", endpoint.toString());
        env.putAll(extra);
        return RefineryConfig.from(env);
    }
}
