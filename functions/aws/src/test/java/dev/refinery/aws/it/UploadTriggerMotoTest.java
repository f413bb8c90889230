package dev.refinery.aws.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.refinery.aws.Engines;
import dev.refinery.aws.Wiring;
import dev.refinery.application.UploadIntake;
import dev.refinery.aws.config.RefineryConfig;
import dev.refinery.aws.dynamodb.DynamoDbCatalogStore;
import dev.refinery.aws.dynamodb.DynamoDbSessionEventLog;
import dev.refinery.aws.dynamodb.DynamoDbSessionStore;
import dev.refinery.aws.dynamodb.DynamoDbUploadLedger;
import dev.refinery.aws.handlers.UploadTriggerHandler;
import dev.refinery.application.ports.memory.RecordingNotifier;
import dev.refinery.aws.s3.S3ImageStore;
import dev.refinery.application.ExecutionNames;
import dev.refinery.aws.stepfunctions.StepFunctionsWorkflowStarter;
import dev.refinery.aws.testing.MotoStack;
import dev.refinery.aws.testing.StartExecutionCounter;
import dev.refinery.aws.testing.TestEngines;
import dev.refinery.domain.PresetCatalog;
import dev.refinery.domain.Session;
import dev.refinery.testkit.MotoServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The upload trigger on S3, DynamoDB and Step Functions (moto_server): the bucket's own S3 event
 * notification (delivered by moto to SQS) is handed to the trigger five times at once.
 */
@ExtendWith(MotoServer.class)
class UploadTriggerMotoTest {
    private final StartExecutionCounter counter = new StartExecutionCounter();
    private MotoStack stack;
    private DynamoDbSessionStore store;
    private DynamoDbUploadLedger ledger;
    private UploadTriggerHandler trigger;
    private SqsClient sqs;
    private String queueUrl;

    @BeforeEach
    void stack() {
        stack = MotoStack.create(counter);
        RefineryConfig config = stack.config(Map.of());
        store = new DynamoDbSessionStore(stack.dynamoDb, stack.table);
        ledger = new DynamoDbUploadLedger(stack.dynamoDb, stack.table);
        S3ImageStore images = new S3ImageStore(stack.s3, stack.presigner, MotoStack.CREDENTIALS, stack.bucket, MotoStack.REGION.id(),
                Optional.of(stack.endpoint), Clock.systemUTC());
        Wiring wiring = new Wiring(config, store, images, images, new DynamoDbCatalogStore(stack.dynamoDb, stack.table), ledger,
                new DynamoDbSessionEventLog(stack.dynamoDb, stack.table),
                new StepFunctionsWorkflowStarter(stack.sfn, stack.stateMachineArn), new RecordingNotifier(),
                Engines.forControl(config), PresetCatalog.bundled(), Clock.systemUTC());
        trigger = new UploadTriggerHandler(wiring);

        sqs = stack.sqs();
        queueUrl = sqs.createQueue(b -> b.queueName(stack.bucket + "-events")).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNamesWithStrings("QueueArn")).attributesAsStrings().get("QueueArn");
        stack.s3.putBucketNotificationConfiguration(b -> b.bucket(stack.bucket).notificationConfiguration(n -> n.queueConfigurations(
                q -> q.queueArn(queueArn).events(Event.S3_OBJECT_CREATED))));
    }

    /** Uploads an original and returns the notification S3 sent for it. */
    private String upload(String key) {
        stack.s3.putObject(b -> b.bucket(stack.bucket).key(key).contentType("image/jpeg"), RequestBody.fromBytes(TestEngines.productPhoto(200, 150)));
        List<Message> got = new ArrayList<>();
        await("S3 notification for " + key).atMost(Duration.ofSeconds(20)).until(() -> {
            for (Message m : sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
                if (m.body().contains("\"Records\"")) {
                    got.add(m);
                }
            }
            return !got.isEmpty();
        });
        return got.get(0).body();
    }

    @SuppressWarnings("unchecked")
    private List<UploadIntake.Result> deliver(String event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        trigger.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        Map<String, Object> answer = dev.refinery.aws.Json.MAPPER.readValue(out.toByteArray(), Map.class);
        List<Map<String, Object>> raw = (List<Map<String, Object>>) answer.get("results");
        return raw.stream().map(r -> dev.refinery.aws.Json.MAPPER.convertValue(r, UploadIntake.Result.class)).toList();
    }

    private List<ExecutionListItem> executions() {
        return stack.sfn.listExecutions(b -> b.stateMachineArn(stack.stateMachineArn)).executions();
    }

    private long sessionItemsOf(String tenant) {
        return stack.dynamoDb.scan(b -> b.tableName(stack.table).filterExpression("sk = :s AND begins_with(pk, :p)")
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("SESSION"), ":p", AttributeValue.fromS("T#" + tenant + "#"))))
                .count();
    }

    @Test
    void theSameNotificationFiveTimesAtOnceMakesOneSessionAndOneExecution() throws Exception {
        String key = "uploads/acme/SKU-7/red mug+1.jpg";
        String event = upload(key);
        assertThat(event).doesNotContain("red mug+1.jpg");

        ExecutorService pool = Executors.newFixedThreadPool(5);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<UploadIntake.Result>>> futures = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Callable<List<UploadIntake.Result>> c = () -> {
                go.await();
                return deliver(event);
            };
            futures.add(pool.submit(c));
        }
        go.countDown();
        List<UploadIntake.Result> results = new ArrayList<>();
        for (Future<List<UploadIntake.Result>> f : futures) {
            results.addAll(f.get());
        }
        pool.shutdown();

        assertThat(results).hasSize(5).extracting(UploadIntake.Result::key).containsOnly(key);
        assertThat(results).extracting(UploadIntake.Result::sessionId).containsOnly(results.get(0).sessionId());
        assertThat(results).extracting(UploadIntake.Result::executionName).containsOnly(results.get(0).executionName());
        // Which delivery reports STARTED is a race (the first claimer may reach StartExecution after another
        // delivery did); what must hold is that every delivery counts the upload as started, and (below)
        // that there is exactly one session and one execution.
        assertThat(results).extracting(UploadIntake.Result::outcome)
                .containsOnly(UploadIntake.Outcome.STARTED, UploadIntake.Outcome.ALREADY_STARTED);
        assertThat(results).filteredOn(r -> r.outcome() == UploadIntake.Outcome.STARTED).hasSizeLessThanOrEqualTo(1);

        // one session record, one execution, and StartExecution was called by every delivery with the same name
        assertThat(sessionItemsOf("acme")).isEqualTo(1);
        List<Session> bySku = store.findBySku("acme", "SKU-7");
        // moto's notifications carry the ETag but neither versionId nor sequencer; S3's carry both.
        assertThat(bySku).singleElement().satisfies(s -> assertThat(s.source().key()).isEqualTo(key));
        assertThat(executions()).singleElement().extracting(ExecutionListItem::name).isEqualTo(results.get(0).executionName());
        assertThat(counter.calls.get()).isEqualTo(5);
        String input = stack.sfn.describeExecution(b -> b.executionArn(executions().get(0).executionArn())).input();
        assertThat(dev.refinery.aws.Json.tree(input).get("sessionId").asText()).isEqualTo(bySku.get(0).id());
        assertThat(dev.refinery.aws.Json.tree(input).get("mode").asText()).isEqualTo("first-pass");

        // A redelivery after the execution ended: Step Functions answers ExecutionAlreadyExists, which counts as started.
        stack.sfn.stopExecution(b -> b.executionArn(executions().get(0).executionArn()));
        assertThat(deliver(event)).singleElement().extracting(UploadIntake.Result::outcome).isEqualTo(UploadIntake.Outcome.ALREADY_STARTED);
        assertThat(counter.alreadyExists.get()).isEqualTo(1);
        assertThat(executions()).hasSize(1);
        assertThat(sessionItemsOf("acme")).isEqualTo(1);
    }

    @Test
    void aCrashAfterTheRecordButBeforeTheStartIsHealedByTheNextDelivery() throws Exception {
        String key = "uploads/acme/SKU-8/p.png";
        String event = upload(key);
        var object = dev.refinery.aws.Json.tree(event).get("Records").get(0).get("s3").get("object");
        String versionId = object.path("versionId").asText(null);
        String token = new dev.refinery.application.UploadNotice(stack.bucket, key, 1, versionId, object.path("sequencer").asText(null),
                object.path("eTag").asText(null), "test").writeToken();
        String uploadId = ExecutionNames.uploadId(stack.bucket, key, token);
        // What a trigger that died right after its conditional write left behind:
        ledger.claim(new dev.refinery.application.ports.UploadRecord("acme", uploadId, stack.bucket, key, versionId,
                ExecutionNames.sessionIdFrom(uploadId), ExecutionNames.forUpload(uploadId), java.time.Instant.now(),
                java.time.Instant.now().plus(Duration.ofDays(90))));
        assertThat(executions()).isEmpty();

        List<UploadIntake.Result> results = deliver(event);
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(UploadIntake.Outcome.ALREADY_STARTED);
            assertThat(r.executionName()).isEqualTo(ExecutionNames.forUpload(uploadId));
        });
        assertThat(executions()).singleElement().extracting(ExecutionListItem::name).isEqualTo(ExecutionNames.forUpload(uploadId));
        assertThat(store.find("acme", ExecutionNames.sessionIdFrom(uploadId))).isPresent();
    }
}
