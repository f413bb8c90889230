package dev.refinery.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.refinery.aws.dynamodb.DynamoDbCatalogStore;
import dev.refinery.aws.dynamodb.DynamoDbSessionEventLog;
import dev.refinery.aws.dynamodb.DynamoDbSessionStore;
import dev.refinery.aws.dynamodb.DynamoDbSpendTotals;
import dev.refinery.aws.testing.MotoStack;
import dev.refinery.domain.Approval;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.Session;
import dev.refinery.domain.SessionStatus;
import dev.refinery.domain.Source;
import dev.refinery.domain.Stage;
import dev.refinery.domain.VersionSlot;
import dev.refinery.testkit.MotoServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SchemaAttributeType;

/** The operator's tenant commands on moto_server: a seller's user with its tenant; a tenant's data removed and nothing else. */
@ExtendWith(MotoServer.class)
class TenantAdminMotoTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static MotoStack stack;

    @BeforeAll
    static void stack() {
        stack = MotoStack.create();
        // the default credential chain and region, as an operator's shell has them
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
        System.setProperty("aws.region", MotoStack.REGION.id());
    }

    private record Run(int code, String out, String err) {
        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }
    }

    private static Run admin(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = TenantAdmin.run(args, Map.of("REFINERY_AWS_ENDPOINT", stack.endpoint.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void put(String key, String body) {
        stack.s3.putObject(b -> b.bucket(stack.bucket).key(key), RequestBody.fromString(body));
    }

    private static int versionsUnder(String prefix) {
        var r = stack.s3.listObjectVersions(b -> b.bucket(stack.bucket).prefix(prefix));
        return r.versions().size() + r.deleteMarkers().size();
    }

    /** A session of {@code tenant} with one version whose image has the given key, and its upload. */
    private static void sessionOf(String tenant, String sessionId, String imageKey) {
        DynamoDbSessionStore store = new DynamoDbSessionStore(stack.dynamoDb, stack.table);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        store.create(new Session(tenant, sessionId, "SKU-1", Source.upload(stack.bucket, "uploads/" + tenant + "/SKU-1/a.jpg", "v1"),
                List.of("amazon-main"), "classic", "generic", Map.of(), SessionStatus.COMPLETED, null, 0, 0, Map.of(), 0, now, now));
        store.saveVersion(new ImageVersion(tenant, sessionId, 2, 1, new VersionSlot(0, 0, Stage.LIGHTING, null), "classic", imageKey,
                "image/png", null, Map.of(), Map.of(), 10, 0, Approval.APPROVED, null, now, false));
        new DynamoDbSessionEventLog(stack.dynamoDb, stack.table)
                .append(new dev.refinery.application.ports.SessionEvent(tenant, sessionId, now, "published", Map.of("status", "COMPLETED")));
        new DynamoDbCatalogStore(stack.dynamoDb, stack.table).putItem(tenant, "SKU-1", List.of("amazon-main"), "generic", null, stack.bucket,
                "uploads/" + tenant + "/SKU-1/a.jpg", now);
        new DynamoDbSpendTotals(stack.dynamoDb, stack.table, Clock.systemUTC()).add(tenant, 0.25);
        put("uploads/" + tenant + "/SKU-1/a.jpg", "photo");
        put(imageKey, "lighting");
    }

    @Test
    void deletingATenantRemovesItsItemsAndEveryVersionOfItsObjectsAndNothingElse() throws Exception {
        String acme = "acme" + UUID.randomUUID().toString().substring(0, 6), neighbour = acme + "-2";
        sessionOf(acme, "s-new", "sessions/" + acme + "/s-new/v2-lighting.png");
        put("uploads/" + acme + "/SKU-1/a.jpg", "photo, uploaded again"); // a second version of the original
        sessionOf(acme, "s-old", "sessions/s-old-" + acme + "/v2-lighting.png"); // written before keys named the tenant
        sessionOf(neighbour, "s-n", "sessions/" + neighbour + "/s-n/v2-lighting.png"); // "acme…-2" starts with "acme…"

        Run dry = admin("delete-tenant", "--tenant", acme, "--table", stack.table, "--bucket", stack.bucket);
        assertThat(dry.code()).as(dry.err()).isZero();
        JsonNode would = dry.json().path("wouldRemove");
        assertThat(would.path("tableItems").path("sessions").asInt()).isEqualTo(2);
        assertThat(would.path("tableItems").path("versions").asInt()).isEqualTo(2);
        assertThat(would.path("tableItems").path("catalog items").asInt()).isEqualTo(1);
        assertThat(would.path("tableItems").path("spend counters").asInt()).isEqualTo(1);
        assertThat(would.path("objectVersions").path("uploads/" + acme + "/").asInt()).isEqualTo(3);
        assertThat(would.path("olderSessionImageKeys").asInt()).isEqualTo(1);
        assertThat(dry.json().path("next").asText()).contains("--yes");
        assertThat(versionsUnder("uploads/" + acme + "/")).as("a dry run deletes nothing").isEqualTo(3);

        Run done = admin("delete-tenant", "--tenant", acme, "--table", stack.table, "--bucket", stack.bucket, "--yes");
        assertThat(done.code()).as(done.err()).isZero();
        assertThat(done.json().path("total").asInt()).isEqualTo(dry.json().path("total").asInt());
        assertThat(versionsUnder("uploads/" + acme + "/")).isZero();
        assertThat(versionsUnder("sessions/" + acme + "/")).isZero();
        assertThat(versionsUnder("sessions/s-old-" + acme + "/")).isZero();
        DynamoDbSessionStore store = new DynamoDbSessionStore(stack.dynamoDb, stack.table);
        assertThat(store.find(acme, "s-new")).isEmpty();
        assertThat(new DynamoDbCatalogStore(stack.dynamoDb, stack.table).items(acme)).isEmpty();
        // the neighbour whose id starts with the deleted tenant's keeps everything
        assertThat(store.find(neighbour, "s-n")).isPresent();
        assertThat(versionsUnder("uploads/" + neighbour + "/")).isEqualTo(1);
        assertThat(versionsUnder("sessions/" + neighbour + "/")).isEqualTo(1);
        // nothing left: a second run finds nothing
        assertThat(admin("delete-tenant", "--tenant", acme, "--table", stack.table, "--bucket", stack.bucket).json().path("total").asInt()).isZero();
    }

    @Test
    void createUserGivesTheSellerItsTenantAttribute() {
        String pool;
        try (CognitoIdentityProviderClient cognito = CognitoIdentityProviderClient.builder().region(MotoStack.REGION)
                .credentialsProvider(MotoStack.CREDENTIALS).endpointOverride(stack.endpoint).httpClient(UrlConnectionHttpClient.create()).build()) {
            pool = cognito.createUserPool(b -> b.poolName("sellers-" + UUID.randomUUID()).schema(SchemaAttributeType.builder()
                    .name("tenant").attributeDataType("String").mutable(false).build())).userPool().id();
            Run r = admin("create-user", "--user-pool-id", pool, "--email", "seller@example.com", "--tenant", "t-acme");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(new SellerAccounts(cognito).tenantOf(pool, "seller@example.com")).isEqualTo("t-acme");
        }
        Run bad = admin("create-user", "--user-pool-id", pool, "--email", "seller2@example.com", "--tenant", "../other");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("not a tenant id");
    }

    @Test
    void usageErrorsSayWhatIsMissing() {
        assertThat(admin().code()).isEqualTo(2);
        Run missing = admin("delete-tenant", "--tenant", "acme");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("--table is required");
    }
}
