package dev.refinery.admin.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.refinery.admin.TenantData;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminInitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The deployed stack end to end, as a seller and a seller's automation meet it: sign in through Cognito (MFA
 * included), upload a photo with the presigned POST the API hands out, wait for the completion event (through
 * the test stack's queue on the bus), read the versions, ask for one feedback round and wait for its event, and
 * check that another tenant's user cannot see the session. Afterwards the test users and all the test tenants'
 * data are deleted (TenantData, as `make tenant-delete` does).
 *
 * <p>Run it against a stack deployed with {@code -c refinery:testHooks=true} (docs/deploy.md, "End-to-end
 * tests"): {@code make e2e OUTPUTS=cdk-outputs.json}, with AWS credentials allowed to administer the user pool.
 * Without them it is skipped and says why; it is not part of `make test` (profile aws-e2e).
 */
class DeployedStackE2ETest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SESSION_WAIT = Duration.ofMinutes(15);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private static Map<String, String> out;
    private static CognitoIdentityProviderClient cognito;
    private static SqsClient sqs;
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String TENANT_A = "e2e-a-" + RUN, TENANT_B = "e2e-b-" + RUN;

    /** Skips (each test, with the reason in the report and on stderr) unless a test stack and credentials are given. */
    @BeforeEach
    void stack() throws Exception {
        String file = System.getenv("REFINERY_E2E_OUTPUTS");
        skipUnless(file != null && !file.isBlank() && Files.isRegularFile(Path.of(file)),
                "set REFINERY_E2E_OUTPUTS (make e2e OUTPUTS=…) to the `cdk deploy --outputs-file` of a stack deployed with -c refinery:testHooks=true");
        skipUnless(hasCredentials(), "no AWS credentials in the default chain (AWS_PROFILE, AWS_ACCESS_KEY_ID, …)");
        JsonNode stacks = JSON.readTree(Files.readString(Path.of(file)));
        Map<String, String> outputs = new java.util.HashMap<>();
        if (stacks.elements().hasNext()) {
            stacks.elements().next().fields().forEachRemaining(e -> outputs.put(e.getKey(), e.getValue().asText()));
        }
        skipUnless(outputs.containsKey("E2eClientId") && outputs.containsKey("E2eQueueUrl"),
                "the stack in " + file + " was deployed without -c refinery:testHooks=true (no E2eClientId/E2eQueueUrl outputs)");
        out = outputs;
        cognito = CognitoIdentityProviderClient.create();
        sqs = SqsClient.create();
    }

    private static void skipUnless(boolean ok, String why) {
        if (!ok) {
            System.err.println("DeployedStackE2ETest skipped: " + why);
        }
        assumeTrue(ok, "skipped: " + why);
    }

    private static boolean hasCredentials() {
        try {
            DefaultCredentialsProvider.builder().build().resolveCredentials();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @AfterAll
    static void cleanUp() {
        if (out == null) {
            return;
        }
        for (String tenant : new String[] {TENANT_A, TENANT_B}) {
            try {
                cognito.adminDeleteUser(b -> b.userPoolId(out.get("UserPoolId")).username(email(tenant)));
            } catch (RuntimeException ignored) {
                // not created (the test failed before)
            }
            try (DynamoDbClient dynamo = DynamoDbClient.create(); S3Client s3 = S3Client.create()) {
                new TenantData(dynamo, s3, out.get("TableName"), out.get("BucketName")).remove(tenant, true);
            }
        }
    }

    private static String email(String tenant) {
        return tenant + "@example.com";
    }

    /** Creates a user of {@code tenant} with a permanent password and signs it in, registering an authenticator (MFA is required). */
    private static String signIn(String tenant) {
        String pool = out.get("UserPoolId"), client = out.get("E2eClientId"), user = email(tenant);
        String password = "E2e-" + UUID.randomUUID() + "-Aa1!";
        cognito.adminCreateUser(b -> b.userPoolId(pool).username(user).messageAction(MessageActionType.SUPPRESS).userAttributes(
                AttributeType.builder().name("email").value(user).build(),
                AttributeType.builder().name("email_verified").value("true").build(),
                AttributeType.builder().name("custom:tenant").value(tenant).build()));
        cognito.adminSetUserPassword(b -> b.userPoolId(pool).username(user).password(password).permanent(true));
        AdminInitiateAuthResponse auth = cognito.adminInitiateAuth(b -> b.userPoolId(pool).clientId(client)
                .authFlow(AuthFlowType.ADMIN_USER_PASSWORD_AUTH).authParameters(Map.of("USERNAME", user, "PASSWORD", password)));
        assertThat(auth.challengeName()).as("a new user must set up MFA").isEqualTo(ChallengeNameType.MFA_SETUP);
        var token = cognito.associateSoftwareToken(b -> b.session(auth.session()));
        byte[] secret = Totp.base32(token.secretCode());
        var verified = cognito.verifySoftwareToken(b -> b.session(token.session()).userCode(Totp.code(secret, Instant.now().getEpochSecond(), 6)));
        var tokens = cognito.adminRespondToAuthChallenge(b -> b.userPoolId(pool).clientId(client)
                .challengeName(ChallengeNameType.MFA_SETUP).session(verified.session()).challengeResponses(Map.of("USERNAME", user)));
        return tokens.authenticationResult().idToken();
    }

    private static HttpResponse<String> api(String method, String path, String idToken, Object body) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(out.get("ApiUrl").replaceAll("/+$", "") + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", idToken).header("Content-Type", "application/json");
        req.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        return HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A product photo: a red carton with a label on a light grey backdrop, 1600 × 1200 JPEG. */
    private static byte[] photo() throws Exception {
        BufferedImage img = new BufferedImage(1600, 1200, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(228, 228, 224));
        g.fillRect(0, 0, 1600, 1200);
        g.setColor(new Color(180, 30, 35));
        g.fillRect(560, 240, 480, 720);
        g.setColor(new Color(245, 240, 230));
        g.fillRect(620, 420, 360, 200);
        g.dispose();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", bytes);
        return bytes.toByteArray();
    }

    /** Uploads through the presigned POST form exactly as a browser does: every field, the file last. */
    private static void upload(JsonNode form, byte[] file) throws Exception {
        String boundary = "----refinery-e2e" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Iterator<Map.Entry<String, JsonNode>> it = form.path("fields").fields(); it.hasNext();) {
            var f = it.next();
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n" + f.getValue().asText() + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"front.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(file);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(form.path("url").asText()))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 204);
    }

    /** The next completion event of {@code tenant} (and of {@code sessionId} when given) on the test queue. */
    private static JsonNode awaitEvent(String tenant, String sku, String sessionId) throws Exception {
        Instant deadline = Instant.now().plus(SESSION_WAIT);
        while (Instant.now().isBefore(deadline)) {
            for (Message m : sqs.receiveMessage(b -> b.queueUrl(out.get("E2eQueueUrl")).waitTimeSeconds(20).maxNumberOfMessages(10)).messages()) {
                JsonNode event = JSON.readTree(m.body());
                JsonNode d = event.path("detail");
                if (tenant.equals(d.path("tenant").asText()) && sku.equals(d.path("sku").asText())
                        && (sessionId == null || sessionId.equals(d.path("sessionId").asText()))) {
                    sqs.deleteMessage(b -> b.queueUrl(out.get("E2eQueueUrl")).receiptHandle(m.receiptHandle()));
                    return event;
                }
            }
        }
        throw new AssertionError("no completion event for tenant " + tenant + " within " + SESSION_WAIT);
    }

    @Test
    void aSellerUploadsGetsAResultRefinesItOnceAndNoOtherTenantCanSeeIt() throws Exception {
        String tokenA = signIn(TENANT_A), tokenB = signIn(TENANT_B);
        String sku = "E2E-" + RUN;

        HttpResponse<String> form = api("POST", "/uploads", tokenA, Map.of("sku", sku, "fileName", "front.jpg"));
        assertThat(form.statusCode()).as(form.body()).isEqualTo(200);
        upload(JSON.readTree(form.body()), photo());

        JsonNode first = awaitEvent(TENANT_A, sku, null);
        String sessionId = first.path("detail").path("sessionId").asText();
        assertThat(first.path("detail-type").asText()).isIn("Refinement Completed", "Refinement Needs Review");

        HttpResponse<String> versions = api("GET", "/sessions/" + sessionId + "/versions", tokenA, null);
        assertThat(versions.statusCode()).as(versions.body()).isEqualTo(200);
        assertThat(JSON.readTree(versions.body()).toString()).contains("\"base\"").contains("\"finalize\"");

        HttpResponse<String> round = api("POST", "/sessions/" + sessionId + "/refinements", tokenA, Map.of("feedback", "a little brighter"));
        assertThat(round.statusCode()).as(round.body()).isEqualTo(202);
        JsonNode second = awaitEvent(TENANT_A, sku, sessionId);
        assertThat(second.path("detail-type").asText()).isIn("Refinement Completed", "Refinement Needs Review");

        // another tenant's seller: the session does not exist for them
        assertThat(api("GET", "/sessions/" + sessionId, tokenB, null).statusCode()).isEqualTo(404);
        assertThat(api("GET", "/sessions/" + sessionId + "/versions", tokenB, null).statusCode()).isEqualTo(404);
        assertThat(api("POST", "/sessions/" + sessionId + "/refinements", tokenB, Map.of("feedback", "darker")).statusCode()).isEqualTo(404);
    }
}
