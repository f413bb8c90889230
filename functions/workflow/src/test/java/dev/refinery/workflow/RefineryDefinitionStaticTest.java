package dev.refinery.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.refinery.domain.TransientRefineryException;
import dev.refinery.workflow.RefineryStateMachine.LambdaFunction;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The definition file read as data: the properties docs/workflow.md and the design require, checked
 * without running it.
 */
class RefineryDefinitionStaticTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Retryable on every stage (docs/workflow.md). */
    private static final List<String> RETRYABLE = List.of("dev.refinery.domain.TransientRefineryException",
            "dev.refinery.domain.ConflictException", "dev.refinery.openai.RateLimitedException",
            "dev.refinery.openai.ModelServerException", "dev.refinery.openai.ModelTimeoutException");
    private static final List<String> LAMBDA_SERVICE = List.of("Lambda.ServiceException", "Lambda.AWSLambdaException",
            "Lambda.SdkClientException", "Lambda.TooManyRequestsException");
    /** Written by the openai helper in parallel: checked only when on the classpath. */
    private static final Set<String> OPENAI_ERRORS = Set.of("dev.refinery.openai.RateLimitedException",
            "dev.refinery.openai.ModelServerException", "dev.refinery.openai.ModelTimeoutException",
            "dev.refinery.openai.ModerationBlockedException", "dev.refinery.openai.InvalidModelRequestException");
    private static final List<String> STAGE_TASKS = List.of("Base", "Lighting", "Background", "Detail", "Finalize",
            "QualityCheck", "FeedbackLighting", "FeedbackBackground", "FeedbackDetail");

    private static String text;
    private static JsonNode root;
    private static JsonNode states;

    @BeforeAll
    static void load() throws Exception {
        text = RefineryStateMachine.definitionText();
        root = JSON.readTree(text);
        states = root.get("States");
    }

    private static List<String> stateNames() {
        List<String> names = new ArrayList<>();
        states.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> tasks() {
        return stateNames().stream().filter(n -> "Task".equals(states.get(n).get("Type").asText())).toList();
    }

    private static List<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    /** Every transition target of a state: Next, Default, choice rules' Next, catchers' Next. */
    private static List<String> targets(JsonNode s) {
        List<String> t = new ArrayList<>();
        if (s.has("Next")) {
            t.add(s.get("Next").asText());
        }
        if (s.has("Default")) {
            t.add(s.get("Default").asText());
        }
        s.path("Choices").forEach(r -> t.add(r.get("Next").asText()));
        s.path("Catch").forEach(c -> t.add(c.get("Next").asText()));
        return t;
    }

    @Test
    void usesJsonPathAndOnlyTheContractPlaceholders() {
        assertThat(root.path("QueryLanguage").asText("JSONPath")).isEqualTo("JSONPath");
        Matcher m = Pattern.compile("\\$\\{([A-Za-z]+)}").matcher(text);
        Set<String> used = new LinkedHashSet<>();
        while (m.find()) {
            used.add(m.group(1));
        }
        assertThat(used).containsExactlyInAnyOrder("BaseFunctionArn", "LightingFunctionArn", "BackgroundFunctionArn",
                "DetailFunctionArn", "FinalizeFunctionArn", "QualityCheckFunctionArn", "PublisherFunctionArn",
                "FailureRecorderFunctionArn");
        assertThat(RefineryStateMachine.functions()).extracting(LambdaFunction::placeholder).containsExactlyInAnyOrderElementsOf(used);
    }

    @Test
    void everyTransitionTargetExists() {
        for (String name : stateNames()) {
            for (String target : targets(states.get(name))) {
                assertThat(states.has(target)).as("%s -> %s", name, target).isTrue();
            }
        }
        assertThat(states.has(root.get("StartAt").asText())).isTrue();
    }

    @Test
    void everyStateIsReachable() {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(root.get("StartAt").asText()));
        while (!todo.isEmpty()) {
            String n = todo.poll();
            if (seen.add(n)) {
                todo.addAll(targets(states.get(n)));
            }
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(stateNames());
    }

    @Test
    void everyTerminalPathEndsInPublishOrAFailState() {
        for (String name : stateNames()) {
            JsonNode s = states.get(name);
            if (s.path("End").asBoolean(false)) {
                assertThat(name).isEqualTo("Publish");
            }
        }
        assertThat(stateNames().stream().filter(n -> "Fail".equals(states.get(n).get("Type").asText())))
                .containsExactlyInAnyOrder("Failed", "InvalidExecutionInput");
    }

    @Test
    void everyTaskRetriesWithJitteredBackoffAndCatchesEverythingElse() {
        assertThat(tasks()).containsAll(STAGE_TASKS).contains("Publish", "RecordFailure");
        for (String name : tasks()) {
            JsonNode task = states.get(name);
            assertThat(task.path("Retry").size()).as(name).isPositive();
            for (JsonNode retrier : task.get("Retry")) {
                assertThat(retrier.has("IntervalSeconds") && retrier.has("BackoffRate") && retrier.has("MaxAttempts")
                        && retrier.has("MaxDelaySeconds")).as(name + " retrier fields").isTrue();
                assertThat(retrier.get("JitterStrategy").asText()).as(name).isEqualTo("FULL");
                assertThat(retrier.get("MaxAttempts").asInt()).as(name).isBetween(1, 10);
            }
            List<String> retried = task.get("Retry").findValues("ErrorEquals").stream().flatMap(a -> strings(a).stream()).toList();
            assertThat(retried).as(name).containsAll(LAMBDA_SERVICE).contains(TransientRefineryException.class.getName(),
                    "dev.refinery.domain.ConflictException").doesNotContain("States.ALL", "dev.refinery.domain.RetryLaterException");
            JsonNode catchers = task.get("Catch");
            JsonNode last = catchers.get(catchers.size() - 1);
            assertThat(strings(last.get("ErrorEquals"))).as(name).containsExactly("States.ALL");
            assertThat(last.get("ResultPath").asText()).as(name).isEqualTo(name.equals("RecordFailure") ? "$.recordFailureError" : "$.error");
            assertThat(last.get("Next").asText()).as(name).isEqualTo(name.equals("RecordFailure") ? "Failed" : "RecordFailure");
            assertThat(task.get("Resource").asText()).isEqualTo("arn:aws:states:::lambda:invoke");
            assertThat(task.get("TimeoutSeconds").asInt()).as(name).isPositive();
        }
    }

    @Test
    void throttlingHasARealBudgetAndATimedOutStageIsRetriedOnce() {
        // issue 13: a burst of sessions must wait for the model stages' reserved concurrency, not fail after ~31 s;
        // a stage Lambda killed by its timeout is tried once more (stages are idempotent per slot)
        for (String name : tasks()) {
            JsonNode throttle = null, timeout = null;
            for (JsonNode r : states.get(name).get("Retry")) {
                if (strings(r.get("ErrorEquals")).contains("Lambda.TooManyRequestsException")) throttle = r;
                if (strings(r.get("ErrorEquals")).contains("Sandbox.Timedout")) timeout = r;
            }
            assertThat(throttle).as(name).isNotNull();
            assertThat(throttle.get("MaxAttempts").asInt()).as(name).isGreaterThanOrEqualTo(10);
            assertThat(throttle.get("MaxDelaySeconds").asInt()).as(name).isGreaterThanOrEqualTo(300);
            assertThat(throttle.get("JitterStrategy").asText()).as(name).isEqualTo("FULL");
            if (STAGE_TASKS.contains(name)) {
                assertThat(timeout).as(name).isNotNull();
                assertThat(timeout.get("MaxAttempts").asInt()).as(name).isEqualTo(1);
                assertThat(strings(timeout.get("ErrorEquals"))).as(name).contains("Lambda.Unknown");
            }
        }
    }

    @Test
    void stagesRetryTheEngineErrorsOfTheContract() {
        for (String name : STAGE_TASKS) {
            List<String> retried = states.get(name).get("Retry").findValues("ErrorEquals").stream()
                    .flatMap(a -> strings(a).stream()).toList();
            assertThat(retried).as(name).containsAll(RETRYABLE);
        }
    }

    @Test
    void everyStageWaitsOnRetryLaterAndResumesItself() {
        JsonNode resume = states.get("ResumeAfterWait");
        Map<String, String> resumeRules = new LinkedHashMap<>();
        resume.get("Choices").forEach(r -> resumeRules.put(r.get("StringEquals").asText(), r.get("Next").asText()));
        for (String name : STAGE_TASKS) {
            JsonNode first = states.get(name).get("Catch").get(0);
            assertThat(strings(first.get("ErrorEquals"))).containsExactly("dev.refinery.domain.RetryLaterException");
            String marker = first.get("Next").asText();
            assertThat(states.get(marker).get("Result").asText()).as(marker).isEqualTo(name);
            assertThat(resumeRules).as("ResumeAfterWait").containsEntry(name, name);
        }
        assertThat(states.get("WaitRetryLater").get("SecondsPath").asText()).isEqualTo("$.retryLater.seconds");
        assertThat(states.get("RetryLaterBound").get("Choices").get(0).get("NumericGreaterThan").asInt())
                .isEqualTo(RefineryStateMachine.MAX_RETRY_LATER_WAITS);
        assertThat(states.get("RetryLaterDelay").get("Choices").get(0).get("NumericGreaterThan").asInt())
                .isEqualTo(RefineryStateMachine.MAX_RETRY_LATER_SECONDS);
        assertThat(states.get("CapRetryLaterDelay").get("Result").asInt()).isEqualTo(RefineryStateMachine.MAX_RETRY_LATER_SECONDS);
    }

    @Test
    void aStageStillThrottledAfterItsRetriesWaitsBoundedAndResumesItself() {
        for (String name : STAGE_TASKS) {
            JsonNode catchers = states.get(name).get("Catch");
            JsonNode throttled = catchers.get(1);
            assertThat(strings(throttled.get("ErrorEquals"))).as(name).containsExactly("Lambda.TooManyRequestsException");
            assertThat(throttled.get("Next").asText()).as(name).isEqualTo(catchers.get(0).get("Next").asText());
            assertThat(throttled.get("ResultPath").asText()).as(name).isEqualTo("$.retryLater.error");
        }
        assertThat(states.get("ThrottledWaitBound").get("Choices").get(0).get("NumericGreaterThan").asInt())
                .isEqualTo(RefineryStateMachine.MAX_THROTTLED_WAITS);
        assertThat(states.get("ThrottledDelay").get("Parameters").get("seconds.$").asText()).isEqualTo("States.MathRandom("
                + RefineryStateMachine.MIN_THROTTLED_WAIT_SECONDS + ", " + RefineryStateMachine.MAX_THROTTLED_WAIT_SECONDS + ")");
        assertThat(states.get("ThrottledDelay").get("Next").asText()).isEqualTo("WaitRetryLater");
    }

    @Test
    void theFixupBoundIsTheDocumentedConstant() {
        JsonNode bound = StreamSupport.stream(states.get("CheckVerdict").get("Choices").spliterator(), false)
                .filter(r -> "$.iteration".equals(r.path("Variable").asText())).findFirst().orElseThrow();
        assertThat(bound.get("NumericGreaterThanEquals").asInt()).isEqualTo(RefineryStateMachine.MAX_FIXUPS);
        assertThat(bound.get("Next").asText()).isEqualTo("MarkNeedsReview");
        assertThat(states.get("PrepareFixup").get("Parameters").get("iteration.$").asText())
                .isEqualTo("States.MathAdd($.iteration, 1)");
    }

    @Test
    void repairRoutesLeadIntoTheStageChainAndFeedbackEditsToFinalize() {
        Map<String, String> routes = new LinkedHashMap<>();
        states.get("RepairRoute").get("Choices").forEach(r -> routes.put(r.get("StringEquals").asText(), r.get("Next").asText()));
        assertThat(routes).containsExactly(Map.entry("lighting", "Lighting"), Map.entry("background", "Background"),
                Map.entry("detail", "Detail"), Map.entry("finalize", "Finalize"));
        assertThat(states.get("Lighting").get("Next").asText()).isEqualTo("Background");
        assertThat(states.get("Background").get("Next").asText()).isEqualTo("Detail");
        assertThat(states.get("Detail").get("Next").asText()).isEqualTo("Finalize");
        assertThat(states.get("Finalize").get("Next").asText()).isEqualTo("QualityCheck");
        // a feedback round runs the plan's edit stages in the pipeline's order, each once, then finalize
        assertThat(states.get("FeedbackLighting").get("Next").asText()).isEqualTo("AfterFeedbackLighting");
        assertThat(states.get("AfterFeedbackLighting").get("Choices")).extracting(c -> c.get("Variable").asText() + "->" + c.get("Next").asText())
                .containsExactly("$.plan.background->FeedbackBackground", "$.plan.detail->FeedbackDetail");
        assertThat(states.get("AfterFeedbackLighting").get("Default").asText()).isEqualTo("Finalize");
        assertThat(states.get("FeedbackBackground").get("Next").asText()).isEqualTo("AfterFeedbackBackground");
        assertThat(states.get("AfterFeedbackBackground").get("Choices")).extracting(c -> c.get("Variable").asText() + "->" + c.get("Next").asText())
                .containsExactly("$.plan.detail->FeedbackDetail");
        assertThat(states.get("AfterFeedbackBackground").get("Default").asText()).isEqualTo("Finalize");
        assertThat(states.get("FeedbackDetail").get("Next").asText()).isEqualTo("Finalize");
        assertThat(states.get(root.get("StartAt").asText()).get("Type").asText()).isEqualTo("Choice");
    }

    @Test
    void everyDomainErrorNameIsARealClass() {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = Pattern.compile("\"(dev\\.refinery\\.[A-Za-z.]+)\"").matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        assertThat(names).contains("dev.refinery.domain.RetryLaterException", "dev.refinery.domain.InvalidInputException");
        for (String name : names) {
            if (OPENAI_ERRORS.contains(name)) {
                checkIfPresent(name);
                continue;
            }
            try {
                Class<?> type = Class.forName(name);
                assertThat(Throwable.class).as(name).isAssignableFrom(type);
            } catch (ClassNotFoundException e) {
                fail("the definition names %s, which is not a class on the classpath", name);
            }
        }
    }

    /** The openai errors are written by another module; when present they must be transient ones. */
    private static void checkIfPresent(String name) {
        try {
            Class<?> type = Class.forName(name);
            if (!name.endsWith("ModerationBlockedException") && !name.endsWith("InvalidModelRequestException")) {
                assertThat(TransientRefineryException.class).as(name).isAssignableFrom(type);
            }
        } catch (ClassNotFoundException absentUntilTheOpenaiModuleIsMerged) {
            assertThat(name).startsWith("dev.refinery.openai.");
        }
    }

    @Test
    void theRunnerAcceptsTheDefinition() {
        assertThat(RefineryStateMachine.localDefinition().stateNames()).hasSize(stateNames().size());
    }
}
