package dev.refinery.reliability.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refinery.aws.testing.TestEngines;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.Session;
import dev.refinery.domain.SessionStatus;
import dev.refinery.reliability.harness.Finishers;
import dev.refinery.reliability.harness.Invariants;
import dev.refinery.reliability.harness.Photos;
import dev.refinery.reliability.harness.ReliabilityStack;
import dev.refinery.testkit.MotoServer;
import dev.refinery.workflow.runner.Execution;
import dev.refinery.workflow.runner.HistoryEventType;
import java.awt.Color;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Faults injected at the engine boundary (the image model's 429/500/timeout/moderation), at the
 * SDK's HTTP attempts against S3 and DynamoDB on moto_server (503 SlowDown, ThrottlingException,
 * 500, connection resets), at the ports, and a stage that dies mid-way. What is transient is
 * retried until it passes; what is not ends FAILED or NEEDS_REVIEW with a reason; the original is
 * never touched.
 */
@ExtendWith(MotoServer.class)
class FaultInjectionTest {
    private ReliabilityStack stack;

    @AfterEach
    void close() {
        if (stack != null) {
            stack.close();
        }
    }

    private ReliabilityStack.Builder builder() {
        return ReliabilityStack.builder(ReliabilityStack.Backend.MOTO)
                .finisher(Finishers.framesTooSmallUntilTold(new TestEngines.CentringFinisher()));
    }

    /** Uploads one photo, delivers its notification, waits for the execution; returns the session. */
    private Outcome refine(ReliabilityStack s) {
        this.stack = s;
        ReliabilityStack.Upload u = s.putOriginal("uploads/acme/SKU-1/teapot.png", Photos.flatPng(400, 300, new Color(30, 110, 60)));
        String sessionId = s.deliver(s.notification(u)).get(0).sessionId();
        List<Execution> done = s.awaitExecutions(Duration.ofMinutes(3));
        Session session = s.rawSessions.find("acme", sessionId).orElseThrow();
        Invariants.Report report = Invariants.check(s, List.of(new Invariants.SessionRef("acme", sessionId)));
        return new Outcome(session, done.get(0), report, s.rawSessions.versions("acme", sessionId));
    }

    record Outcome(Session session, Execution execution, Invariants.Report report, List<ImageVersion> versions) {
        int attempts(String state) {
            return execution.events(HistoryEventType.TASK_SCHEDULED, state).size();
        }
    }

    private static void assertCompletedCleanly(Outcome o) {
        assertThat(o.session().status()).as(o.session().reason()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(o.report().violations()).isEmpty();
        assertThat(o.versions()).extracting(v -> v.slot().id()).containsExactly("r0-i0-base", "r0-i0-lighting", "r0-i0-background",
                "r0-i0-detail", "r0-i0-finalize-google-merchant", "r0-i1-finalize-google-merchant");
    }

    private static void assertFailedWithReason(Outcome o, String reasonPart) {
        assertThat(o.session().status()).isEqualTo(SessionStatus.FAILED);
        assertThat(o.session().reason()).containsIgnoringCase(reasonPart).contains(" — ");
        assertThat(o.report().violations()).as("originals intact, nothing lost, every object recorded").isEmpty();
    }

    @Nested
    class TheImageModel {
        @Test
        void rateLimitsServerErrorsAndTimeoutsAreRetriedUntilTheSessionCompletes() {
            FaultPlan<Fault> plan = FaultPlan.seeded(7)
                    .firstCalls("engine.edit.lighting", 2, Faults.modelRateLimited())
                    .firstCalls("engine.edit.background", 1, Faults.modelServerError())
                    .firstCalls("engine.edit.detail", 3, Faults.modelTimeout());
            Outcome o = refine(builder().portFaults(plan).build());
            assertCompletedCleanly(o);
            assertThat(o.execution().events(HistoryEventType.STATE_RETRIED, null)).extracting(e -> e.details().path("error").asText())
                    .containsOnly("dev.refinery.openai.RateLimitedException", "dev.refinery.openai.ModelServerException",
                            "dev.refinery.openai.ModelTimeoutException");
            assertThat(o.attempts("Lighting")).isEqualTo(3);
            assertThat(o.attempts("Background")).isEqualTo(2);
            assertThat(o.attempts("Detail")).isEqualTo(4);
            assertThat(plan.injections()).hasSize(6);
        }

        @Test
        void aModelThatKeepsFailingEndsFailedWithAReasonAfterTheLastRetry() {
            Outcome o = refine(builder().portFaults(FaultPlan.seeded(7).always("engine.edit.background", Faults.modelServerError())).build());
            assertFailedWithReason(o, "500");
            assertThat(o.session().reason()).as("a final failure does not promise a retry").doesNotContain("retried automatically")
                    .contains("another refinement later");
            assertThat(o.attempts("Background")).isEqualTo(5);
            assertThat(o.execution().statesEntered()).containsSubsequence("Background", "RecordFailure", "Failed").doesNotContain("Detail");
        }

        @Test
        void aRetryAfterIsWaitedForAndTheStageResumes() {
            Outcome o = refine(builder().portFaults(FaultPlan.seeded(7).firstCalls("engine.edit.lighting", 1, Faults.modelRetryAfter(120))).build());
            assertCompletedCleanly(o);
            assertThat(o.execution().statesEntered()).containsSubsequence("Lighting", "WaitRetryLater", "ResumeAfterWait", "Lighting");
            assertThat(o.execution().events(HistoryEventType.STATE_ENTERED, "WaitRetryLater")).hasSize(1);
        }

        @Test
        void aModerationRefusalIsNotRetriedAndEndsFailedWithTheRefusal() {
            Outcome o = refine(builder().portFaults(FaultPlan.seeded(7).always("engine.edit.lighting", Faults.modelModeration())).build());
            assertFailedWithReason(o, "refused");
            assertThat(o.attempts("Lighting")).isEqualTo(1);
            assertThat(o.execution().error()).isEqualTo("dev.refinery.openai.ModerationBlockedException");
            assertThat(o.session().reason()).contains("change the photo or the wording");
        }
    }

    @Nested
    class S3 {
        @Test
        void slowDownWithinTheSdksRetriesIsInvisible() {
            FaultPlan<HttpFault> http = FaultPlan.seeded(7, HttpFault::name).firstCalls("s3.PutObject", 2, HttpFault.s3SlowDown());
            Outcome o = refine(builder().httpFaults(http).build());
            assertCompletedCleanly(o);
            assertThat(o.attempts("Base")).isEqualTo(1);
            assertThat(http.injections()).hasSize(2);
        }

        @Test
        void slowDownOutlastingTheSdksRetriesIsRetriedByTheStateMachine() {
            FaultPlan<HttpFault> http = FaultPlan.seeded(7, HttpFault::name).firstCalls("s3.PutObject", 3, HttpFault.s3SlowDown());
            Outcome o = refine(builder().sdkMaxAttempts(2).httpFaults(http).build());
            assertCompletedCleanly(o);
            assertThat(o.attempts("Base")).as("the first Base attempt ran out of SDK retries").isEqualTo(2);
        }

        @Test
        void anOriginalThatCannotBeReadEndsFailedWithAReasonAndStaysIntact() {
            FaultPlan<HttpFault> http = FaultPlan.seeded(7, HttpFault::name).always("s3.GetObject", HttpFault.s3InternalError());
            Outcome o = refine(builder().sdkMaxAttempts(2).httpFaults(http).build());
            assertFailedWithReason(o, "another refinement later");
            assertThat(o.attempts("Base")).isEqualTo(5);
        }

        @Test
        void aWriteWhoseAnswerIsLostIsRepeatedHarmlessly() {
            FaultPlan<HttpFault> http = FaultPlan.seeded(7, HttpFault::name).onCalls("s3.PutObject", HttpFault.connectionResetAfterProcessing(), 1, 3, 5);
            Outcome o = refine(builder().httpFaults(http).build());
            assertCompletedCleanly(o);
        }
    }

    @Nested
    class DynamoDb {
        @Test
        void throttlingWithinTheSdksRetriesIsInvisible() {
            FaultPlan<HttpFault> http = FaultPlan.seeded(7, HttpFault::name)
                    .firstCalls("dynamodb.TransactWriteItems", 2, HttpFault.dynamoDbThrottling())
                    .firstCalls("dynamodb.GetItem", 2, HttpFault.dynamoDbProvisionedThroughputExceeded());
            Outcome o = refine(builder().httpFaults(http).build());
            assertCompletedCleanly(o);
            assertThat(http.injections()).hasSize(4);
        }

        @Test
        void throttlingOutlastingTheSdksRetriesIsRetriedByTheStateMachine() {
            FaultPlan<HttpFault> http = FaultPlan.seeded(7, HttpFault::name).firstCalls("dynamodb.TransactWriteItems", 3, HttpFault.dynamoDbThrottling());
            Outcome o = refine(builder().sdkMaxAttempts(2).httpFaults(http).build());
            assertCompletedCleanly(o);
            assertThat(o.attempts("Base")).isEqualTo(2);
        }

        @Test
        void internalErrorsOutlastingTheSdksRetriesAreRetriedByTheStateMachine() {
            FaultPlan<HttpFault> http = FaultPlan.seeded(7, HttpFault::name).onCalls("dynamodb.PutItem", HttpFault.dynamoDbInternalError(), 4, 5);
            Outcome o = refine(builder().sdkMaxAttempts(2).httpFaults(http).build());
            assertCompletedCleanly(o);
        }

        @Test
        void aTransactionWhoseAnswerIsLostIsNotCountedTwice() {
            // The version-number transaction commits, the answer is lost, the SDK sends it again.
            FaultPlan<HttpFault> http = FaultPlan.seeded(7, HttpFault::name)
                    .onCalls("dynamodb.TransactWriteItems", HttpFault.connectionResetAfterProcessing(), 1, 2, 4)
                    .onCalls("dynamodb.PutItem", HttpFault.connectionResetAfterProcessing(), 5, 6);
            Outcome o = refine(builder().httpFaults(http).build());
            assertCompletedCleanly(o);
            assertThat(o.versions()).extracting(ImageVersion::number).containsExactly(1, 2, 3, 4, 5, 6);
        }
    }

    @Nested
    class AStageThatDiesMidWay {
        @Test
        void afterWritingItsImageAndBeforeRecordingIt_theRetryRecordsTheSameVersion() {
            // The image is stored, then the version record cannot be written: the invocation fails, Step Functions retries it.
            FaultPlan<Fault> plan = FaultPlan.seeded(7).alwaysFor("sessions.saveVersion", "r0-i0-background", Faults.storeUnavailable("dynamodb"))
                    .stopAfter(1);
            ReliabilityStack s = builder().portFaults(plan).build();
            Outcome o = refine(s);
            assertCompletedCleanly(o);
            assertThat(o.attempts("Background")).isEqualTo(2);
            String key = o.versions().get(2).imageKey();
            assertThat(s.objectVersionCount(key)).as("the retry wrote the same key again").isEqualTo(2);
        }

        @Test
        void whenTheFunctionItselfDies_theSessionFailsWithAReasonAndTheUnrecordedImageIsLeftForTheLifecycleRule() {
            FaultPlan<Fault> plan = FaultPlan.seeded(7).alwaysFor("images.put", "-background.png", Faults.crashAfter());
            Outcome o = refine(builder().portFaults(plan).build());
            assertThat(o.session().status()).isEqualTo(SessionStatus.FAILED);
            assertThat(o.session().reason()).contains("ask for another refinement");
            assertThat(o.execution().error()).isEqualTo("Lambda.Unknown");
            // a function that dies (Lambda.Unknown, as a timed-out one) is retried once, the stage being idempotent per slot
            // (issue 13); it dies again, and the session fails with the reason
            assertThat(o.attempts("Background")).as("Lambda.Unknown is retried once by the definition").isEqualTo(2);
            // The written image has no record; it is an intermediate, which the bucket's lifecycle rule expires.
            assertThat(o.report().orphans()).singleElement().satisfies(k -> {
                assertThat(k).endsWith("-background.png");
                assertThat(stack.objectTags(k)).containsEntry("kind", "intermediate");
            });
            assertThat(o.report().lost()).isEmpty();
            assertThat(o.report().violations()).allSatisfy(v -> assertThat(v).startsWith("object without a version record"));
        }
    }

    @Nested
    class TheControlPorts {
        @Test
        void aTriggerThatCannotStartTheExecutionFailsAndItsRedeliveryStartsIt() {
            FaultPlan<Fault> plan = FaultPlan.seeded(7).firstCalls("starter.start", 1, Faults.storeUnavailable("states"));
            ReliabilityStack s = builder().portFaults(plan).build();
            stack = s;
            ReliabilityStack.Upload u = s.putOriginal("uploads/acme/SKU-2/jug.png", Photos.flatPng(400, 300, new Color(30, 110, 60)));
            String event = s.notification(u);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.deliver(event))
                    .isInstanceOf(dev.refinery.domain.TransientRefineryException.class);
            assertThat(s.workflow.runs()).isEmpty();
            // Lambda retries an asynchronous invocation that failed.
            var again = s.deliver(event);
            assertThat(again).singleElement().satisfies(r -> assertThat(r.sessionId()).isNotNull());
            s.awaitExecutions(Duration.ofMinutes(2));
            Session session = s.rawSessions.find("acme", again.get(0).sessionId()).orElseThrow();
            assertThat(session.status()).isEqualTo(SessionStatus.COMPLETED);
            assertThat(s.rawSessions.findBySku("acme", "SKU-2")).hasSize(1);
        }

        @Test
        void aCompletionEventThatCannotBePublishedIsRetriedAndSentOnce() {
            FaultPlan<Fault> plan = FaultPlan.seeded(7).firstCalls("notifier.publish", 2, Faults.storeUnavailable("events"));
            Outcome o = refine(builder().portFaults(plan).build());
            assertCompletedCleanly(o);
            assertThat(o.attempts("Publish")).isEqualTo(3);
            assertThat(stack.notifier.events()).singleElement().satisfies(e -> assertThat(e.status()).isEqualTo("COMPLETED"));
        }
    }
}
