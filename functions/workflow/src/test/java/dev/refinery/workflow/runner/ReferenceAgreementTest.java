package dev.refinery.workflow.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.refinery.workflow.RefineryStateMachine;
import dev.refinery.workflow.RefineryStateMachine.LambdaFunction;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every definition and input of the suite in src/test/resources/asl/ through this runner and
 * through aws-local-stepfunctions on Node 22, and requires the same status, output (or error and
 * cause), states entered/exited/failed/retried/caught in the same order and the same number of
 * calls per task handler. Skipped, with the reason, when Node 22 or the package is not installed.
 *
 * <p>A suite file: {"description", "definition": {...} | "definitionResource": "statemachine/refinery.asl.json",
 * "cases": [{"name", "input", "handlers": {key: script}, "compareCause": true}]} (scripts: see
 * {@link ScriptedHandlers}). Timing is not compared (the reference's retry and wait pauses are set
 * to 0), UUIDs are masked, numbers are compared by value.
 */
class ReferenceAgreementTest {
    private static final String STATE_MACHINE_ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:reference-suite";
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    private static final Map<HistoryEventType, String> COMPARED_EVENTS = Map.of(
            HistoryEventType.STATE_ENTERED, "StateEntered", HistoryEventType.STATE_EXITED, "StateExited",
            HistoryEventType.STATE_FAILED, "StateFailed", HistoryEventType.STATE_RETRIED, "StateRetried",
            HistoryEventType.STATE_CAUGHT, "StateCaught", HistoryEventType.EXECUTION_SUCCEEDED, "ExecutionSucceeded",
            HistoryEventType.EXECUTION_FAILED, "ExecutionFailed");

    private static final List<Case> CASES = new ArrayList<>();
    private static final Map<String, JsonNode> REFERENCE = new HashMap<>();
    private static String skipped;

    private record Case(String id, String suite, String definitionJson, JsonNode input, JsonNode handlers,
                        boolean compareCause) {
    }

    @BeforeAll
    static void runTheReference() throws Exception {
        for (Path file : suiteFiles()) {
            JsonNode suite = JsonValues.parse(Files.readString(file));
            String name = file.getFileName().toString().replace(".json", "");
            String definition = suite.has("definitionResource")
                    ? RefineryStateMachine.localDefinition().toJson()
                    : JsonValues.write(suite.get("definition"));
            for (JsonNode c : suite.get("cases")) {
                CASES.add(new Case(name + "/" + c.get("name").asText(), name, definition, c.get("input"),
                        c.path("handlers"), c.path("compareCause").asBoolean(true)));
            }
        }
        ReferenceImplementation.Either located = ReferenceImplementation.locate();
        if (located.missing() != null) {
            skipped = located.missing();
            return;
        }
        ObjectNode request = JsonValues.object();
        ArrayNode cases = request.putArray("cases");
        for (Case c : CASES) {
            ObjectNode rc = cases.addObject();
            rc.put("id", c.id());
            rc.set("definition", JsonValues.parse(c.definitionJson()));
            rc.set("input", c.input());
            rc.set("handlers", c.handlers());
            ObjectNode context = rc.putObject("context");
            ObjectNode execution = context.putObject("Execution");
            execution.put("Id", STATE_MACHINE_ARN.replace(":stateMachine:", ":execution:") + ":" + executionName(c));
            execution.put("Name", executionName(c));
            ObjectNode sm = context.putObject("StateMachine");
            sm.put("Id", STATE_MACHINE_ARN);
            sm.put("Name", "reference-suite");
        }
        for (JsonNode result : located.reference().run(request).get("results")) {
            REFERENCE.put(result.get("id").asText(), result);
        }
    }

    private static List<Path> suiteFiles() throws IOException, URISyntaxException {
        Path dir = Path.of(Objects.requireNonNull(ReferenceAgreementTest.class.getClassLoader().getResource("asl")).toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    private static String executionName(Case c) {
        return c.id().replaceAll("[^A-Za-z0-9-_]", "-");
    }

    @Test
    void theSuiteCoversPathsRetryCatchChoiceIntrinsicsWaitsAndTheProjectDefinition() {
        assertThat(CASES).extracting(Case::suite).contains("paths", "retry-catch", "choice", "intrinsics", "wait", "refinery");
        assertThat(CASES.stream().filter(c -> c.suite().equals("refinery")).count()).isGreaterThanOrEqualTo(8);
    }

    @TestFactory
    Stream<DynamicTest> eachCaseAgreesWithAwsLocalStepFunctions() {
        if (skipped != null) {
            // One skipped test carrying the reason: a skipped factory alone would not show in the reports.
            String message = "reference comparison skipped: " + skipped;
            System.out.println("[ReferenceAgreementTest] " + message);
            return Stream.of(DynamicTest.dynamicTest("reference not installed", () -> assumeTrue(false, message)));
        }
        return CASES.stream().map(c -> DynamicTest.dynamicTest(c.id(), () -> compare(c)));
    }

    private static void compare(Case c) {
        JsonNode ref = REFERENCE.get(c.id());
        assertThat(ref).as("reference result of " + c.id()).isNotNull();
        assertThat(ref.get("status").asText()).as("the reference refused the definition: " + ref.path("cause").asText())
                .isNotEqualTo("REFUSED");

        ScriptedHandlers handlers = new ScriptedHandlers();
        AslRunner runner = handlers.register(AslRunner.builder(AslDefinition.parse(c.definitionJson()))
                .manualTime(new ManualClock()).randomSeed(11).stateMachineArn(STATE_MACHINE_ARN), c.handlers()).build();
        Execution mine = runner.run(c.input(), executionName(c));

        assertThat(mine.status().name()).as(c.id() + " status (error " + mine.error() + ": " + mine.cause() + ")")
                .isEqualTo(ref.get("status").asText());
        if (mine.succeeded()) {
            JsonNode expected = masked(ref.get("output"));
            JsonNode actual = masked(mine.output());
            assertThat(JsonValues.same(actual, expected)).as(c.id() + " output\n mine:      " + JsonValues.write(actual)
                    + "\n reference: " + JsonValues.write(expected)).isTrue();
        } else {
            assertThat(mine.error()).as(c.id() + " error").isEqualTo(ref.get("error").asText());
            if (c.compareCause()) {
                assertThat(mine.cause()).as(c.id() + " cause").isEqualTo(ref.path("cause").asText(null));
            }
        }
        List<String> myEvents = mine.history().stream()
                .filter(e -> COMPARED_EVENTS.containsKey(e.type()))
                .map(e -> COMPARED_EVENTS.get(e.type()) + (e.stateName() == null ? "" : ":" + e.stateName()))
                .toList();
        List<String> refEvents = new ArrayList<>();
        for (JsonNode e : ref.get("events")) {
            String type = e.get("type").asText();
            if (COMPARED_EVENTS.containsValue(type)) {
                refEvents.add(type + (e.has("state") ? ":" + e.get("state").asText() : ""));
            }
        }
        assertThat(myEvents).as(c.id() + " events").isEqualTo(refEvents);
        Map<String, Integer> refCalls = new HashMap<>();
        ref.get("calls").fields().forEachRemaining(e -> refCalls.put(e.getKey(), e.getValue().asInt()));
        assertThat(handlers.calls()).as(c.id() + " handler calls").isEqualTo(refCalls);
    }

    /** UUIDs differ by construction: replaced by a marker in every string. */
    private static JsonNode masked(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return JsonValues.text(UUID.matcher(node.textValue()).replaceAll("<uuid>"));
        }
        if (node.isObject()) {
            ObjectNode out = JsonValues.object();
            node.fields().forEachRemaining(e -> out.set(e.getKey(), masked(e.getValue())));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonValues.array();
            node.forEach(v -> out.add(masked(v)));
            return out;
        }
        return node;
    }

    /** Keeps the handler keys of the project definition in the suite honest. */
    @Test
    void projectCasesUseTheLocalFunctionArns() {
        List<String> arns = RefineryStateMachine.functions().stream().map(LambdaFunction::localArn).toList();
        CASES.stream().filter(c -> c.suite().equals("refinery")).forEach(c ->
                c.handlers().fieldNames().forEachRemaining(k -> assertThat(arns).as(c.id()).contains(k)));
    }
}
