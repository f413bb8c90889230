package dev.refinery.reliability.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.refinery.aws.Engines;
import dev.refinery.aws.testing.MotoStack;
import dev.refinery.aws.testing.TestEngines;
import dev.refinery.domain.Session;
import dev.refinery.domain.SessionStatus;
import dev.refinery.engine.RefinementEngine;
import dev.refinery.reliability.harness.Invariants;
import dev.refinery.reliability.harness.Photos;
import dev.refinery.reliability.harness.ReliabilityStack;
import dev.refinery.testkit.MotoServer;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import okhttp3.MultipartReader;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * No secret reaches a log. A fake OpenAI key is kept in Secrets Manager (moto_server) and read the
 * way the stage functions read it; sessions run through the whole deployed path with the openai
 * engine talking to a fake Images API on 127.0.0.1 (answers, a 429, a 500, a moderation refusal
 * and an invalid-key refusal that echoes a masked key, as OpenAI's does), while every logger of the
 * process is raised to ALL and captured with stdout, stderr and java.util.logging. The key must not
 * appear, whole or in part.
 */
@ExtendWith(MotoServer.class)
class SecretsInLogsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theOpenAiKeyNeverReachesALogOnSuccessRetriesAndFailures() throws Exception {
        String key = "sk-proj-" + randomToken(48);
        List<String> authorizations = new CopyOnWriteArrayList<>();
        MockWebServer openai = new MockWebServer();
        FakeImages fake = new FakeImages(key, authorizations);
        openai.setDispatcher(fake);
        openai.start(InetAddress.getLoopbackAddress(), 0);
        String text;
        List<Session> sessions = new ArrayList<>();
        try (LogCapture capture = new LogCapture();
             SecretsManagerClient secrets = SecretsManagerClient.builder().region(MotoStack.REGION).credentialsProvider(MotoStack.CREDENTIALS)
                     .endpointOverride(MotoServer.endpoint()).httpClient(UrlConnectionHttpClient.create()).build()) {
            String arn = secrets.createSecret(b -> b.name("refinery/openai-" + randomToken(6)).secretString(key)).arn();
            Map<String, String> env = new HashMap<>();
            env.put("REFINERY_OPENAI_SECRET_ARN", arn);
            env.put("REFINERY_ENGINES", "classic,openai");
            env.put("REFINERY_ENGINE", "openai");
            env.put("REFINERY_OPENAI_MAX_RETRIES", "0");
            // As Wiring.stages() builds the stage functions' engines (the key read from the secret on the first model
            // call), pointed at the fake Images API (OPENAI_BASE_URL is an openai setting the stages pass on).
            env.put("OPENAI_BASE_URL", openai.url("/v1").toString());
            Engines deployed = Engines.forStages(dev.refinery.aws.config.RefineryConfig.from(dev.refinery.aws.testing.Fixtures.env(env)),
                    id -> secrets.getSecretValue(b -> b.secretId(id)).secretString(), env);
            RefinementEngine engine = deployed.engine("openai").orElseThrow();
            env.remove("OPENAI_BASE_URL");

            ReliabilityStack.Builder b = ReliabilityStack.builder(ReliabilityStack.Backend.MOTO).engine(engine)
                    .finisher(new TestEngines.CentringFinisher());
            env.forEach(b::env);
            try (ReliabilityStack stack = b.build()) {
                List<Invariants.SessionRef> refs = new ArrayList<>();
                for (int i = 0; i < FakeImages.SCRIPT.size(); i++) {
                    fake.play(FakeImages.SCRIPT.get(i));
                    ReliabilityStack.Upload u = stack.putOriginal("uploads/acme/SECRET-" + i + "/vase.png", Photos.flatPng(400, 300, new Color(40, 90, 160)));
                    refs.add(new Invariants.SessionRef("acme", stack.deliver(stack.notification(u)).get(0).sessionId()));
                    stack.awaitExecutions(Duration.ofMinutes(3));
                }
                for (Invariants.SessionRef r : refs) {
                    sessions.add(stack.rawSessions.find(r.tenant(), r.sessionId()).orElseThrow());
                }
                // The API answers carrying reasons and versions, too.
                for (Invariants.SessionRef r : refs) {
                    stack.call("GET", "/sessions/" + r.sessionId(), "acme", null);
                    stack.call("GET", "/sessions/" + r.sessionId() + "/versions", "acme", null);
                }
            }
            text = capture.text();
        } finally {
            openai.shutdown();
        }

        // The run really used the key, failed in the ways scripted, and was really logged at every level.
        assertThat(authorizations).isNotEmpty().allSatisfy(a -> assertThat(a).isEqualTo("Bearer " + key));
        assertThat(sessions).extracting(Session::status).contains(SessionStatus.FAILED).containsAnyOf(SessionStatus.COMPLETED, SessionStatus.NEEDS_REVIEW);
        assertThat(text).contains("DEBUG software.amazon.awssdk").contains("stage lighting").contains("ModerationBlockedException");
        assertThat(text.length()).isGreaterThan(10_000);

        assertThat(text).as("the key").doesNotContain(key);
        assertThat(text).as("the key without its prefix").doesNotContain(key.substring("sk-proj-".length()));
        for (int i = 0; i + 16 <= key.length(); i += 4) {
            assertThat(text).as("16 characters of the key from " + i).doesNotContain(key.substring(i, i + 16));
        }
        assertThat(text).as("the key in base64").doesNotContain(Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8)).substring(0, 24));
        for (Session s : sessions) {
            if (s.reason() != null) {
                assertThat(s.reason()).doesNotContain(key.substring(8, 24));
            }
        }
    }

    private static String randomToken(int n) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom r = new SecureRandom();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    /**
     * The Images API's edits endpoint, scripted per session (the sessions run one after the other):
     * the first answers every edit with its input, after one 429 and one 500; the second refuses
     * with moderation_blocked; the third refuses the key as OpenAI does, echoing its last four characters.
     */
    static final class FakeImages extends Dispatcher {
        static final List<String> SCRIPT = List.of("ok-after-429-and-500", "moderation", "invalid-key");
        private final String key;
        private final List<String> authorizations;
        private int calls;
        private String mode = SCRIPT.get(0);

        FakeImages(String key, List<String> authorizations) {
            this.key = key;
            this.authorizations = authorizations;
        }

        synchronized void play(String next) {
            mode = next;
            calls = 0;
        }

        @Override
        public synchronized MockResponse dispatch(RecordedRequest request) {
            authorizations.add(request.getHeader("Authorization"));
            byte[] body = request.getBody().readByteArray();
            calls++;
            switch (mode) {
                case "moderation" -> {
                    return error(400, "moderation_blocked", "image_generation_user_error", "Your request was rejected by the safety system.");
                }
                case "invalid-key" -> {
                    return error(401, "invalid_api_key", "invalid_request_error",
                            "Incorrect API key provided: sk-proj-****" + key.substring(key.length() - 4) + ". You can find your API key at https://platform.openai.com/account/api-keys.");
                }
                default -> {
                    if (calls == 1) {
                        return error(429, "rate_limit_exceeded", "requests", "Rate limit reached").addHeader("Retry-After", "1");
                    }
                    if (calls == 2) {
                        return error(500, null, "server_error", "The server had an error while processing your request.");
                    }
                    return identity(request.getHeader("Content-Type"), body);
                }
            }
        }

        private static MockResponse identity(String contentType, byte[] body) {
            try {
                String boundary = contentType.substring(contentType.indexOf("boundary=") + "boundary=".length()).replace("\"", "");
                BufferedImage image = null;
                String format = "png";
                try (MultipartReader reader = new MultipartReader(new Buffer().write(body), boundary)) {
                    MultipartReader.Part p;
                    while ((p = reader.nextPart()) != null) {
                        String disposition = p.headers().get("Content-Disposition");
                        byte[] bytes = p.body().readByteArray();
                        if (image == null && disposition != null && disposition.contains("name=\"image")) {
                            image = ImageIO.read(new ByteArrayInputStream(bytes));
                        } else if (disposition != null && disposition.contains("name=\"output_format\"")) {
                            format = new String(bytes, StandardCharsets.UTF_8);
                        }
                        p.close();
                    }
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ImageIO.write(image, format.equals("jpeg") ? "jpg" : format, out);
                ObjectNode root = JSON.createObjectNode();
                root.put("created", 1_760_000_000L);
                root.putArray("data").addObject().put("b64_json", Base64.getEncoder().encodeToString(out.toByteArray()));
                ObjectNode usage = root.putObject("usage");
                usage.put("input_tokens", 3900).put("output_tokens", 4160).put("total_tokens", 8060);
                usage.putObject("input_tokens_details").put("text_tokens", 900).put("image_tokens", 3000);
                return new MockResponse().setResponseCode(200).addHeader("Content-Type", "application/json").setBody(root.toString());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        private static MockResponse error(int status, String code, String type, String message) {
            ObjectNode root = JSON.createObjectNode();
            ObjectNode e = root.putObject("error");
            e.put("message", message).put("type", type).putNull("param");
            if (code == null) {
                e.putNull("code");
            } else {
                e.put("code", code);
            }
            return new MockResponse().setResponseCode(status).addHeader("Content-Type", "application/json").setBody(root.toString());
        }
    }
}
