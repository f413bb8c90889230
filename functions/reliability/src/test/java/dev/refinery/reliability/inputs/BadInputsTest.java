package dev.refinery.reliability.inputs;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.refinery.aws.Json;
import dev.refinery.application.UploadIntake;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.Session;
import dev.refinery.domain.SessionStatus;
import dev.refinery.engine.ImageCodec;
import dev.refinery.imaging.ingest.BadInputs;
import dev.refinery.reliability.harness.Invariants;
import dev.refinery.reliability.harness.ReliabilityStack;
import dev.refinery.testkit.MotoServer;
import dev.refinery.workflow.runner.Execution;
import dev.refinery.workflow.runner.ExecutionStatus;
import dev.refinery.workflow.runner.HistoryEventType;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad and unusual inputs through the deployed path: S3 notification → upload trigger → state
 * machine → stage handlers with the real ingestor, on S3 and DynamoDB (moto_server). What cannot
 * be refined ends FAILED with a reason a seller can act on, after one attempt (no retry, no crash
 * loop: a redelivery starts nothing); what can be refined is refined; the original stays as uploaded.
 */
@ExtendWith(MotoServer.class)
class BadInputsTest {
    private static ReliabilityStack stack;
    private static final AtomicInteger SKUS = new AtomicInteger();

    @BeforeAll
    static void start() {
        stack = ReliabilityStack.builder(ReliabilityStack.Backend.MOTO).build();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    record Refined(String sessionId, Session session, Execution execution, List<ImageVersion> versions, UploadIntake.Result intake) {
    }

    /** Uploads under a fresh SKU, delivers S3's notification, waits for the execution. */
    private static Refined upload(String fileName, byte[] bytes) {
        String key = "uploads/acme/BAD-" + SKUS.incrementAndGet() + "/" + fileName;
        ReliabilityStack.Upload u = stack.putOriginal(key, bytes);
        UploadIntake.Result r = stack.deliver(stack.notification(u)).get(0);
        if (r.sessionId() == null) {
            return new Refined(null, null, null, List.of(), r);
        }
        if (r.outcome() == UploadIntake.Outcome.REJECTED) {
            // refused by the trigger: recorded as a FAILED session with the reason, nothing started
            return new Refined(r.sessionId(), stack.rawSessions.find("acme", r.sessionId()).orElseThrow(), null, List.of(), r);
        }
        stack.awaitExecutions(Duration.ofMinutes(2));
        Execution ex = stack.workflow.run(r.executionName()).orElseThrow().execution().join();
        return new Refined(r.sessionId(), stack.rawSessions.find("acme", r.sessionId()).orElseThrow(), ex,
                stack.rawSessions.versions("acme", r.sessionId()), r);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("truncated JPEG", "cut.jpg", (Supplier<byte[]>) BadInputs::truncatedJpeg, "damaged or incomplete"),
                Arguments.of("text named .jpg", "notes.jpg", (Supplier<byte[]>) BadInputs::text, "text file, not an image"),
                Arguments.of("HEIC named .jpg", "IMG_0001.jpg", (Supplier<byte[]>) BadInputs::heic, "Unsupported format: HEIC/HEIF"),
                Arguments.of("animated GIF named .jpg", "spin.jpg", (Supplier<byte[]>) BadInputs::animatedGif, "animated GIF"),
                Arguments.of("decompression bomb", "bomb.png", (Supplier<byte[]>) () -> BadInputs.pngBomb(30_000), "claims 30000×30000 pixels"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void isRefusedOnceWithAReasonAndNoCrashLoop(String what, String fileName, Supplier<byte[]> bytes, String reasonPart) {
        byte[] content = bytes.get();
        Refined r = upload(fileName, content);
        assertRefused(r, reasonPart);
    }

    static void assertRefused(Refined r, String reasonPart) {
        assertThat(r.session().status()).isEqualTo(SessionStatus.FAILED);
        assertThat(r.session().reason()).contains(reasonPart).contains(" — ");
        assertThat(r.execution().status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(r.execution().error()).isEqualTo("dev.refinery.domain.InvalidInputException");
        assertThat(r.execution().events(HistoryEventType.TASK_SCHEDULED, "Base")).as("one attempt, no retry").hasSize(1);
        assertThat(r.execution().statesEntered()).containsSubsequence("Base", "RecordFailure", "Failed");
        assertThat(r.versions()).isEmpty();
        assertThat(stack.objectKeys(dev.refinery.pipeline.SessionKeys.prefix("acme", r.sessionId()))).isEmpty();
        // A redelivered notification starts nothing new.
        int runs = stack.workflow.runs().size();
        String event = stack.notification(stack.uploads().stream().filter(u -> u.key().equals(r.session().source().key())).findFirst().orElseThrow());
        assertThat(stack.deliver(event)).singleElement().satisfies(again -> assertThat(again.outcome()).isEqualTo(UploadIntake.Outcome.ALREADY_STARTED));
        assertThat(stack.workflow.runs()).hasSize(runs);
        assertThat(Invariants.check(stack, List.of(new Invariants.SessionRef("acme", r.sessionId()))).violations()).isEmpty();
    }

    @Test
    void aFileOverTheIngestLimitIsRefusedBeforeParsing() {
        // Past the trigger's size check (a session started through the API from an existing key).
        String key = "uploads/acme/BAD-HUGE/huge.jpg";
        stack.putOriginal(key, new byte[(int) BadInputs.ingestFileLimit() + 1]);
        APIGatewayProxyResponseEvent res = stack.call("POST", "/sessions", "acme", Map.of("uploadKey", key));
        assertThat(res.getStatusCode()).as(res.getBody()).isEqualTo(202);
        String id = Json.tree(res.getBody()).get("sessionId").asText();
        stack.awaitExecutions(Duration.ofMinutes(2));
        Session s = stack.rawSessions.find("acme", id).orElseThrow();
        assertThat(s.status()).isEqualTo(SessionStatus.FAILED);
        assertThat(s.reason()).contains("over the 50 MB limit").contains(" — ");
    }

    @Test
    void zeroBytesAreRefusedByTheTriggerAndByTheBaseStage() {
        Refined viaTrigger = upload("empty.jpg", new byte[0]);
        assertThat(viaTrigger.intake().outcome()).isEqualTo(UploadIntake.Outcome.REJECTED);
        assertThat(viaTrigger.intake().reason()).contains("empty");
        // recorded for the seller: one session, FAILED with the reason, never started
        assertThat(stack.rawSessions.findBySku("acme", viaTrigger.intake().key().split("/")[2])).singleElement()
                .satisfies(s -> assertThat(s.reason()).contains("empty.jpg was not refined").contains("empty"));
        assertThat(viaTrigger.execution()).isNull();

        String key = "uploads/acme/BAD-EMPTY/empty.png";
        stack.putOriginal(key, new byte[0]);
        APIGatewayProxyResponseEvent res = stack.call("POST", "/sessions", "acme", Map.of("uploadKey", key));
        String id = Json.tree(res.getBody()).get("sessionId").asText();
        stack.awaitExecutions(Duration.ofMinutes(2));
        Session s = stack.rawSessions.find("acme", id).orElseThrow();
        assertThat(s.status()).isEqualTo(SessionStatus.FAILED);
        assertThat(s.reason()).contains("empty").contains("Upload the photo again");
    }

    @Test
    void anUploadOverTheUploadLimitIsRejectedByTheTriggerWithItsSize() {
        Refined r = upload("big.jpg", new byte[(int) stack.config.uploadMaxBytes() + 1024]);
        assertThat(r.intake().outcome()).isEqualTo(UploadIntake.Outcome.REJECTED);
        assertThat(r.intake().reason()).contains("the limit is").contains("upload a smaller photo");
        // the seller sees why: a session that ended FAILED with the reason, and no execution
        assertThat(r.session().status()).isEqualTo(SessionStatus.FAILED);
        assertThat(r.session().reason()).contains("big.jpg was not refined").contains("the limit is");
        assertThat(r.execution()).isNull();
        assertThat(stack.objectTags(r.intake().key())).containsEntry("kind", "rejected");
    }

    @Test
    void typesWeDoNotReadAreRejectedByTheTriggerByName() {
        for (String name : List.of("IMG_0001.HEIC", "spin.gif", "scan.tiff")) {
            Refined r = upload(name, name.endsWith("HEIC") ? BadInputs.heic() : BadInputs.animatedGif());
            assertThat(r.intake().outcome()).as(name).isEqualTo(UploadIntake.Outcome.REJECTED);
            assertThat(r.intake().reason()).as(name).contains("is not a supported photo type").contains("JPEG, PNG or WebP");
        }
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("PNG named .jpg", "photo.jpg", (Supplier<byte[]>) () -> BadInputs.png(BadInputs.product(400, 300))),
                Arguments.of("16-bit PNG", "deep.png", (Supplier<byte[]>) BadInputs::sixteenBitPng),
                Arguments.of("CMYK JPEG", "print.jpg", (Supplier<byte[]>) BadInputs::cmykJpeg),
                Arguments.of("lossless WebP", "shot.webp", (Supplier<byte[]>) BadInputs::webp));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void isReadAndRefined(String what, String fileName, Supplier<byte[]> bytes) {
        Refined r = upload(fileName, bytes.get());
        assertThat(r.execution().succeeded()).as(r.execution().toString()).isTrue();
        assertThat(r.session().status()).isIn(SessionStatus.COMPLETED, SessionStatus.NEEDS_REVIEW);
        ImageVersion base = r.versions().get(0);
        assertThat(base.params()).containsEntry("width", "400").containsEntry("height", "300");
        BufferedImage img = ImageCodec.decode(stack.rawImages.get(base.imageKey()));
        assertThat(img.getColorModel().getComponentSize(0)).as("8 bits per channel after ingest").isEqualTo(8);
        assertThat(Invariants.check(stack, List.of(new Invariants.SessionRef("acme", r.sessionId()))).violations()).isEmpty();
    }

    @Test
    void anExifRotatedJpegComesOutUpright() {
        Refined r = upload("phone.jpg", BadInputs.exifRotatedJpeg(400, 300));
        assertThat(r.execution().succeeded()).isTrue();
        BufferedImage base = ImageCodec.decode(stack.rawImages.get(r.versions().get(0).imageKey()));
        assertThat(base.getWidth()).isEqualTo(300);
        assertThat(base.getHeight()).isEqualTo(400);
        // Stored top-left, the red mark shows top-right once upright.
        assertThat(isRed(base.getRGB(base.getWidth() - 10, 10))).isTrue();
        assertThat(isRed(base.getRGB(10, 10))).isFalse();
        // The rendition is made from the upright master: the product is taller than wide.
        ImageVersion fin = r.versions().stream().filter(v -> v.stage().id().equals("finalize")).reduce((a, b) -> b).orElseThrow();
        BufferedImage mask = ImageCodec.decode(stack.rawImages.get(fin.maskKey()));
        int[] box = box(mask);
        assertThat(box[3] - box[1]).as("product height").isGreaterThan(box[2] - box[0]);
    }

    private static boolean isRed(int rgb) {
        int r = (rgb >> 16) & 255, g = (rgb >> 8) & 255, b = rgb & 255;
        return r > 180 && g < 80 && b < 80;
    }

    /** minX, minY, maxX, maxY of the mask's white pixels. */
    private static int[] box(BufferedImage mask) {
        int minX = Integer.MAX_VALUE, minY = Integer.MAX_VALUE, maxX = -1, maxY = -1;
        for (int y = 0; y < mask.getHeight(); y++) {
            for (int x = 0; x < mask.getWidth(); x++) {
                if ((mask.getRGB(x, y) & 0xFF) > 127) {
                    minX = Math.min(minX, x);
                    minY = Math.min(minY, y);
                    maxX = Math.max(maxX, x);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        return new int[] {minX, minY, maxX, maxY};
    }
}
