package dev.refinery.reliability.soak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refinery.application.UploadIntake;
import dev.refinery.testkit.MotoServer;
import dev.refinery.aws.testing.TestEngines;
import dev.refinery.domain.Session;
import dev.refinery.domain.SessionStatus;
import dev.refinery.pipeline.SessionKeys;
import dev.refinery.imaging.ingest.BadInputs;
import dev.refinery.reliability.faults.Fault;
import dev.refinery.reliability.faults.FaultPlan;
import dev.refinery.reliability.faults.Faults;
import dev.refinery.reliability.faults.HttpFault;
import dev.refinery.reliability.harness.AslWorkflowStarter;
import dev.refinery.reliability.harness.Finishers;
import dev.refinery.reliability.harness.Invariants;
import dev.refinery.reliability.harness.Photos;
import dev.refinery.reliability.harness.ReliabilityStack;
import dev.refinery.workflow.runner.Execution;
import java.awt.Color;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The soak on the AWS adapters: S3 and DynamoDB on moto_server through the real SDK clients, the
 * project's state machine on the local runner, the real handlers, with faults at seeded random
 * rates at every layer: the SDK's HTTP attempts (S3 SlowDown, DynamoDB throttling and 500s,
 * connections reset before and after the server processed a request), the ports (lost answers,
 * conflicts, unavailable stores), the Lambda invocations (service errors after the function ran,
 * throttled invocations, functions that die right after writing an image) and the image model.
 * Notifications are delivered at least once (redelivered while the trigger fails, as S3 → EventBridge
 * → Lambda does), once more afterwards, and some twice at once.
 */
@ExtendWith(MotoServer.class)
class SoakMotoTest {
    static FaultPlan<HttpFault> httpFaults(long seed) {
        return FaultPlan.seeded(seed, HttpFault::name)
                .atRate("s3.*", 0.03, HttpFault.s3SlowDown())
                .atRate("s3.PutObject", 0.02, HttpFault.connectionResetAfterProcessing())
                .atRate("dynamodb.*", 0.03, HttpFault.dynamoDbThrottling())
                .atRate("dynamodb.*", 0.01, HttpFault.dynamoDbInternalError())
                .atRate("dynamodb.*", 0.01, HttpFault.connectionResetAfterProcessing())
                .atRate("dynamodb.*", 0.01, HttpFault.connectionResetBeforeSend());
    }

    static FaultPlan<Fault> portFaults(long seed) {
        return SoakLocalStackTest.engineFaults(seed)
                .atRate("sessions.update", 0.02, Faults.conflict())
                .atRate("sessions.saveVersion", 0.01, Faults.storeUnavailable("dynamodb"))
                .atRate("images.put", 0.01, Faults.responseLost("s3"))
                .atRate("images.put", 0.003, Faults.crashAfter());
    }

    static FaultPlan<Fault> invocationFaults(long seed) {
        return FaultPlan.seeded(seed)
                .atRate("lambda.*", 0.02, AslWorkflowStarter.lambdaServiceException(Fault.Timing.AFTER))
                .atRate("lambda.*", 0.02, AslWorkflowStarter.lambdaThrottled());
    }

    @Test
    void sessionsUnderSeededFaultsAtEveryLayerAllEndAndNoneIsLost() throws Exception {
        long seed = SoakFigures.seed();
        int n = SoakFigures.sessions(40);
        System.out.println("soak [aws adapters on moto_server]: seed " + seed + ", " + n + " uploads (replay with -Drefinery.soak.seed=" + seed + ")");
        FaultPlan<HttpFault> http = httpFaults(seed);
        FaultPlan<Fault> ports = portFaults(seed);
        FaultPlan<Fault> invocations = invocationFaults(seed);
        SoakFigures figures = new SoakFigures("aws adapters on moto_server", seed);
        figures.uploads = n;
        Random mix = new Random(seed);
        long t0 = System.nanoTime();
        try (ReliabilityStack stack = ReliabilityStack.builder(ReliabilityStack.Backend.MOTO).names("soak-" + Long.toHexString(seed) + "-" + n)
                .seed(seed).concurrency(4).httpFaults(http).portFaults(ports).invocationFaults(invocations)
                .finisher(Finishers.framesTooSmallUntilTold(new TestEngines.CentringFinisher())).build()) {
            ExecutorService sellers = Executors.newFixedThreadPool(8);
            List<Future<List<UploadIntake.Result>>> delivered = new ArrayList<>();
            List<String> events = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                double roll = mix.nextDouble();
                boolean twiceAtOnce = mix.nextDouble() < 0.1;
                String tenant = k % 4 == 0 ? "globex" : "acme";
                String sku = "SOAK-" + k;
                ReliabilityStack.Upload u;
                if (roll < 0.04) {
                    u = stack.putOriginal("uploads/" + tenant + "/" + sku + "/notes " + k + ".jpg", BadInputs.text());
                } else if (roll < 0.06) {
                    u = stack.putOriginal("uploads/" + tenant + "/" + sku + "/IMG_" + k + ".heic", BadInputs.heic());
                } else {
                    u = stack.putOriginal("uploads/" + tenant + "/" + sku + "/photo " + k + ".png",
                            (k % 2 == 0 ? Photos.flatPng(400 + k % 150, 300 + k % 7, new Color(20 + k % 180, 100, 140))
                                : Photos.png(400 + k % 150, 300 + k % 7, new Color(20 + k % 180, 100, 140))));
                }
                String event = stack.notificationWithoutVersion(u);
                events.add(event);
                delivered.add(sellers.submit(() -> atLeastOnce(stack, event, figures)));
                if (twiceAtOnce) {
                    delivered.add(sellers.submit(() -> atLeastOnce(stack, event, figures)));
                }
            }
            Map<String, Invariants.SessionRef> sessions = new LinkedHashMap<>();
            Map<String, String> rejected = new TreeMap<>();
            for (Future<List<UploadIntake.Result>> f : delivered) {
                for (UploadIntake.Result r : f.get()) {
                    if (r.outcome() == UploadIntake.Outcome.REJECTED) {
                        // refused by the trigger (its session, when the key names a tenant, ended FAILED with the reason)
                        rejected.put(r.key(), r.reason());
                    } else if (r.sessionId() != null) {
                        sessions.put(r.sessionId(), new Invariants.SessionRef(r.tenant(), r.sessionId()));
                    }
                }
            }
            rejected.values().forEach(figures::rejected);
            sellers.shutdown();
            List<Execution> executions = stack.awaitExecutions(Duration.ofMinutes(20));
            // A late redelivery of every notification: nothing new may start.
            int runs = stack.workflow.runs().size();
            http.disable();
            ports.disable();
            for (String event : events) {
                stack.deliver(event);
            }
            assertThat(stack.workflow.runs()).hasSize(runs);
            figures.millis = (System.nanoTime() - t0) / 1_000_000;

            Invariants.Report report = Invariants.check(stack, sessions.values());
            for (Invariants.SessionRef ref : sessions.values()) {
                Session s = stack.rawSessions.find(ref.tenant(), ref.sessionId()).orElse(null);
                figures.startedSession(s);
            }
            report.lost().forEach(figures::lost);
            figures.orphans = report.orphans().size();
            Map<String, Long> injected = new TreeMap<>(http.injectedCounts());
            injected.putAll(ports.injectedCounts());
            invocations.injectedCounts().forEach((k, v) -> injected.merge(k, v, Long::sum));
            figures.injected = injected;
            figures.publish("soak-moto.txt");

            assertThat(figures.lost).as("lost " + figures.lostDetails).isZero();
            assertThat(figures.problems).isEmpty();
            assertThat(figures.started + figures.rejectedWithReason).isEqualTo(n);
            assertThat(executions).hasSize(figures.started);
            // The only objects without a record are images written by an attempt that could not record
            // them and whose retries then failed too: the function died right after the write
            // (Lambda.Unknown is not retried), or the write's answer or the record was lost and the
            // retry then failed for good (e.g. a moderation refusal). Their sessions FAILED.
            for (String orphan : report.orphans()) {
                // keys are sessions/{tenant}/{sessionId}/{file} (SessionKeys): the session is the third part, not the second
                SessionKeys.Owner owner = SessionKeys.owner(orphan)
                        .orElseThrow(() -> new AssertionError("an unrecorded object outside sessions/{tenant}/{id}/: " + orphan));
                String sessionId = owner.sessionId();
                Session s = sessions.values().stream().filter(r -> r.sessionId().equals(sessionId) && r.tenant().equals(owner.tenant())).findFirst()
                        .flatMap(r -> stack.rawSessions.find(r.tenant(), r.sessionId()))
                        .orElseThrow(() -> new AssertionError("an unrecorded object of a session the soak did not start: " + orphan));
                assertThat(s.status()).as(orphan).isEqualTo(SessionStatus.FAILED);
                assertThat(ports.injections()).as(orphan).anyMatch(i -> i.context().contains(sessionId)
                        && (i.fault().equals("crash-after") || i.fault().equals("s3-response-lost") || i.op().equals("sessions.saveVersion")));
            }
            assertThat(report.violations()).allSatisfy(v -> assertThat(v).startsWith("object without a version record"));
        }
    }

    /** Hands the event to the trigger until it answers, as an at-least-once delivery does. */
    private static List<UploadIntake.Result> atLeastOnce(ReliabilityStack stack, String event, SoakFigures figures) {
        RuntimeException last = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            try {
                return stack.deliver(event);
            } catch (RuntimeException e) {
                last = e;
            }
        }
        synchronized (figures) {
            figures.lost("the trigger failed 10 deliveries: " + last);
        }
        return List.of();
    }
}
