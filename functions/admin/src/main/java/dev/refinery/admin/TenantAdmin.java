package dev.refinery.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An operator's commands on a deployed stack (make tenant-user, make tenant-delete; docs/deploy.md):
 *
 * <pre>
 * create-user   --user-pool-id ID --email ADDRESS --tenant TENANT
 * delete-tenant --tenant TENANT --table TABLE --bucket BUCKET [--yes]
 * </pre>
 *
 * Credentials and region come from the usual AWS chain; {@code REFINERY_AWS_ENDPOINT} points every client at an
 * emulator. {@code delete-tenant} without {@code --yes} only reports what it would remove. Exit codes: 0 done,
 * 2 a usage error, 1 a failure (the message says what to do).
 */
public final class TenantAdmin {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TenantAdmin() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length == 0 || !(args[0].equals("create-user") || args[0].equals("delete-tenant"))) {
            err.println("usage: tenant-admin create-user --user-pool-id ID --email ADDRESS --tenant TENANT");
            err.println("       tenant-admin delete-tenant --tenant TENANT --table TABLE --bucket BUCKET [--yes]");
            return 2;
        }
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--yes")) {
                opts.put("yes", "true");
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                opts.put(args[i].substring(2), args[++i]);
            } else {
                err.println("tenant-admin: unexpected argument '" + args[i] + "'");
                return 2;
            }
        }
        URI endpoint = env.containsKey("REFINERY_AWS_ENDPOINT") ? URI.create(env.get("REFINERY_AWS_ENDPOINT")) : null;
        try {
            if (args[0].equals("create-user")) {
                String pool = required(opts, "user-pool-id"), email = required(opts, "email"), tenant = required(opts, "tenant");
                try (CognitoIdentityProviderClient cognito = configure(CognitoIdentityProviderClient.builder(), endpoint).build()) {
                    var user = new SellerAccounts(cognito).create(pool, email, tenant);
                    out.println(JSON.writeValueAsString(Map.of("user", email, "tenant", tenant, "status", user.userStatusAsString(),
                            "next", "Cognito e-mailed a temporary password; the seller signs in and sets a new one")));
                }
            } else {
                String tenant = required(opts, "tenant"), table = required(opts, "table"), bucket = required(opts, "bucket");
                boolean yes = opts.containsKey("yes");
                try (DynamoDbClient dynamo = configure(DynamoDbClient.builder(), endpoint).build();
                     S3Client s3 = configure(S3Client.builder(), endpoint).forcePathStyle(endpoint != null).build()) {
                    TenantData.Report r = new TenantData(dynamo, s3, table, bucket).remove(tenant, yes);
                    Map<String, Object> report = new LinkedHashMap<>();
                    report.put("tenant", r.tenant());
                    report.put(yes ? "removed" : "wouldRemove", Map.of("tableItems", r.tableItems(), "objectVersions", r.objectVersions(),
                            "olderSessionImageKeys", r.legacyImageKeys()));
                    report.put("total", r.total());
                    if (!yes) {
                        report.put("next", "nothing was deleted: run again with --yes to delete all of it (it cannot be undone)");
                    }
                    out.println(JSON.writeValueAsString(report));
                }
            }
            return 0;
        } catch (UsageException e) {
            err.println("tenant-admin: " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("tenant-admin: " + e.getMessage());
            return 1;
        } catch (software.amazon.awssdk.core.exception.SdkException | com.fasterxml.jackson.core.JsonProcessingException e) {
            err.println("tenant-admin: " + e.getMessage() + " — check the credentials, the region and the names given");
            return 1;
        }
    }

    private static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>
            & software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<B, ?>> B configure(B builder, URI endpoint) {
        builder.httpClient(UrlConnectionHttpClient.create());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder;
    }

    private static String required(Map<String, String> opts, String name) {
        String v = opts.get(name);
        if (v == null || v.isBlank()) {
            throw new UsageException("--" + name + " is required");
        }
        return v;
    }

    private static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
