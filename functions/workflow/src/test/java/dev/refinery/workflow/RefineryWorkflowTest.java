package dev.refinery.workflow;

import static dev.refinery.workflow.FakeStages.check;
import static dev.refinery.workflow.FakeStages.feedbackRound;
import static dev.refinery.workflow.FakeStages.firstPass;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.refinery.domain.ConflictException;
import dev.refinery.domain.EngineUnavailableException;
import dev.refinery.domain.InvalidInputException;
import dev.refinery.domain.RetryLaterException;
import dev.refinery.domain.TransientRefineryException;
import dev.refinery.workflow.RefineryStateMachine.LambdaFunction;
import dev.refinery.workflow.runner.Execution;
import dev.refinery.workflow.runner.ExecutionStatus;
import dev.refinery.workflow.runner.HistoryEventType;
import dev.refinery.workflow.runner.LambdaErrors;
import dev.refinery.workflow.runner.TaskFailedException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The project's definition on the local runner, with stage handlers that fail on purpose. */
class RefineryWorkflowTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FIRST_PASS_TO_CHECK = List.of("Mode", "StartFirstPass", "Base", "Lighting",
            "Background", "Detail", "Finalize", "QualityCheck", "CheckVerdict");
    private static final String FIXUP = "ResetGuidance PrepareFixup RepairRoute";

    private final FakeStages stages = new FakeStages();

    private static List<String> seq(String... parts) {
        return java.util.Arrays.stream(String.join(" ", parts).trim().split("\\s+")).toList();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        java.util.List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Nested
    class FirstPass {
        @Test
        void runsEveryStageInOrderAndPublishesCompleted() {
            Execution ex = stages.runner().run(firstPass(), "happy");

            assertThat(ex.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(ex.statesEntered()).isEqualTo(concat(FIRST_PASS_TO_CHECK, seq("MarkCompleted Publish")));
            Map<String, Object> published = stages.calls(LambdaFunction.PUBLISHER).get(0);
            assertThat(published).containsEntry("tenant", "t1").containsEntry("sessionId", "s-123")
                    .containsEntry("outcome", "COMPLETED").containsEntry("summary", "all presets pass");
            assertThat(stages.calls(LambdaFunction.FAILURE_RECORDER)).isEmpty();
        }

        @Test
        void stagesGetTheContractPayload() {
            stages.runner().run(firstPass(), "payload");

            Map<String, Object> lighting = stages.calls(LambdaFunction.LIGHTING).get(0);
            assertThat(lighting).containsOnlyKeys("tenant", "sessionId", "iteration", "repairStage", "feedback", "hints",
                    "mode", "feedbackStage");
            assertThat(lighting).containsEntry("tenant", "t1").containsEntry("sessionId", "s-123")
                    .containsEntry("iteration", 0).containsEntry("repairStage", null).containsEntry("feedback", null)
                    .containsEntry("hints", Map.of()).containsEntry("mode", "first-pass").containsEntry("feedbackStage", null);
            assertThat(stages.calls(LambdaFunction.QUALITY_CHECK).get(0)).containsEntry("iteration", 0);
        }

        @Test
        void keepsOnlyKeysAndIdsInTheState() {
            Execution ex = stages.runner().run(firstPass(), "small");

            JsonNode out = ex.output();
            assertThat(out.fieldNames()).toIterable().containsExactlyInAnyOrder("tenant", "sessionId", "mode",
                    "feedbackStage", "iteration", "guidance", "retryLater", "quality", "publish");
            assertThat(ex.output().toString().length()).isLessThan(600);
        }
    }

    @Nested
    class TransientErrors {
        @Test
        void areRetriedUntilTheStageSucceeds() {
            stages.thenThrow(LambdaFunction.LIGHTING, new TransientRefineryException("engine busy", null))
                    .thenThrow(LambdaFunction.LIGHTING, new ConflictException("stale session revision"))
                    .then(LambdaFunction.DETAIL, in -> {
                        throw new TaskFailedException("Lambda.TooManyRequestsException", "Rate exceeded");
                    })
                    .then(LambdaFunction.BACKGROUND, in -> {
                        throw new TaskFailedException("dev.refinery.openai.RateLimitedException",
                                LambdaErrors.cause("dev.refinery.openai.RateLimitedException", "429 from the model"));
                    });

            Execution ex = stages.runner().run(firstPass(), "transient");

            assertThat(ex.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(stages.calls(LambdaFunction.LIGHTING)).hasSize(3);
            assertThat(stages.calls(LambdaFunction.BACKGROUND)).hasSize(2);
            assertThat(stages.calls(LambdaFunction.DETAIL)).hasSize(2);
            assertThat(ex.events(HistoryEventType.STATE_RETRIED, "Lighting")).hasSize(2);
            assertThat(ex.events(HistoryEventType.TASK_SCHEDULED, "Lighting")).hasSize(3);
            // the same payload every attempt
            assertThat(stages.calls(LambdaFunction.LIGHTING)).allSatisfy(p -> assertThat(p).isEqualTo(stages.calls(LambdaFunction.LIGHTING).get(0)));
            // FULL jitter: each pause is somewhere in [0, IntervalSeconds * BackoffRate^n]
            assertThat(ex.events(HistoryEventType.STATE_RETRIED, "Lighting"))
                    .extracting(e -> e.details().get("delayMillis").asLong())
                    .satisfies(d -> {
                        assertThat(d.get(0)).isBetween(0L, 2000L);
                        assertThat(d.get(1)).isBetween(0L, 4000L);
                    });
            assertThat(stages.calls(LambdaFunction.FAILURE_RECORDER)).isEmpty();
        }

        @Test
        void thatNeverClearAreRecordedAfterTheLastAttempt() {
            stages.fallback(LambdaFunction.BASE, in -> {
                throw new TransientRefineryException("model server keeps failing", null);
            });

            Execution ex = stages.runner().run(firstPass(), "exhausted");

            assertThat(stages.calls(LambdaFunction.BASE)).hasSize(5); // 1 + MaxAttempts 4
            assertThat(ex.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(ex.error()).isEqualTo(TransientRefineryException.class.getName());
            assertThat(ex.statesEntered()).containsSubsequence("Base", "RecordFailure", "Failed").doesNotContain("Lighting");
            Map<String, Object> recorded = stages.calls(LambdaFunction.FAILURE_RECORDER).get(0);
            assertThat(recorded).containsOnlyKeys("tenant", "sessionId", "error");
            @SuppressWarnings("unchecked")
            Map<String, Object> error = (Map<String, Object>) recorded.get("error");
            assertThat(error).containsEntry("Error", TransientRefineryException.class.getName());
            assertThat(stages.time.sleeps()).hasSize(4);
            assertThat(stages.time.sleeps()).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(60)));
        }
    }

    @Nested
    class PermanentErrors {
        @Test
        void areNotRetriedButRecordedWithClassAndMessage() throws Exception {
            stages.thenThrow(LambdaFunction.BACKGROUND,
                    new InvalidInputException("The photo is 2 px wide", "upload a photo at least 500 px wide"));

            Execution ex = stages.runner().run(firstPass(), "permanent");

            assertThat(stages.calls(LambdaFunction.BACKGROUND)).hasSize(1);
            assertThat(ex.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(ex.statesEntered()).endsWith("Background", "RecordFailure", "Failed");
            assertThat(ex.error()).isEqualTo(InvalidInputException.class.getName());
            JsonNode cause = JSON.readTree(ex.cause());
            assertThat(cause.get("errorType").asText()).isEqualTo(InvalidInputException.class.getName());
            assertThat(cause.get("errorMessage").asText()).isEqualTo("The photo is 2 px wide");
            assertThat(cause.get("stackTrace").isArray()).isTrue();
            @SuppressWarnings("unchecked")
            Map<String, Object> error = (Map<String, Object>) stages.calls(LambdaFunction.FAILURE_RECORDER).get(0).get("error");
            assertThat(error).containsEntry("Error", InvalidInputException.class.getName()).containsEntry("Cause", ex.cause());
        }

        @Test
        void ofAnyKindAreCaught() {
            stages.thenThrow(LambdaFunction.FINALIZE, new EngineUnavailableException("no lifestyle engine", "configure openai"))
                    .thenThrow(LambdaFunction.QUALITY_CHECK, new IllegalStateException("bug"));

            Execution finalize = stages.runner().run(firstPass(), "engine");
            assertThat(finalize.error()).isEqualTo(EngineUnavailableException.class.getName());
            assertThat(finalize.statesEntered()).endsWith("Finalize", "RecordFailure", "Failed");
        }

        @Test
        void inThePublisherAreRecordedToo() {
            stages.thenThrow(LambdaFunction.PUBLISHER, new IllegalArgumentException("event bus missing"));

            Execution ex = stages.runner().run(firstPass(), "publisher");

            assertThat(ex.statesEntered()).endsWith("MarkCompleted", "Publish", "RecordFailure", "Failed");
            assertThat(ex.error()).isEqualTo(IllegalArgumentException.class.getName());
        }

        @Test
        void whenRecordingFailsTheExecutionStillFailsWithTheOriginalError() {
            stages.thenThrow(LambdaFunction.DETAIL, new InvalidInputException("bad detail", "retake"))
                    .fallback(LambdaFunction.FAILURE_RECORDER, in -> {
                        throw new IllegalStateException("table gone");
                    });

            Execution ex = stages.runner().run(firstPass(), "recorder-down");

            assertThat(ex.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(ex.error()).isEqualTo(InvalidInputException.class.getName());
            assertThat(ex.statesEntered()).endsWith("RecordFailure", "Failed");
        }
    }

    @Nested
    class FixUpLoop {
        @Test
        void endsInNeedsReviewAfterMaxFixups() {
            stages.fallback(LambdaFunction.QUALITY_CHECK,
                    in -> check(false, "lighting", "the product is too dark", Map.of("exposure", "+0.4"), "main: too dark"));

            Execution ex = stages.runner().run(firstPass(), "bound");

            String round = "Lighting Background Detail Finalize QualityCheck CheckVerdict";
            assertThat(ex.statesEntered()).isEqualTo(concat(FIRST_PASS_TO_CHECK,
                    seq(FIXUP, round, FIXUP, round, "MarkNeedsReview Publish")));
            assertThat(stages.calls(LambdaFunction.QUALITY_CHECK)).hasSize(RefineryStateMachine.MAX_FIXUPS + 1);
            assertThat(stages.calls(LambdaFunction.LIGHTING)).extracting(p -> p.get("iteration")).containsExactly(0, 1, 2);
            Map<String, Object> repair = stages.calls(LambdaFunction.LIGHTING).get(1);
            assertThat(repair).containsEntry("repairStage", "lighting").containsEntry("feedback", "the product is too dark")
                    .containsEntry("hints", Map.of("exposure", "+0.4"));
            // later stages of the chain see who is repairing and leave the guidance alone
            assertThat(stages.calls(LambdaFunction.BACKGROUND).get(1)).containsEntry("repairStage", "lighting");
            assertThat(stages.calls(LambdaFunction.PUBLISHER).get(0)).containsEntry("outcome", "NEEDS_REVIEW")
                    .containsEntry("summary", "main: too dark");
            assertThat(ex.output().get("iteration").asInt()).isEqualTo(RefineryStateMachine.MAX_FIXUPS);
        }

        @Test
        void aFailureNoStageCanRepairGoesStraightToReview() {
            // repairStage, feedback, hints and summary null: the Lambda runtime omits them all.
            stages.fallback(LambdaFunction.QUALITY_CHECK, in -> check(false, null, null, null, null));

            Execution ex = stages.runner().run(firstPass(), "unrepairable");

            assertThat(ex.statesEntered()).isEqualTo(concat(FIRST_PASS_TO_CHECK, seq("MarkNeedsReview Publish")));
            Map<String, Object> published = stages.calls(LambdaFunction.PUBLISHER).get(0);
            assertThat(published).containsEntry("outcome", "NEEDS_REVIEW").containsKey("tenant").containsKey("sessionId");
            assertThat(published.get("summary")).isNull();
        }

        @Test
        void aFramingFailureRepairedByFinalizePasses() {
            stages.then(LambdaFunction.QUALITY_CHECK, in -> check(false, "finalize", "product fills 72% of the frame; needs 85%",
                    Map.of("fill", "0.85"), "amazon-main: fill 72%"));

            Execution ex = stages.runner().run(firstPass(), "framing");

            assertThat(ex.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(ex.statesEntered()).isEqualTo(concat(FIRST_PASS_TO_CHECK,
                    seq(FIXUP, "Finalize QualityCheck CheckVerdict MarkCompleted Publish")));
            Map<String, Object> refinalize = stages.calls(LambdaFunction.FINALIZE).get(1);
            assertThat(refinalize).containsEntry("iteration", 1).containsEntry("repairStage", "finalize")
                    .containsEntry("hints", Map.of("fill", "0.85"));
            assertThat(stages.calls(LambdaFunction.PUBLISHER).get(0)).containsEntry("outcome", "COMPLETED");
        }

        @Test
        void aPurityFailureRepairedByBackgroundRerunsTheChainAndPasses() {
            stages.then(LambdaFunction.QUALITY_CHECK, in -> check(false, "background", "background is not pure white",
                    Map.of("background", "#FFFFFF"), "amazon-main: background 243,243,240"));

            Execution ex = stages.runner().run(firstPass(), "purity");

            assertThat(ex.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(ex.statesEntered()).isEqualTo(concat(FIRST_PASS_TO_CHECK,
                    seq(FIXUP, "Background Detail Finalize QualityCheck CheckVerdict MarkCompleted Publish")));
            assertThat(stages.calls(LambdaFunction.LIGHTING)).hasSize(1);
            assertThat(stages.calls(LambdaFunction.BACKGROUND).get(1)).containsEntry("repairStage", "background")
                    .containsEntry("feedback", "background is not pure white").containsEntry("iteration", 1);
            assertThat(stages.calls(LambdaFunction.DETAIL).get(1)).containsEntry("repairStage", "background");
        }

        @Test
        void anUnknownRepairStageGoesToReview() {
            stages.then(LambdaFunction.QUALITY_CHECK, in -> check(false, "base", "start over", Map.of(), "unusable"));

            Execution ex = stages.runner().run(firstPass(), "unknown-stage");

            assertThat(ex.statesEntered()).endsWith("RepairRoute", "MarkNeedsReview", "Publish");
        }
    }

    @Nested
    class FeedbackRound {
        @Test
        void runsOnlyTheOneEditThenFinalizeCheckAndPublish() {
            Execution ex = stages.runner().run(feedbackRound("make the background a warm kitchen", "background"), "round");

            assertThat(ex.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(ex.statesEntered()).isEqualTo(seq("Mode StartFeedbackRound FeedbackStage FeedbackBackground AfterFeedbackBackground Finalize",
                    "QualityCheck CheckVerdict MarkCompleted Publish"));
            assertThat(stages.calls(LambdaFunction.BASE)).isEmpty();
            assertThat(stages.calls(LambdaFunction.LIGHTING)).isEmpty();
            assertThat(stages.calls(LambdaFunction.DETAIL)).isEmpty();
            assertThat(stages.calls(LambdaFunction.BACKGROUND).get(0)).containsEntry("mode", "feedback-round")
                    .containsEntry("feedbackStage", "background").containsEntry("feedback", "make the background a warm kitchen")
                    .containsEntry("repairStage", null);
        }

        @Test
        void runsThePlansEditStagesInThePipelinesOrderEachOnce() {
            Map<String, Object> in = feedbackRound("sharper and brighter", "lighting");
            in.put("plan", new java.util.HashMap<>(Map.of("lighting", true, "background", false, "detail", true)));
            Execution ex = stages.runner().run(in, "two-stages");

            assertThat(ex.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(ex.statesEntered()).isEqualTo(seq("Mode StartFeedbackRound FeedbackStage FeedbackLighting AfterFeedbackLighting",
                    "FeedbackDetail Finalize QualityCheck CheckVerdict MarkCompleted Publish"));
            assertThat(stages.calls(LambdaFunction.BACKGROUND)).isEmpty();
            // each edit knows it is the round's own edit of its stage
            assertThat(stages.calls(LambdaFunction.LIGHTING).get(0)).containsEntry("feedbackStage", "lighting");
            assertThat(stages.calls(LambdaFunction.DETAIL).get(0)).containsEntry("feedbackStage", "detail");
        }

        @Test
        void routesEachFeedbackStage() {
            assertThat(stages.runner().run(feedbackRound("brighter", "lighting"), "l").statesEntered()).contains("FeedbackLighting");
            assertThat(stages.runner().run(feedbackRound("sharper label", "detail"), "d").statesEntered()).contains("FeedbackDetail");
        }

        @Test
        void aFailedCheckLoopsToTheRepairStageWithoutReapplyingTheSellerFeedback() {
            stages.then(LambdaFunction.QUALITY_CHECK, in -> check(false, "lighting", "too dark after the edit",
                    Map.of("exposure", "+0.2"), "too dark"));

            Execution ex = stages.runner().run(feedbackRound("warmer light", "lighting"), "round-fixup");

            assertThat(ex.statesEntered()).containsSubsequence("FeedbackLighting", "Finalize", "QualityCheck", "RepairRoute",
                    "Lighting", "Background", "Detail", "Finalize", "QualityCheck", "MarkCompleted", "Publish");
            Map<String, Object> repair = stages.calls(LambdaFunction.LIGHTING).get(1);
            assertThat(repair).containsEntry("mode", "feedback-round").containsEntry("feedbackStage", null)
                    .containsEntry("repairStage", "lighting").containsEntry("feedback", "too dark after the edit");
        }

        @Test
        void anUnknownFeedbackStageIsRecordedAsInvalidInput() {
            Execution ex = stages.runner().run(feedbackRound("make it pop", "base"), "bad-stage");

            assertThat(ex.statesEntered()).isEqualTo(seq("Mode StartFeedbackRound FeedbackStage RejectInput RecordFailure Failed"));
            assertThat(ex.error()).isEqualTo(InvalidInputException.class.getName());
            assertThat(stages.calls(LambdaFunction.FAILURE_RECORDER)).hasSize(1);
        }
    }

    @Nested
    class InvalidInput {
        @Test
        void anUnknownModeIsRecordedOnTheSession() {
            Map<String, Object> in = firstPass();
            in.put("mode", "second-pass");

            Execution ex = stages.runner().run(in, "bad-mode");

            assertThat(ex.statesEntered()).isEqualTo(seq("Mode RejectInput RecordFailure Failed"));
            assertThat(ex.error()).isEqualTo(InvalidInputException.class.getName());
            assertThat(ex.cause()).contains("mode must be first-pass");
        }

        @Test
        void withoutTenantNothingRunsAndNothingIsRecorded() {
            Map<String, Object> in = firstPass();
            in.remove("tenant");

            Execution ex = stages.runner().run(in, "no-tenant");

            assertThat(ex.statesEntered()).isEqualTo(seq("Mode InvalidExecutionInput"));
            assertThat(ex.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(stages.calls(LambdaFunction.FAILURE_RECORDER)).isEmpty();
        }

        @Test
        void optionalFieldsMayBeMissingOnAFirstPass() {
            Execution ex = stages.runner().run(Map.of("tenant", "t1", "sessionId", "s1", "mode", "first-pass"), "minimal");

            assertThat(ex.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        }
    }

    @Nested
    class RetryLater {
        @Test
        void waitsTheRequestedSecondsAndResumesTheSameStage() {
            stages.thenThrow(LambdaFunction.DETAIL, new RetryLaterException("rate limited by the model", 37, null));

            Execution ex = stages.runner().run(firstPass(), "later");

            assertThat(ex.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(ex.statesEntered()).containsSubsequence("Detail", "DetailRetryLater", "CountRetryLater", "RetryLaterBound",
                    "ParseRetryLaterCause", "ParseRetryLaterSeconds", "RetryLaterDelay", "WaitRetryLater", "ResumeAfterWait",
                    "Detail", "Finalize");
            assertThat(stages.time.sleeps()).containsExactly(Duration.ofSeconds(37));
            assertThat(ex.events(HistoryEventType.WAIT_STARTED, "WaitRetryLater").get(0).details().get("seconds").asDouble())
                    .isEqualTo(37.0);
            assertThat(stages.calls(LambdaFunction.DETAIL)).hasSize(2);
            assertThat(stages.calls(LambdaFunction.DETAIL).get(1)).isEqualTo(stages.calls(LambdaFunction.DETAIL).get(0));
            assertThat(ex.output().get("retryLater").get("count").asInt()).isEqualTo(1);
            assertThat(ex.output().toString()).doesNotContain("stackTrace");
        }

        @Test
        void clampsAnExcessiveWait() {
            stages.thenThrow(LambdaFunction.QUALITY_CHECK, new RetryLaterException("quota", 86_400, null));

            Execution ex = stages.runner().run(firstPass(), "clamped");

            assertThat(ex.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(stages.time.sleeps()).containsExactly(Duration.ofSeconds(RefineryStateMachine.MAX_RETRY_LATER_SECONDS));
            assertThat(ex.statesEntered()).contains("CapRetryLaterDelay");
        }

        @Test
        void resumesAFeedbackRoundEdit() {
            stages.thenThrow(LambdaFunction.BACKGROUND, new RetryLaterException("busy", 5, null));

            Execution ex = stages.runner().run(feedbackRound("cleaner backdrop", "background"), "later-round");

            assertThat(ex.statesEntered()).containsSubsequence("FeedbackBackground", "FeedbackBackgroundRetryLater",
                    "WaitRetryLater", "ResumeAfterWait", "FeedbackBackground", "Finalize");
        }

        @Test
        void aStageThrottledPastItsRetriesWaitsAndResumes() {
            // 11 refusals: the first try and the ten retries, then a throttled wait, then the slot is free
            for (int i = 0; i < 11; i++) {
                stages.then(LambdaFunction.FINALIZE, in -> {
                    throw new TaskFailedException("Lambda.TooManyRequestsException", "Rate Exceeded.");
                });
            }

            Execution ex = stages.runner().run(firstPass(), "throttled-wait");

            assertThat(ex.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(ex.statesEntered()).containsSubsequence("Finalize", "FinalizeRetryLater", "RetryLaterKind", "CountThrottledWait",
                    "ThrottledWaitBound", "ThrottledDelay", "WaitRetryLater", "ResumeAfterWait", "Finalize", "QualityCheck");
            double waited = ex.events(HistoryEventType.WAIT_STARTED, "WaitRetryLater").get(0).details().get("seconds").asDouble();
            assertThat(waited).isBetween((double) RefineryStateMachine.MIN_THROTTLED_WAIT_SECONDS, (double) RefineryStateMachine.MAX_THROTTLED_WAIT_SECONDS);
            assertThat(stages.calls(LambdaFunction.FAILURE_RECORDER)).isEmpty();
        }

        @Test
        void aStageThrottledForeverIsRecordedAfterTheLastThrottledWait() {
            stages.fallback(LambdaFunction.LIGHTING, in -> {
                throw new TaskFailedException("Lambda.TooManyRequestsException", "Rate Exceeded.");
            });

            Execution ex = stages.runner().run(firstPass(), "throttled-bound");

            assertThat(ex.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(ex.error()).isEqualTo("Lambda.TooManyRequestsException");
            assertThat(ex.events(HistoryEventType.WAIT_STARTED, "WaitRetryLater")).hasSize(RefineryStateMachine.MAX_THROTTLED_WAITS);
            // each round: the first try and ten retries
            assertThat(stages.calls(LambdaFunction.LIGHTING)).hasSize((RefineryStateMachine.MAX_THROTTLED_WAITS + 1) * 11);
            assertThat(ex.statesEntered()).endsWith("ThrottledWaitBound", "RetryLaterExhausted", "RecordFailure", "Failed");
            @SuppressWarnings("unchecked")
            Map<String, Object> error = (Map<String, Object>) stages.calls(LambdaFunction.FAILURE_RECORDER).get(0).get("error");
            assertThat(error.get("Error")).isEqualTo("Lambda.TooManyRequestsException");
        }

        @Test
        void isBoundedPerExecution() {
            stages.fallback(LambdaFunction.LIGHTING, in -> {
                throw new RetryLaterException("still busy", 60, null);
            });

            Execution ex = stages.runner().run(firstPass(), "later-bound");

            assertThat(ex.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(ex.error()).isEqualTo(RetryLaterException.class.getName());
            assertThat(stages.time.sleeps()).hasSize(RefineryStateMachine.MAX_RETRY_LATER_WAITS);
            assertThat(stages.calls(LambdaFunction.LIGHTING)).hasSize(RefineryStateMachine.MAX_RETRY_LATER_WAITS + 1);
            assertThat(ex.statesEntered()).endsWith("RetryLaterBound", "RetryLaterExhausted", "RecordFailure", "Failed");
            @SuppressWarnings("unchecked")
            Map<String, Object> error = (Map<String, Object>) stages.calls(LambdaFunction.FAILURE_RECORDER).get(0).get("error");
            assertThat(error.get("Error")).isEqualTo(RetryLaterException.class.getName());
            assertThat((String) error.get("Cause")).contains("retryAfterSeconds=60 still busy");
        }
    }
}
