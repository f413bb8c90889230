package dev.refinery.reliability.harness;

import com.fasterxml.jackson.databind.JsonNode;
import dev.refinery.aws.Engines;
import dev.refinery.local.LocalStack;
import dev.refinery.local.notify.UploadNotifier;
import dev.refinery.local.workflow.ExecutionRecord;
import dev.refinery.ports.ImageStore;
import dev.refinery.ports.SessionStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The local stack (functions/local: embedded S3 on 127.0.0.1, H2, the upload notifier, the local
 * workflow starter over the ASL runner, the contract's handler classes) as the suites drive it:
 * uploads by plain PutObject, notifications delivered by the stack's own notifier, executions by
 * its own starter.
 */
public final class LocalStackHarness implements SystemUnderTest, AutoCloseable {
    /** What the trigger answered for one upload. */
    public record Started(ReliabilityStack.Upload upload, String outcome, String sessionId, String executionName, String reason) {
    }

    public final LocalStack stack;
    private final List<ReliabilityStack.Upload> uploads = new CopyOnWriteArrayList<>();

    public LocalStackHarness(Path dir, Engines engines, Map<String, String> env, int workers) {
        this.stack = LocalStack.start(LocalStack.Settings.defaults(dir).withEngines(engines).withEnv(ReliabilityStack.withoutQuota(env)).withWorkers(workers));
    }

    public ReliabilityStack.Upload upload(String tenant, String sku, String fileName, byte[] bytes) {
        LocalStack.Uploaded u = stack.upload(tenant, sku, fileName, bytes, "application/octet-stream");
        ReliabilityStack.Upload up = new ReliabilityStack.Upload(u.key(), u.versionId(), null, bytes.length, ReliabilityStack.sha256(bytes));
        uploads.add(up);
        return up;
    }

    /** Waits until the stack's notifier has handed the upload to the trigger; the trigger's answer. */
    public Started delivered(ReliabilityStack.Upload u, Duration timeout) {
        try {
            UploadNotifier.Delivery d = stack.delivered(new LocalStack.Uploaded(u.key(), u.versionId()))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            JsonNode r = d.result();
            return new Started(u, r.path("outcome").asText(null), r.path("sessionId").asText(null),
                    r.path("executionName").asText(null), r.path("reason").asText(null));
        } catch (Exception e) {
            throw new IllegalStateException("no delivery of " + u.key() + " within " + timeout, e);
        }
    }

    public ExecutionRecord finished(String executionName, Duration timeout) {
        try {
            return stack.finished(executionName).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("execution " + executionName + " did not end within " + timeout, e);
        }
    }

    @Override
    public SessionStore rawSessions() {
        return stack.store();
    }

    @Override
    public ImageStore rawImages() {
        return stack.images();
    }

    @Override
    public List<String> objectKeys(String prefix) {
        List<String> keys = new ArrayList<>();
        for (S3Object o : stack.s3().client().listObjectsV2Paginator(c -> c.bucket(stack.bucket()).prefix(prefix)).contents()) {
            keys.add(o.key());
        }
        return keys;
    }

    @Override
    public List<ReliabilityStack.Upload> uploads() {
        return List.copyOf(uploads);
    }

    @Override
    public byte[] storedOriginal(ReliabilityStack.Upload u) {
        return stack.s3().client().getObjectAsBytes(c -> c.bucket(stack.bucket()).key(u.key()).versionId(u.versionId())).asByteArray();
    }

    @Override
    public void close() {
        stack.close();
    }
}
