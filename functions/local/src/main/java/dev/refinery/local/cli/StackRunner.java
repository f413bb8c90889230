package dev.refinery.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.refinery.application.Ids;
import dev.refinery.application.SessionApi;
import dev.refinery.application.ExecutionNames;
import dev.refinery.local.LocalStack;
import dev.refinery.local.notify.UploadNotifier;
import dev.refinery.local.workflow.ExecutionRecord;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Photos through the local stack the way a seller's uploads go through AWS: each file is put under
 * {@code uploads/{tenant}/{sku}/{file}} (the SKU from its name, its catalog item set to the wanted
 * presets first), the S3 notification reaches the upload trigger, the trigger starts the execution,
 * and this waits for the trigger's answer and the execution's end.
 */
final class StackRunner {
    private final LocalStack stack;
    private final String tenant;
    private final List<String> presets;
    private final PrintStream progress;
    private final Set<String> skus = new HashSet<>();

    StackRunner(LocalStack stack, String tenant, List<String> presets, PrintStream progress) {
        this.stack = stack;
        this.tenant = tenant;
        this.presets = List.copyOf(presets);
        this.progress = progress;
    }

    private record Started(Path photo, String stem, LocalStack.Uploaded upload, long t0, Instant at) {
    }

    /** All photos at once (the stack runs their executions concurrently); outcomes in input order. */
    List<StackReports.Outcome> refine(List<Path> photos, List<String> stems, Duration timeout) throws IOException, InterruptedException {
        List<Started> started = new ArrayList<>();
        for (int i = 0; i < photos.size(); i++) {
            started.add(upload(photos.get(i), stems.get(i)));
        }
        List<StackReports.Outcome> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Started s : started) {
            out.add(await(s, deadline));
        }
        return out;
    }

    /** One photo, start to end (for the benchmark's per-session times). */
    StackReports.Outcome refineOne(Path photo, String stem, Duration timeout) throws IOException, InterruptedException {
        return await(upload(photo, stem), System.nanoTime() + timeout.toNanos());
    }

    private Started upload(Path photo, String stem) throws IOException {
        String sku = sku(stem);
        // The catalog item decides a session's presets: set it before the upload registers it.
        stack.wiring().api().putCatalogItem(tenant, sku, new SessionApi.CatalogItemRequest(presets, null, null, null));
        String name = photo.getFileName().toString();
        String type = Ids.photoExtension(name).map(Ids.CONTENT_TYPES::get).orElse("application/octet-stream");
        byte[] bytes = Files.readAllBytes(photo);
        long t0 = System.nanoTime();
        Instant at = Instant.now();
        return new Started(photo, stem, stack.upload(tenant, sku, name, bytes, type), t0, at);
    }

    private StackReports.Outcome await(Started s, long deadlineNanos) throws InterruptedException {
        UploadNotifier.Delivery delivery;
        try {
            delivery = get(stack.delivered(s.upload()), deadlineNanos);
        } catch (TimeoutException e) {
            return done(s, null, null, "the upload's notification was not delivered in time (the stack is busy or stuck)");
        }
        JsonNode result = delivery.result();
        String outcome = result.path("outcome").asText();
        if (!outcome.equals("STARTED") && !outcome.equals("ALREADY_STARTED")) {
            return done(s, null, null, result.path("reason").asText("the upload trigger did not start a session (" + outcome + ")"));
        }
        String sessionId = result.path("sessionId").asText();
        try {
            ExecutionRecord ex = get(stack.finished(result.path("executionName").asText()), deadlineNanos);
            return done(s, sessionId, ex, null);
        } catch (TimeoutException e) {
            return done(s, sessionId, stack.workflows().describe(result.path("executionName").asText()).orElse(null),
                    "the session did not finish in time");
        }
    }

    private StackReports.Outcome done(Started s, String sessionId, ExecutionRecord ex, String rejection) {
        long millis = (System.nanoTime() - s.t0()) / 1_000_000;
        if (progress != null) {
            String status = rejection != null && sessionId == null ? "REJECTED"
                    : stack.store().find(tenant, sessionId).map(x -> x.status().name()).orElse("?");
            progress.printf(Locale.ROOT, "  %-24s %-12s %7d ms%s%n", s.stem(), status, millis,
                    ex == null ? "" : "  " + ex.statesEntered().size() + " states, " + fixups(ex.statesEntered()) + " fix-ups, ended in "
                            + ex.statesEntered().get(ex.statesEntered().size() - 1));
            progress.flush();
        }
        return new StackReports.Outcome(s.photo(), s.stem(), s.upload(), sessionId, ex, rejection, millis, s.at());
    }

    private static long fixups(List<String> states) {
        return states.stream().filter("PrepareFixup"::equals).count();
    }

    private static <T> T get(CompletableFuture<T> f, long deadlineNanos) throws InterruptedException, TimeoutException {
        try {
            return f.get(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the local stack failed: " + e.getCause(), e.getCause());
        }
    }

    /** A SKU from a file stem: the characters a SKU may hold, unique within the run. */
    String sku(String stem) {
        String s = stem.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^[^A-Za-z0-9]+", "").replace("..", "-");
        if (s.length() > 56) {
            s = s.substring(0, 56);
        }
        if (s.isEmpty()) {
            s = "photo-" + ExecutionNames.hash(stem).substring(0, 8);
        }
        String unique = s;
        for (int i = 2; !skus.add(unique); i++) {
            unique = s + "-" + i;
        }
        return Ids.sku(unique);
    }
}
