package dev.refinery.workflow.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The runner's semantics, including what the reference suite cannot compare (timing, refusals, the service's rules where the reference differs). */
class AslRunnerTest {
    private static final String FN = "arn:aws:lambda:us-east-1:123456789012:function:work";

    private final ManualClock time = new ManualClock(Instant.parse("2025-03-01T10:00:00Z"));

    private AslRunner.Builder runner(String definition) {
        return AslRunner.builder(AslDefinition.parse(definition)).manualTime(time).randomSeed(1);
    }

    private static JsonNode json(String text) {
        return JsonValues.parse(text);
    }

    /** A one-state definition: the state JSON is given, named S, ending the execution. */
    private static String single(String stateJson) {
        return "{\"StartAt\":\"S\",\"States\":{\"S\":" + stateJson + "}}";
    }

    @Nested
    class Paths {
        @Test
        void resultPathDollarReplacesTheInputAndNullKeepsIt() {
            String def = """
                    {"StartAt":"A","States":{
                      "A":{"Type":"Pass","Result":{"x":1},"ResultPath":null,"Next":"B"},
                      "B":{"Type":"Pass","Result":{"y":2},"ResultPath":"$","End":true}}}""";
            Execution ex = runner(def).build().run(json("{\"keep\":true}"));
            assertThat(ex.history().stream().filter(e -> e.type() == HistoryEventType.STATE_EXITED).findFirst().orElseThrow()
                    .details().get("output")).isEqualTo(json("{\"keep\":true}"));
            assertThat(ex.output()).isEqualTo(json("{\"y\":2}"));
        }

        @Test
        void resultPathIntoANonObjectIsAResultPathMatchFailure() {
            String def = single("""
                    {"Type":"Task","Resource":"%s","ResultPath":"$.r","Catch":[{"ErrorEquals":["States.ResultPathMatchFailure"],"Next":"Caught"}],"End":true},
                    "Caught":{"Type":"Succeed"}""".formatted(FN));
            Execution ex = runner(def).handler(FN, in -> json("1")).build().run(json("[1,2]"));
            assertThat(ex.statesEntered()).containsExactly("S", "Caught");
            assertThat(ex.output().get("Error").asText()).isEqualTo("States.ResultPathMatchFailure");
        }

        @Test
        void contextObjectCarriesExecutionStateMachineAndState() {
            String def = single("""
                    {"Type":"Pass","Parameters":{"name.$":"$$.Execution.Name","id.$":"$$.Execution.Id","start.$":"$$.Execution.StartTime",
                     "state.$":"$$.State.Name","entered.$":"$$.State.EnteredTime","retries.$":"$$.State.RetryCount",
                     "machine.$":"$$.StateMachine.Id","input.$":"$$.Execution.Input"},"End":true}""");
            Execution ex = AslRunner.builder(AslDefinition.parse(def)).manualTime(time)
                    .stateMachineArn("arn:aws:states:eu-west-1:111122223333:stateMachine:refinery").build()
                    .run(json("{\"a\":1}"), "exec-1");
            assertThat(ex.output()).isEqualTo(json("""
                    {"name":"exec-1","id":"arn:aws:states:eu-west-1:111122223333:execution:refinery:exec-1",
                     "start":"2025-03-01T10:00:00Z","state":"S","entered":"2025-03-01T10:00:00Z","retries":0,
                     "machine":"arn:aws:states:eu-west-1:111122223333:stateMachine:refinery","input":{"a":1}}"""));
        }

        @Test
        void lambdaInvokeWrapsThePayloadLikeTheIntegration() {
            String def = single("""
                    {"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"%s","Payload":{"v.$":"$.v"}},"End":true}"""
                    .formatted(FN));
            Execution ex = runner(def).handler(FN, in -> in).build().run(json("{\"v\":3}"));
            assertThat(ex.output()).isEqualTo(json("{\"ExecutedVersion\":\"$LATEST\",\"Payload\":{\"v\":3},\"StatusCode\":200}"));
        }

        @Test
        void anIndefinitePathAlwaysYieldsAnArray() {
            String def = single("{\"Type\":\"Pass\",\"Parameters\":{\"one.$\":\"$.items[?(@.n > 1)].n\"},\"End\":true}");
            Execution ex = runner(def).build().run(json("{\"items\":[{\"n\":1},{\"n\":2}]}"));
            assertThat(ex.output()).isEqualTo(json("{\"one\":[2]}"));
        }
    }

    @Nested
    class Choices {
        private String outcome(String ruleWithoutNext, String input) {
            String def = """
                    {"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[%s],"Default":"No"},
                     "Yes":{"Type":"Pass","Result":"yes","End":true},"No":{"Type":"Pass","Result":"no","End":true}}}"""
                    .formatted(ruleWithoutNext.substring(0, ruleWithoutNext.length() - 1) + ",\"Next\":\"Yes\"}");
            return runner(def).build().run(json(input)).output().asText();
        }

        @Test
        void falseTypeTestsMatchTheOpposite() {
            // The service's semantics; aws-local-stepfunctions 3.0.0 never matches IsNull/IsPresent false.
            assertThat(outcome("{\"Variable\":\"$.a\",\"IsNull\":false}", "{\"a\":1}")).isEqualTo("yes");
            assertThat(outcome("{\"Variable\":\"$.a\",\"IsNull\":false}", "{\"a\":null}")).isEqualTo("no");
            assertThat(outcome("{\"Variable\":\"$.missing\",\"IsPresent\":false}", "{\"a\":1}")).isEqualTo("yes");
            assertThat(outcome("{\"Variable\":\"$.a\",\"IsString\":false}", "{\"a\":1}")).isEqualTo("yes");
        }

        @Test
        void stringMatchesHonoursEscapes() {
            assertThat(outcome("{\"Variable\":\"$.a\",\"StringMatches\":\"log-\\\\*.txt\"}", "{\"a\":\"log-*.txt\"}")).isEqualTo("yes");
            assertThat(outcome("{\"Variable\":\"$.a\",\"StringMatches\":\"log-\\\\*.txt\"}", "{\"a\":\"log-1.txt\"}")).isEqualTo("no");
            assertThat(outcome("{\"Variable\":\"$.a\",\"StringMatches\":\"*.txt\"}", "{\"a\":\"a.b.txt\"}")).isEqualTo("yes");
        }

        @Test
        void numbersCompareByValueAndMismatchedTypesAreFalse() {
            assertThat(outcome("{\"Variable\":\"$.a\",\"NumericEquals\":1}", "{\"a\":1.0}")).isEqualTo("yes");
            assertThat(outcome("{\"Variable\":\"$.a\",\"NumericEquals\":1}", "{\"a\":\"1\"}")).isEqualTo("no");
            assertThat(outcome("{\"Variable\":\"$.a\",\"TimestampLessThan\":\"2025-01-01T00:00:00Z\"}", "{\"a\":\"yesterday\"}")).isEqualTo("no");
        }

        @Test
        void noMatchWithoutDefaultFailsAndAMissingVariableIsARuntimeError() {
            String def = """
                    {"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.a","StringEquals":"x","Next":"E"}]},
                     "E":{"Type":"Succeed"}}}""";
            assertThat(runner(def).build().run(json("{\"a\":\"y\"}")).error()).isEqualTo("States.NoChoiceMatched");
            assertThat(runner(def).build().run(json("{}")).error()).isEqualTo("States.Runtime");
        }
    }

    @Nested
    class IntrinsicFunctions {
        private JsonNode eval(String expression, String input) {
            String def = single("{\"Type\":\"Pass\",\"Parameters\":{\"v.$\":" + JsonValues.write(JsonValues.text(expression)) + "},\"End\":true}");
            Execution ex = runner(def).build().run(json(input));
            assertThat(ex.status()).as(ex.error() + ": " + ex.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            return ex.output().get("v");
        }

        private String error(String expression, String input) {
            String def = single("{\"Type\":\"Pass\",\"Parameters\":{\"v.$\":" + JsonValues.write(JsonValues.text(expression)) + "},\"End\":true}");
            Execution ex = runner(def).build().run(json(input));
            assertThat(ex.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(ex.error()).isEqualTo("States.Runtime");
            return ex.cause();
        }

        @Test
        void stringSplitTreatsEachCharacterAsADelimiterAndDropsEmptyTokens() {
            assertThat(eval("States.StringSplit($.s, '.+,=')", "{\"s\":\"This.is+a,test=string\"}"))
                    .isEqualTo(json("[\"This\",\"is\",\"a\",\"test\",\"string\"]"));
            assertThat(eval("States.StringSplit($.s, ',')", "{\"s\":\"a,,b,\"}")).isEqualTo(json("[\"a\",\"b\"]"));
        }

        @Test
        void mathAddRoundsAndChecksTheRange() {
            assertThat(eval("States.MathAdd(1.4, 2.6)", "{}").asInt()).isEqualTo(4);
            assertThat(eval("States.MathAdd($.v, -1)", "{\"v\":111}").asInt()).isEqualTo(110);
            assertThat(error("States.MathAdd(2147483648, 1)", "{}")).contains("2147483647");
        }

        @Test
        void mathRandomIsInRangeAndReproducibleWithASeed() {
            for (int i = 0; i < 20; i++) {
                assertThat(eval("States.MathRandom(1, 4)", "{}").asInt()).isBetween(1, 3);
            }
            assertThat(eval("States.MathRandom(1, 1000, 42)", "{}")).isEqualTo(eval("States.MathRandom(1, 1000, 42)", "{}"));
            assertThat(error("States.MathRandom(5, 5)", "{}")).contains("less than the end");
        }

        @Test
        void uuidIsAVersion4UuidAndReproducibleWithTheRunnerSeed() {
            String uuid = eval("States.UUID()", "{}").asText();
            assertThat(uuid).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
            assertThat(eval("States.UUID()", "{}").asText()).isEqualTo(uuid);
        }

        @Test
        void formatEscapesAndArgumentChecks() {
            assertThat(eval("States.Format('a \\{\\} b \\\\ {}', 'c')", "{}").asText()).isEqualTo("a {} b \\ c");
            assertThat(error("States.Format('{} {}', 1)", "{}")).contains("more {}");
            assertThat(error("States.Format('{}', $.o)", "{\"o\":{}}")).contains("string, number, boolean or null");
        }

        @Test
        void arrayGetItemOutOfRangeAndJsonMergeDeepAreErrors() {
            assertThat(error("States.ArrayGetItem($.a, 3)", "{\"a\":[1]}")).contains("outside");
            assertThat(error("States.JsonMerge($.a, $.a, true)", "{\"a\":{}}")).contains("shallow");
            assertThat(error("States.StringToJson($.s)", "{\"s\":\"{oops\"}")).contains("not a JSON text");
            assertThat(error("States.ArrayRange(1, 5000, 1)", "{}")).contains("1000");
        }

        @Test
        void jsonToStringPrintsIntegralNumbersWithoutAFraction() {
            assertThat(eval("States.JsonToString($.o)", "{\"o\":{\"a\":2.0,\"b\":2.5}}").asText()).isEqualTo("{\"a\":2,\"b\":2.5}");
        }
    }

    @Nested
    class RetryAndCatch {
        private final String retried = single("""
                {"Type":"Task","Resource":"%s","Retry":[{"ErrorEquals":["E.Retry"],"IntervalSeconds":3,"BackoffRate":2.5,
                 "MaxAttempts":4,"MaxDelaySeconds":10}],"End":true}""".formatted(FN));

        @Test
        void backoffGrowsByTheRateAndIsCappedByMaxDelay() {
            AtomicInteger calls = new AtomicInteger();
            Execution ex = runner(retried).handler(FN, in -> {
                if (calls.incrementAndGet() <= 4) {
                    throw new TaskFailedException("E.Retry", "again");
                }
                return in;
            }).build().run(json("{}"));
            assertThat(ex.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(3), Duration.ofMillis(7500), Duration.ofSeconds(10),
                    Duration.ofSeconds(10));
            assertThat(ex.events(HistoryEventType.STATE_RETRIED, "S")).extracting(e -> e.details().get("attempt").asInt())
                    .containsExactly(1, 2, 3, 4);
        }

        @Test
        void afterMaxAttemptsTheErrorEndsTheExecution() {
            Execution ex = runner(retried).handler(FN, in -> {
                throw new TaskFailedException("E.Retry", "always");
            }).build().run(json("{}"));
            assertThat(ex.events(HistoryEventType.TASK_SCHEDULED, "S")).hasSize(5);
            assertThat(ex.error()).isEqualTo("E.Retry");
            assertThat(ex.cause()).isEqualTo("always");
        }

        @Test
        void fullJitterIsBoundedAndReproducibleWithASeed() {
            String def = single("""
                    {"Type":"Task","Resource":"%s","Retry":[{"ErrorEquals":["States.ALL"],"IntervalSeconds":8,"MaxAttempts":3,
                     "JitterStrategy":"FULL"}],"End":true}""".formatted(FN));
            List<List<Duration>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                ManualClock t = new ManualClock();
                AslRunner.builder(AslDefinition.parse(def)).manualTime(t).randomSeed(99).handler(FN, in -> {
                    throw new IllegalStateException("x");
                }).build().run(json("{}"));
                runs.add(t.sleeps());
            }
            assertThat(runs.get(0)).isEqualTo(runs.get(1)).hasSize(3);
            assertThat(runs.get(0).get(0)).isBetween(Duration.ZERO, Duration.ofSeconds(8));
            assertThat(runs.get(0).get(2)).isBetween(Duration.ZERO, Duration.ofSeconds(32));
            assertThat(runs.get(0)).isNotEqualTo(List.of(Duration.ofSeconds(8), Duration.ofSeconds(16), Duration.ofSeconds(32)));
        }

        @Test
        void aJavaExceptionBecomesItsClassNameWithTheLambdaRuntimeCause() {
            String def = single("""
                    {"Type":"Task","Resource":"%s","Catch":[{"ErrorEquals":["java.lang.IllegalArgumentException"],"ResultPath":"$.err","Next":"C"}],"End":true},
                    "C":{"Type":"Pass","Parameters":{"error.$":"$.err.Error","cause.$":"States.StringToJson($.err.Cause)"},"End":true}"""
                    .formatted(FN));
            Execution ex = runner(def).handler(FN, in -> {
                throw new IllegalArgumentException("width must be positive");
            }).build().run(json("{}"));
            JsonNode out = ex.output();
            assertThat(out.get("error").asText()).isEqualTo("java.lang.IllegalArgumentException");
            assertThat(out.get("cause").get("errorMessage").asText()).isEqualTo("width must be positive");
            assertThat(out.get("cause").get("errorType").asText()).isEqualTo("java.lang.IllegalArgumentException");
            assertThat(out.get("cause").get("stackTrace").get(0).asText()).contains("AslRunnerTest");
        }

        @Test
        void taskFailedMatchesTaskErrorsButNotTimeoutsAndRuntimeErrorsAreNeverCaught() {
            String def = single("""
                    {"Type":"Task","Resource":"%s","TimeoutSeconds":5,"Parameters":{"x.$":"$.x"},
                     "Catch":[{"ErrorEquals":["States.TaskFailed"],"Next":"Caught"}],"End":true},"Caught":{"Type":"Succeed"}"""
                    .formatted(FN));
            AslRunner slow = runner(def).handler(FN, in -> {
                time.advance(Duration.ofSeconds(6));
                return in;
            }).build();
            Execution timedOut = slow.run(json("{\"x\":1}"));
            assertThat(timedOut.error()).isEqualTo("States.Timeout");
            assertThat(timedOut.events(HistoryEventType.TASK_TIMED_OUT, "S")).hasSize(1);
            Execution runtime = runner(def).handler(FN, in -> in).build().run(json("{}"));
            assertThat(runtime.error()).isEqualTo("States.Runtime");
            Execution failed = runner(def).handler(FN, in -> {
                throw new TaskFailedException("Any.Thing", "c");
            }).build().run(json("{\"x\":1}"));
            assertThat(failed.statesEntered()).containsExactly("S", "Caught");
        }

        @Test
        void aHandlerThatHangsIsStoppedAtTheTaskTimeout() {
            String def = single("{\"Type\":\"Task\",\"Resource\":\"%s\",\"TimeoutSeconds\":1,\"End\":true}".formatted(FN));
            CountDownLatch never = new CountDownLatch(1);
            Execution ex = AslRunner.builder(AslDefinition.parse(def)).handler(FN, in -> {
                never.await();
                return in;
            }).build().run(json("{}"));
            assertThat(ex.error()).isEqualTo("States.Timeout");
        }

        @Test
        void anUnregisteredDynamicFunctionIsACatchableTaskError() {
            String def = single("""
                    {"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName.$":"$.fn"},
                     "Catch":[{"ErrorEquals":["Lambda.ResourceNotFoundException"],"Next":"Caught"}],"End":true},"Caught":{"Type":"Succeed"}""");
            Execution ex = runner(def).build().run(json("{\"fn\":\"nowhere\"}"));
            assertThat(ex.statesEntered()).containsExactly("S", "Caught");
        }
    }

    @Nested
    class Waits {
        @Test
        void waitForSecondsPathAndTimestampsOnTheClock() {
            String def = """
                    {"StartAt":"A","States":{
                      "A":{"Type":"Wait","Seconds":90,"Next":"B"},
                      "B":{"Type":"Wait","SecondsPath":"$.s","Next":"C"},
                      "C":{"Type":"Wait","Timestamp":"2025-03-01T12:00:00Z","Next":"D"},
                      "D":{"Type":"Wait","TimestampPath":"$.until","Next":"E"},
                      "E":{"Type":"Wait","Timestamp":"2000-01-01T00:00:00Z","End":true}}}""";
            Execution ex = runner(def).build().run(json("{\"s\":30,\"until\":\"2025-03-01T13:00:00+01:00\"}"));
            assertThat(ex.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(90), Duration.ofSeconds(30),
                    Duration.ofMinutes(118), Duration.ZERO, Duration.ZERO);
            assertThat(ex.history().get(ex.history().size() - 1).timestamp()).isEqualTo(Instant.parse("2025-03-01T12:00:00Z"));
        }

        @Test
        void aNegativeOrFractionalSecondsPathIsARuntimeError() {
            String def = single("{\"Type\":\"Wait\",\"SecondsPath\":\"$.s\",\"End\":true}");
            assertThat(runner(def).build().run(json("{\"s\":-1}")).error()).isEqualTo("States.Runtime");
            assertThat(runner(def).build().run(json("{\"s\":1.5}")).error()).isEqualTo("States.Runtime");
        }

        @Test
        void theExecutionTimeoutCutsAWaitShort() {
            String def = "{\"TimeoutSeconds\":60,\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":3600,\"End\":true}}}";
            Execution ex = runner(def).build().run(json("{}"));
            assertThat(ex.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
            assertThat(ex.error()).isEqualTo("States.Timeout");
            assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(60));
        }
    }

    @Nested
    class Failing {
        @Test
        void failStateWithPathsAndAnIntrinsicCause() {
            String def = single("{\"Type\":\"Fail\",\"ErrorPath\":\"$.e\",\"CausePath\":\"States.Format('order {} failed', $.id)\"}");
            Execution ex = runner(def).build().run(json("{\"e\":\"Order.Failed\",\"id\":7}"));
            assertThat(ex.error()).isEqualTo("Order.Failed");
            assertThat(ex.cause()).isEqualTo("order 7 failed");
        }

        @Test
        void anEndlessLoopStopsAtTheHistoryLimit() {
            String def = "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Next\":\"B\"},\"B\":{\"Type\":\"Pass\",\"Next\":\"A\"}}}";
            Execution ex = runner(def).maxHistoryEvents(100).build().run(json("{}"));
            assertThat(ex.error()).isEqualTo("States.Runtime");
            assertThat(ex.cause()).contains("100 events");
            assertThat(ex.history()).hasSize(100);
        }
    }

    @Nested
    class History {
        @Test
        void recordsEveryStepInOrderWithTimestampsAndTellsListeners() {
            String def = """
                    {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"%s","Retry":[{"ErrorEquals":["States.ALL"],"IntervalSeconds":2}],"Next":"W"},
                     "W":{"Type":"Wait","Seconds":10,"End":true}}}""".formatted(FN);
            AtomicInteger calls = new AtomicInteger();
            List<String> heard = new ArrayList<>();
            Execution ex = runner(def).handler(FN, in -> {
                if (calls.incrementAndGet() == 1) {
                    throw new IllegalStateException("first");
                }
                return json("{\"ok\":true}");
            }).listener((name, e) -> heard.add(name + ":" + e.type())).build().run(json("{}"), "h1");

            assertThat(ex.history()).extracting(HistoryEvent::type).containsExactly(
                    HistoryEventType.EXECUTION_STARTED, HistoryEventType.STATE_ENTERED, HistoryEventType.TASK_SCHEDULED,
                    HistoryEventType.TASK_FAILED, HistoryEventType.STATE_FAILED, HistoryEventType.STATE_RETRIED,
                    HistoryEventType.TASK_SCHEDULED, HistoryEventType.TASK_SUCCEEDED, HistoryEventType.STATE_EXITED,
                    HistoryEventType.STATE_ENTERED, HistoryEventType.WAIT_STARTED, HistoryEventType.STATE_EXITED,
                    HistoryEventType.EXECUTION_SUCCEEDED);
            assertThat(ex.history()).extracting(HistoryEvent::id).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L);
            assertThat(ex.history().get(0).timestamp()).isEqualTo(Instant.parse("2025-03-01T10:00:00Z"));
            assertThat(ex.history().get(12).timestamp()).isEqualTo(Instant.parse("2025-03-01T10:00:12Z"));
            assertThat(ex.statesEntered()).containsExactly("T", "W");
            assertThat(heard).hasSize(13).first().isEqualTo("h1:EXECUTION_STARTED");
        }
    }

    @Nested
    class Handlers {
        @Test
        void mapHandlersDropNullsLikeTheJavaLambdaRuntime() {
            String def = single("{\"Type\":\"Task\",\"Resource\":\"%s\",\"End\":true}".formatted(FN));
            Execution ex = runner(def).mapHandler(FN, in -> {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("got", in.get("x"));
                out.put("none", null);
                out.put("nested", new LinkedHashMap<>(Map.of("a", 1)));
                return out;
            }).build().run(json("{\"x\":\"y\"}"));
            assertThat(ex.output()).isEqualTo(json("{\"got\":\"y\",\"nested\":{\"a\":1}}"));
            assertThat(ex.outputAsMap()).containsEntry("got", "y");
        }

        @Test
        void executionsMayRunConcurrently() throws Exception {
            String def = single("{\"Type\":\"Task\",\"Resource\":\"%s\",\"End\":true}".formatted(FN));
            AslRunner shared = AslRunner.builder(AslDefinition.parse(def)).handler(FN, in -> in).build();
            List<Thread> threads = new ArrayList<>();
            List<Execution> results = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < 8; i++) {
                int n = i;
                Thread t = new Thread(() -> results.add(shared.run(Map.of("n", n))));
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join();
            }
            assertThat(results).hasSize(8).allSatisfy(e -> assertThat(e.succeeded()).isTrue());
            assertThat(results).extracting(e -> e.output().get("n").asInt()).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7);
            assertThat(results).extracting(Execution::name).doesNotHaveDuplicates();
        }
    }

    @Nested
    class Refusals {
        private List<String> problems(String definition) {
            try {
                AslDefinition.parse(definition);
            } catch (AslValidationException e) {
                return e.problems();
            }
            throw new AssertionError("accepted: " + definition);
        }

        @Test
        void unsupportedFeaturesAreRefusedByName() {
            assertThat(problems("{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"S\",\"States\":{\"S\":{\"Type\":\"Succeed\"}}}"))
                    .contains("unsupported: QueryLanguage JSONata (the definition)");
            assertThat(problems(single("{\"Type\":\"Map\",\"ItemProcessor\":{},\"End\":true}")))
                    .containsExactly("unsupported state type Map (state 'S')");
            assertThat(problems(single("{\"Type\":\"Parallel\",\"Branches\":[],\"End\":true}")))
                    .containsExactly("unsupported state type Parallel (state 'S')");
            assertThat(problems(single("{\"Type\":\"Pass\",\"Assign\":{\"x\":1},\"End\":true}")))
                    .containsExactly("unsupported: Assign (workflow variables) (state 'S')");
            assertThat(problems(single("{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::sqs:sendMessage.waitForTaskToken\",\"End\":true}")))
                    .containsExactly("unsupported: Task resource pattern .waitForTaskToken (state 'S')");
            assertThat(problems(single("{\"Type\":\"Task\",\"Resource\":\"%s\",\"HeartbeatSeconds\":5,\"End\":true}".formatted(FN))))
                    .containsExactly("unsupported: HeartbeatSeconds (activities and callbacks) (state 'S')");
        }

        @Test
        void invalidDefinitionsAreRefusedWithEveryProblem() {
            String def = """
                    {"StartAt":"A","States":{
                      "A":{"Type":"Pass","Next":"Nowhere"},
                      "B":{"Type":"Pass","End":true},
                      "C":{"Type":"Task","Resource":"%s","Retry":[{"ErrorEquals":["States.ALL"]},{"ErrorEquals":["X"],"BackoffRate":0.5}],"End":true},
                      "D":{"Type":"Choice","Choices":[{"Variable":"$.a","StringEqualz":"x","Next":"B"}]},
                      "E":{"Type":"Wait","Seconds":1,"SecondsPath":"$.s","End":true},
                      "F":{"Type":"Pass","Parameters":{"a.$":"States.Nope(1)"},"ResultPath":"$.a[*]","End":true}}}""".formatted(FN);
            assertThat(problems(def)).contains(
                    "state 'A'.Next names no state: 'Nowhere'",
                    "state 'C'.Retry[0]: States.ALL must appear alone and in the last retrier",
                    "state 'C'.Retry[1].BackoffRate must be a number >= 1.0",
                    "state 'D'.Choices[0]: unknown comparison operator StringEqualz",
                    "state 'E' needs exactly one of Seconds, SecondsPath, Timestamp and TimestampPath");
            assertThat(problems(def)).anySatisfy(p -> assertThat(p).contains("unknown intrinsic function 'States.Nope'"));
            assertThat(problems(def)).anySatisfy(p -> assertThat(p).contains("'$.a[*]' is not a reference path"));
        }

        @Test
        void unreachableStatesAreRefused() {
            String def = "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Succeed\"},\"B\":{\"Type\":\"Succeed\"}}}";
            assertThat(problems(def)).containsExactly("state 'B' is not reachable from StartAt");
        }

        @Test
        void unresolvedSubstitutionsAndMissingHandlersAreRefused() {
            String def = single("{\"Type\":\"Task\",\"Resource\":\"${WorkArn}\",\"End\":true}");
            assertThatThrownBy(() -> AslDefinition.parse(def)).isInstanceOf(AslValidationException.class)
                    .hasMessageContaining("unresolved definition substitution ${WorkArn}");
            AslDefinition ok = AslDefinition.parse(def, Map.of("WorkArn", FN));
            assertThatThrownBy(() -> AslRunner.builder(ok).build()).isInstanceOf(AslValidationException.class)
                    .hasMessageContaining("no handler registered for '" + FN + "' (Task state 'S')");
        }
    }
}
