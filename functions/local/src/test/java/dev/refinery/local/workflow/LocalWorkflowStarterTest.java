package dev.refinery.local.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.refinery.application.ports.ExecutionInput;
import dev.refinery.application.ports.WorkflowStarter;
import dev.refinery.domain.TransientRefineryException;
import dev.refinery.local.store.H2Database;
import dev.refinery.workflow.runner.AslDefinition;
import dev.refinery.workflow.runner.AslRunner;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalWorkflowStarterTest {
    private static final String DEFINITION = """
            {"StartAt":"Work","States":{
              "Work":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:000000000000:function:work","Next":"Done"},
              "Done":{"Type":"Succeed"}}}""";

    @TempDir
    Path dir;
    private final AtomicInteger calls = new AtomicInteger();
    private final Map<String, Integer> callsBySession = new ConcurrentHashMap<>();
    private volatile CountDownLatch gate = new CountDownLatch(0);

    private AslRunner runner() {
        return AslRunner.builder(AslDefinition.parse(DEFINITION, Map.of()))
                .mapHandler("arn:aws:lambda:us-east-1:000000000000:function:work", in -> {
                    calls.incrementAndGet();
                    callsBySession.merge(String.valueOf(in.get("sessionId")), 1, Integer::sum);
                    try {
                        gate.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                    return Map.of("done", true);
                }).build();
    }

    private LocalWorkflowStarter starter(H2Database db, int threads, int queue) {
        LocalWorkflowStarter s = new LocalWorkflowStarter(new H2ExecutionStore(db), dev.refinery.cli.workflow.StateMachineFunctions.STATE_MACHINE_ARN, threads, queue, Clock.systemUTC());
        s.attach(runner());
        return s;
    }

    @Test
    void aNameIsTakenOnceAndAStartAgainIsAlreadyStartedEvenAfterARestart() throws Exception {
        try (H2Database db = H2Database.file(dir.resolve("db"))) {
            try (LocalWorkflowStarter s = starter(db, 2, 10)) {
                WorkflowStarter.Started first = s.start("upload-abc", ExecutionInput.firstPass("t1", "s1"));
                WorkflowStarter.Started again = s.start("upload-abc", ExecutionInput.firstPass("t1", "s1"));
                assertThat(first.alreadyStarted()).isFalse();
                assertThat(again.alreadyStarted()).isTrue();
                assertThat(again.executionId()).isEqualTo(first.executionId())
                        .isEqualTo("arn:aws:states:us-east-1:000000000000:execution:refinery-local:upload-abc");
                ExecutionRecord done = s.completion("upload-abc").get(30, TimeUnit.SECONDS);
                assertThat(done.status()).isEqualTo("SUCCEEDED");
                assertThat(done.statesEntered()).containsExactly("Work", "Done");
                assertThat(done.input().get("sessionId").asText()).isEqualTo("s1");
                assertThat(done.history().size()).isGreaterThan(4);
            }
            try (LocalWorkflowStarter restarted = starter(db, 2, 10)) {
                assertThat(restarted.start("upload-abc", ExecutionInput.firstPass("t1", "s1")).alreadyStarted()).isTrue();
                assertThat(restarted.completion("upload-abc").get(5, TimeUnit.SECONDS).status()).isEqualTo("SUCCEEDED");
            }
        }
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void concurrentStartsOfOneNameRunItOnce() throws Exception {
        try (H2Database db = H2Database.memory(); LocalWorkflowStarter s = starter(db, 4, 10)) {
            List<Thread> threads = new java.util.ArrayList<>();
            AtomicInteger fresh = new AtomicInteger();
            for (int i = 0; i < 6; i++) {
                Thread t = new Thread(() -> {
                    if (!s.start("upload-same", ExecutionInput.firstPass("t1", "s-same")).alreadyStarted()) {
                        fresh.incrementAndGet();
                    }
                });
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                t.join(10_000);
            }
            assertThat(s.completion("upload-same").get(30, TimeUnit.SECONDS).status()).isEqualTo("SUCCEEDED");
            assertThat(fresh.get()).isEqualTo(1);
            assertThat(callsBySession.get("s-same")).isEqualTo(1);
        }
    }

    @Test
    void aFullQueueRefusesAsRetryableAndFreesTheNameAndAnInterruptedExecutionResumesAtTheNextStart() throws Exception {
        gate = new CountDownLatch(1);
        try (H2Database db = H2Database.file(dir.resolve("db2"))) {
            LocalWorkflowStarter s = starter(db, 1, 1);
            s.start("a", ExecutionInput.firstPass("t1", "sa"));
            s.start("b", ExecutionInput.firstPass("t1", "sb"));
            assertThatThrownBy(() -> s.start("c", ExecutionInput.firstPass("t1", "sc"))).isInstanceOf(TransientRefineryException.class)
                    .hasMessageContaining("waiting");
            assertThat(s.describe("c")).isEmpty();
            // The stack stops while "a" runs and "b" waits: both stay RUNNING in the database.
            s.close();
            assertThat(s.describe("a").orElseThrow().running()).isTrue();
            assertThat(s.describe("b").orElseThrow().running()).isTrue();

            gate = new CountDownLatch(0);
            try (LocalWorkflowStarter next = starter(db, 2, 10)) {
                assertThat(next.resumeInterrupted()).isEqualTo(2);
                assertThat(next.completion("a").get(30, TimeUnit.SECONDS).status()).isEqualTo("SUCCEEDED");
                assertThat(next.completion("b").get(30, TimeUnit.SECONDS).status()).isEqualTo("SUCCEEDED");
                assertThat(next.start("c", ExecutionInput.firstPass("t1", "sc")).alreadyStarted()).isFalse();
                assertThat(next.completion("c").get(30, TimeUnit.SECONDS).status()).isEqualTo("SUCCEEDED");
            }
        }
    }

    @Test
    void invalidNamesAreRefusedAsStepFunctionsWould() {
        try (H2Database db = H2Database.memory(); LocalWorkflowStarter s = starter(db, 1, 1)) {
            assertThatThrownBy(() -> s.start("has space", ExecutionInput.firstPass("t1", "s"))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> s.start("x".repeat(81), ExecutionInput.firstPass("t1", "s"))).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
