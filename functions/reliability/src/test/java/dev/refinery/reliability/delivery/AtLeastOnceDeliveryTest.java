package dev.refinery.reliability.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.refinery.aws.Json;
import dev.refinery.application.UploadIntake;
import dev.refinery.aws.handlers.BackgroundStageHandler;
import dev.refinery.aws.handlers.BaseStageHandler;
import dev.refinery.aws.handlers.DetailStageHandler;
import dev.refinery.aws.handlers.FinalizeStageHandler;
import dev.refinery.aws.handlers.LightingStageHandler;
import dev.refinery.aws.handlers.QualityCheckStageHandler;
import dev.refinery.testkit.MotoServer;
import dev.refinery.aws.testing.TestEngines;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.Session;
import dev.refinery.domain.SessionStatus;
import dev.refinery.domain.Source;
import dev.refinery.pipeline.StartRequest;
import dev.refinery.engine.ImageCodec;
import dev.refinery.reliability.faults.Fault;
import dev.refinery.reliability.faults.FaultPlan;
import dev.refinery.reliability.harness.AslWorkflowStarter;
import dev.refinery.reliability.harness.Finishers;
import dev.refinery.reliability.harness.Invariants;
import dev.refinery.reliability.harness.Photos;
import dev.refinery.reliability.harness.ReliabilityStack;
import dev.refinery.workflow.runner.Execution;
import dev.refinery.workflow.runner.HistoryEventType;
import java.awt.Color;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * At-least-once delivery: S3 notifications and stage invocations arrive more than once, late and
 * out of order; the system keeps one session per upload version and one version per stage,
 * execution and loop iteration. Real adapters on moto_server, the project's state machine on the
 * local runner, the real handlers.
 */
@ExtendWith(MotoServer.class)
class AtLeastOnceDeliveryTest {
    private static final Color RED = new Color(170, 30, 30);
    private static final Color BLUE = new Color(30, 40, 170);

    private ReliabilityStack stack;

    @AfterEach
    void close() {
        if (stack != null) {
            stack.close();
        }
    }

    private ReliabilityStack stack(FaultPlan<Fault> invocationFaults) {
        stack = ReliabilityStack.builder(ReliabilityStack.Backend.MOTO)
                .finisher(Finishers.framesTooSmallUntilTold(new TestEngines.CentringFinisher()))
                .invocationFaults(invocationFaults).build();
        return stack;
    }

    private static List<UploadIntake.Result> concurrently(List<Callable<List<UploadIntake.Result>>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<UploadIntake.Result>>> futures = new ArrayList<>();
        for (Callable<List<UploadIntake.Result>> c : calls) {
            futures.add(pool.submit(() -> {
                go.await();
                return c.call();
            }));
        }
        go.countDown();
        List<UploadIntake.Result> all = new ArrayList<>();
        for (Future<List<UploadIntake.Result>> f : futures) {
            all.addAll(f.get());
        }
        pool.shutdown();
        return all;
    }

    @Test
    void duplicatedAndOutOfOrderNotificationsGiveOneSessionPerUploadVersion() throws Exception {
        stack(FaultPlan.seeded(0));
        String key = "uploads/acme/SKU-9/mug.png";
        ReliabilityStack.Upload first = stack.putOriginal(key, Photos.flatPng(400, 300, RED));
        ReliabilityStack.Upload second = stack.putOriginal(key, Photos.flatPng(400, 300, BLUE));
        assertThat(first.versionId()).isNotEqualTo(second.versionId());
        String firstEvent = stack.notification(first);
        String secondEvent = stack.notification(second);

        // The second write's notification arrives first, then both again and again, some at once.
        List<UploadIntake.Result> results = new ArrayList<>(stack.deliver(secondEvent));
        results.addAll(concurrently(List.of(() -> stack.deliver(firstEvent), () -> stack.deliver(secondEvent),
                () -> stack.deliver(firstEvent), () -> stack.deliver(secondEvent), () -> stack.deliver(firstEvent))));
        List<Execution> executions = stack.awaitExecutions(Duration.ofMinutes(2));
        results.addAll(stack.deliver(firstEvent)); // a straggler after everything ended

        Map<String, List<UploadIntake.Result>> bySession = results.stream().collect(Collectors.groupingBy(UploadIntake.Result::sessionId));
        assertThat(bySession).hasSize(2);
        // Which delivery reports STARTED depends on the race; what counts is one execution per version.
        assertThat(results).extracting(UploadIntake.Result::outcome)
                .containsOnly(UploadIntake.Outcome.STARTED, UploadIntake.Outcome.ALREADY_STARTED);
        assertThat(results.stream().map(UploadIntake.Result::executionName).distinct()).hasSize(2);
        assertThat(stack.workflow.runs()).hasSize(2);
        assertThat(executions).hasSize(2).allSatisfy(e -> assertThat(e.succeeded()).as(e.toString()).isTrue());
        List<Session> sessions = stack.rawSessions.findBySku("acme", "SKU-9");
        assertThat(sessions).hasSize(2);
        assertThat(sessions).extracting(s -> s.source().objectVersion()).containsExactlyInAnyOrder(first.versionId(), second.versionId());

        // Each session refined its own upload version, not whatever the key holds now.
        for (Session s : sessions) {
            Color expected = s.source().objectVersion().equals(first.versionId()) ? RED : BLUE;
            ImageVersion base = stack.rawSessions.versions("acme", s.id()).get(0);
            Color got = Photos.productColour(ImageCodec.decode(stack.rawImages.get(base.imageKey())));
            assertThat(got.getRed() > got.getBlue()).as("session of version %s made its base from %s", s.source().objectVersion(), got)
                    .isEqualTo(expected == RED);
        }
        Invariants.Report report = Invariants.check(stack, sessions.stream().map(s -> new Invariants.SessionRef("acme", s.id())).toList());
        assertThat(report.violations()).isEmpty();
        assertThat(stack.objectVersionCount(key)).as("the originals were only read").isEqualTo(2);
    }

    @Test
    void everyStageInvocationWhoseResponseIsLostRunsAgainWithoutAddingAVersion() {
        // Reference: the same photo without any fault.
        stack(FaultPlan.seeded(0));
        Map<String, Integer> clean = firstPassSlots();
        stack.close();

        // Every invocation of every function, for every loop iteration, runs to the end and then its
        // answer is lost (Lambda.ServiceException): Step Functions invokes it again.
        stack(FaultPlan.seeded(0).firstInEachContext("lambda.*", AslWorkflowStarter.lambdaServiceException(Fault.Timing.AFTER)));
        Map<String, Integer> redelivered = firstPassSlots();

        assertThat(redelivered).isEqualTo(clean);
        Execution ex = stack.workflow.runs().get(0).execution().join();
        for (String state : List.of("Base", "Lighting", "Background", "Detail", "Finalize", "QualityCheck", "Publish")) {
            assertThat(ex.events(HistoryEventType.STATE_RETRIED, state)).as("retries of " + state).isNotEmpty();
        }
        // Finalize and the check ran twice in each of the two loop iterations.
        assertThat(ex.events(HistoryEventType.TASK_SCHEDULED, "Finalize")).hasSize(4);
        assertThat(stack.invocationFaults.injectedCounts()).containsEntry("lambda.finalize lambda-service-exception-after", 2L);
    }

    /** Runs one upload's first pass; returns its versions' slots with their numbers. */
    private Map<String, Integer> firstPassSlots() {
        ReliabilityStack.Upload u = stack.putOriginal("uploads/acme/SKU-2/kettle.png", Photos.flatPng(400, 300, RED));
        String sessionId = stack.deliver(stack.notification(u)).get(0).sessionId();
        List<Execution> done = stack.awaitExecutions(Duration.ofMinutes(2));
        assertThat(done).singleElement().satisfies(e -> assertThat(e.succeeded()).as(e.toString()).isTrue());
        Session s = stack.rawSessions.find("acme", sessionId).orElseThrow();
        assertThat(s.status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(Invariants.check(stack, List.of(new Invariants.SessionRef("acme", sessionId))).violations()).isEmpty();
        Map<String, Integer> slots = new HashMap<>();
        stack.rawSessions.versions("acme", sessionId).forEach(v -> slots.put(v.slot().id(), v.number()));
        return slots;
    }

    @Test
    void aFeedbackRoundWhoseEditIsDeliveredTwiceMakesOneEditOfTheHead() {
        stack(FaultPlan.seeded(0).firstInEachContext("lambda.lighting", AslWorkflowStarter.lambdaServiceException(Fault.Timing.AFTER)));
        ReliabilityStack.Upload u = stack.putOriginal("uploads/acme/SKU-3/lamp.png", Photos.flatPng(400, 300, RED));
        String sessionId = stack.deliver(stack.notification(u)).get(0).sessionId();
        stack.awaitExecutions(Duration.ofMinutes(2));
        Session before = stack.rawSessions.find("acme", sessionId).orElseThrow();
        assertThat(before.status()).isEqualTo(SessionStatus.COMPLETED);
        int versionsBefore = stack.rawSessions.versions("acme", sessionId).size();

        var res = stack.call("POST", "/sessions/" + sessionId + "/refinements", "acme", Map.of("feedback", "a brighter, warmer light"));
        assertThat(res.getStatusCode()).as(res.getBody()).isEqualTo(202);
        List<Execution> all = stack.awaitExecutions(Duration.ofMinutes(2));
        Execution round = all.get(all.size() - 1);
        assertThat(round.succeeded()).as(round.toString()).isTrue();
        assertThat(round.events(HistoryEventType.STATE_RETRIED, "FeedbackLighting")).hasSize(1);

        List<ImageVersion> versions = stack.rawSessions.versions("acme", sessionId);
        List<ImageVersion> roundEdits = versions.stream().filter(v -> v.slot().round() == 1 && v.stage().id().equals("lighting")).toList();
        // two requests for lighting, one version each (brighter, then warmer on it), however often the edit was delivered
        assertThat(roundEdits).hasSize(2);
        assertThat(roundEdits.get(0).parent()).as("the edit starts from the head before the round").isEqualTo(before.head());
        assertThat(roundEdits.get(1).parent()).as("the second request builds on the first").isEqualTo(roundEdits.get(0).number());
        assertThat(roundEdits).extracting(v -> v.slot().step()).containsExactly(0, 1);
        // the edits, then one finalize: the framing the first pass's fix-up found (fill 0.85) is kept from round to round
        // (before, every round started again at the finisher's 0.60 and needed the loop a second time) — nothing else
        assertThat(versions).hasSize(versionsBefore + 3);
        assertThat(versions.get(versions.size() - 1).params()).containsEntry("hint.fill", "0.850");
        assertThat(Invariants.check(stack, List.of(new Invariants.SessionRef("acme", sessionId))).violations()).isEmpty();
    }

    /** A session created without an execution, for driving the stage handlers by hand. */
    private String sessionWithoutExecution(String sku) {
        ReliabilityStack.Upload u = stack.putOriginal("uploads/acme/" + sku + "/item.png", Photos.flatPng(400, 300, BLUE));
        String id = "s-" + sku.toLowerCase(java.util.Locale.ROOT);
        stack.stages.service().start(new StartRequest("acme", id, sku, Source.upload(stack.bucket(), u.key(), u.versionId()),
                List.of("google-merchant"), "classic", null, Map.of()));
        return id;
    }

    private static Map<String, Object> input(String sessionId, Object... kv) {
        Map<String, Object> in = new HashMap<>(Map.of("tenant", "acme", "sessionId", sessionId, "iteration", 0));
        for (int i = 0; i < kv.length; i += 2) {
            in.put((String) kv[i], kv[i + 1]);
        }
        return in;
    }

    @Test
    void eachStageInvokedTwiceAtOnceWritesOneVersion() throws Exception {
        stack(FaultPlan.seeded(0));
        String sessionId = sessionWithoutExecution("SKU-4");
        List<Function<Map<String, Object>, Map<String, Object>>> stages = List.of(
                x -> new BaseStageHandler(stack.stages).handleRequest(x, null),
                x -> new LightingStageHandler(stack.stages).handleRequest(x, null),
                x -> new BackgroundStageHandler(stack.stages).handleRequest(x, null),
                x -> new DetailStageHandler(stack.stages).handleRequest(x, null),
                x -> new FinalizeStageHandler(stack.stages).handleRequest(x, null),
                x -> new QualityCheckStageHandler(stack.stages).handleRequest(x, null));
        // A client-side timeout while an invocation still runs: the retry overlaps it.
        for (Function<Map<String, Object>, Map<String, Object>> stage : stages) {
            ExecutorService pool = Executors.newFixedThreadPool(3);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Map<String, Object>>> answers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return stage.apply(input(sessionId));
                }));
            }
            go.countDown();
            List<Map<String, Object>> got = new ArrayList<>();
            for (Future<Map<String, Object>> a : answers) {
                got.add(a.get());
            }
            pool.shutdown();
            assertThat(got).as("every overlapping invocation answers the same").containsOnly(got.get(0));
        }
        assertThat(stack.rawSessions.versions("acme", sessionId)).extracting(v -> v.slot().id()).containsExactly(
                "r0-i0-base", "r0-i0-lighting", "r0-i0-background", "r0-i0-detail", "r0-i0-finalize-google-merchant");
        assertThat(stack.rawSessions.versions("acme", sessionId)).extracting(ImageVersion::parent).containsExactly(0, 1, 2, 3, 4);
        Session s = stack.rawSessions.find("acme", sessionId).orElseThrow();
        assertThat(s.head()).isEqualTo(4);
        assertThat(Invariants.check(stack, List.of(new Invariants.SessionRef("acme", sessionId))).orphans()).isEmpty();
    }

    @Test
    void eachStageHandlerCalledAgainWithTheSameInputReplacesItsOwnVersion() {
        stack(FaultPlan.seeded(0));
        String sessionId = sessionWithoutExecution("SKU-5");
        Map<String, Object> fixup = input(sessionId, "iteration", 1, "repairStage", "finalize", "hints", Map.of("fill", "0.8"));
        List<Map<String, Object>> answers = new ArrayList<>();
        List<List<String>> slotsAfterEach = new ArrayList<>();
        List<Function<Map<String, Object>, Map<String, Object>>> pass = List.of(
                x -> new BaseStageHandler(stack.stages).handleRequest(input(sessionId), null),
                x -> new LightingStageHandler(stack.stages).handleRequest(input(sessionId), null),
                x -> new BackgroundStageHandler(stack.stages).handleRequest(input(sessionId), null),
                x -> new DetailStageHandler(stack.stages).handleRequest(input(sessionId), null),
                x -> new FinalizeStageHandler(stack.stages).handleRequest(input(sessionId), null),
                x -> new QualityCheckStageHandler(stack.stages).handleRequest(input(sessionId), null),
                x -> new FinalizeStageHandler(stack.stages).handleRequest(new HashMap<>(fixup), null),
                x -> new QualityCheckStageHandler(stack.stages).handleRequest(new HashMap<>(fixup), null));
        for (Function<Map<String, Object>, Map<String, Object>> stage : pass) {
            Map<String, Object> once = stage.apply(null);
            List<String> slots = stack.rawSessions.versions("acme", sessionId).stream().map(v -> v.slot().id()).toList();
            Map<String, Object> again = stage.apply(null);
            assertThat(again).isEqualTo(once);
            assertThat(stack.rawSessions.versions("acme", sessionId).stream().map(v -> v.slot().id()).toList()).isEqualTo(slots);
            answers.add(again);
            slotsAfterEach.add(slots);
        }
        List<ImageVersion> after = stack.rawSessions.versions("acme", sessionId);
        assertThat(after).extracting(ImageVersion::number).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(after).extracting(ImageVersion::parent).containsExactly(0, 1, 2, 3, 4, 4);
        assertThat(Json.MAPPER.valueToTree(answers.get(7)).get("passed").asBoolean()).isTrue();
        assertThat(Invariants.check(stack, List.of(new Invariants.SessionRef("acme", sessionId))).orphans()).isEmpty();
    }

    @Test
    void aLateDuplicateInvocationAfterTheSessionEndedChangesNothing() {
        stack(FaultPlan.seeded(0));
        ReliabilityStack.Upload u = stack.putOriginal("uploads/acme/SKU-6/bowl.png", Photos.flatPng(400, 300, RED));
        String sessionId = stack.deliver(stack.notification(u)).get(0).sessionId();
        stack.awaitExecutions(Duration.ofMinutes(2));
        Session ended = stack.rawSessions.find("acme", sessionId).orElseThrow();
        List<ImageVersion> versions = stack.rawSessions.versions("acme", sessionId);
        assertThat(ended.status()).isEqualTo(SessionStatus.COMPLETED);

        // The first Lighting attempt, which Step Functions gave up on and retried, finishes only now.
        assertThatThrownBy(() -> new LightingStageHandler(stack.stages).handleRequest(input(sessionId), null))
                .isInstanceOf(dev.refinery.domain.RefineryException.class).hasMessageContaining("COMPLETED");
        assertThatThrownBy(() -> new FinalizeStageHandler(stack.stages).handleRequest(input(sessionId), null))
                .isInstanceOf(dev.refinery.domain.RefineryException.class);
        Session after = stack.rawSessions.find("acme", sessionId).orElseThrow();
        assertThat(after.status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(after.head()).isEqualTo(ended.head());
        assertThat(after.finals()).isEqualTo(ended.finals());
        assertThat(stack.rawSessions.versions("acme", sessionId)).isEqualTo(versions);
    }

    @Test
    void aLateDuplicateEditWhileLaterStagesRunDoesNotMoveTheHeadBack() {
        stack(FaultPlan.seeded(0));
        String sessionId = sessionWithoutExecution("SKU-7");
        new BaseStageHandler(stack.stages).handleRequest(input(sessionId), null);
        new LightingStageHandler(stack.stages).handleRequest(input(sessionId), null);
        new BackgroundStageHandler(stack.stages).handleRequest(input(sessionId), null);
        int head = stack.rawSessions.find("acme", sessionId).orElseThrow().head();

        // The first Lighting invocation, retried long ago, answers while Detail is about to run.
        new LightingStageHandler(stack.stages).handleRequest(input(sessionId), null);
        assertThat(stack.rawSessions.find("acme", sessionId).orElseThrow().head()).isEqualTo(head);
        Map<String, Object> detail = new DetailStageHandler(stack.stages).handleRequest(input(sessionId), null);
        ImageVersion d = stack.rawSessions.versions("acme", sessionId).stream()
                .filter(v -> v.number() == (Integer) detail.get("version")).findFirst().orElseThrow();
        assertThat(d.parent()).as("detail edits the cut-out, not the lighting output").isEqualTo(head);
    }
}
