package dev.refinery.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.refinery.domain.Approval;
import dev.refinery.domain.ConflictException;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.Session;
import dev.refinery.domain.SessionStatus;
import dev.refinery.domain.Source;
import dev.refinery.domain.Stage;
import dev.refinery.domain.VersionSlot;
import dev.refinery.ports.SessionStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SessionStore} adapter must do. Extend it in the adapter's tests and return the
 * adapter from {@link #store()}. Every test uses fresh, random tenant and session ids, so an adapter
 * may hand out one shared instance (one table, one database) for the whole class.
 */
public abstract class SessionStoreContract {
    /** The adapter under test; may be the same instance for every test. */
    protected abstract SessionStore store();

    /**
     * Whether the store behind the adapter applies a conditional write atomically, as DynamoDB documents for
     * PutItem and UpdateItem with a ConditionExpression. moto_server does not: its request threads race the
     * condition and the write (two of six writers of one revision both won in CI), so its run skips the two
     * concurrency tests and says why; the sequential tests still hold its conditions (a stale revision loses).
     */
    protected boolean storeSerialisesConditionalWrites() {
        return true;
    }

    private void assumeAtomicConditionalWrites() {
        org.junit.jupiter.api.Assumptions.assumeTrue(storeSerialisesConditionalWrites(),
                "this store does not apply conditional writes atomically (moto_server); DynamoDB does");
    }

    protected String tenant;
    protected String otherTenant;
    private SessionStore store;

    @BeforeEach
    void freshIds() {
        store = store();
        tenant = "t-" + shortId();
        otherTenant = "u-" + shortId();
    }

    protected static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** Millisecond precision: what every store keeps. */
    protected static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    protected static Session session(String tenant, String id, String sku, Instant created) {
        return new Session(tenant, id, sku, Source.upload("bucket-a", "uploads/" + tenant + "/" + sku + "/photo one.jpg", "v-1"),
                List.of("amazon-main", "walmart"), "classic", "footwear", Map.of("material", "leather", "colour", "brown"),
                SessionStatus.PENDING, null, 0, 0, Map.of(), 0, created, created);
    }

    protected static ImageVersion version(String tenant, String sessionId, int n, VersionSlot slot, Approval approval) {
        return new ImageVersion(tenant, sessionId, n, n - 1, slot, "classic",
                "sessions/" + sessionId + "/v" + n + "-" + slot.stage().id() + ".png", "image/png",
                slot.preset() == null ? null : "sessions/" + sessionId + "/v" + n + "-finalize-" + slot.preset() + ".mask.png",
                Map.of("summary", "brighter by 0.2 EV", "prompt", "keep the stitching"), Map.of("ev", 0.2, "deltaE", 1.25),
                1234, 0.042, approval, approval == Approval.REJECTED ? "fill 0.95 is above 0.90" : null, now(), false);
    }

    @Test
    void createdSessionIsFoundWithEveryFieldAndRevisionOne() {
        Session s = session(tenant, "s-" + shortId(), "SKU-1", now());
        Session stored = store.create(s);
        assertThat(stored.revision()).isEqualTo(1);
        assertThat(store.find(tenant, s.id())).contains(stored);
        assertThat(stored).usingRecursiveComparison().ignoringFields("revision").isEqualTo(s);
    }

    @Test
    void promptSessionsWithFinalsAndReasonRoundTrip() {
        Instant t = now();
        Session s = new Session(tenant, "s-" + shortId(), null, Source.prompt("a red enamel mug on white, 3/4 view"),
                List.of("walmart", "amazon-main", "etsy"), "openai", "kitchen", Map.of(), SessionStatus.NEEDS_REVIEW,
                "amazon-main: fill 0.95 is above 0.90", 2, 7, Map.of("walmart", 9, "etsy", 10), 0, t, t.plusSeconds(5));
        Session stored = store.create(s);
        Session found = store.find(tenant, s.id()).orElseThrow();
        assertThat(found).isEqualTo(stored);
        assertThat(found.presets()).containsExactly("walmart", "amazon-main", "etsy");
        assertThat(found.source().isUpload()).isFalse();
        assertThat(found.sku()).isNull();
    }

    @Test
    void creatingTheSameSessionTwiceConflicts() {
        Session s = session(tenant, "s-" + shortId(), "SKU-1", now());
        store.create(s);
        assertThatThrownBy(() -> store.create(s)).isInstanceOf(ConflictException.class);
    }

    @Test
    void anotherTenantNeverSeesTheSession() {
        Session s = session(tenant, "s-" + shortId(), "SKU-1", now());
        store.create(s);
        assertThat(store.find(otherTenant, s.id())).isEmpty();
        assertThat(store.findBySku(otherTenant, "SKU-1")).isEmpty();
        assertThat(store.versions(otherTenant, s.id())).isEmpty();
    }

    @Test
    void theSameIdUnderAnotherTenantIsAnotherSession() {
        String id = "s-" + shortId();
        store.create(session(tenant, id, "SKU-1", now()));
        Session theirs = store.create(session(otherTenant, id, "SKU-9", now()));
        assertThat(store.find(otherTenant, id)).contains(theirs);
        assertThat(store.find(tenant, id).orElseThrow().sku()).isEqualTo("SKU-1");
    }

    @Test
    void updateWithTheCurrentRevisionSavesAndBumpsIt() {
        Session stored = store.create(session(tenant, "s-" + shortId(), "SKU-1", now()));
        Session changed = stored.withStatus(SessionStatus.RUNNING, null, now()).withHead(3, now())
                .withFinals(Map.of("amazon-main", 5), now()).withRound(1, now());
        Session saved = store.update(changed);
        assertThat(saved.revision()).isEqualTo(2);
        assertThat(store.find(tenant, stored.id())).contains(saved);
        assertThat(saved.finals()).containsEntry("amazon-main", 5);
    }

    @Test
    void updateWithAStaleRevisionConflicts() {
        Session stored = store.create(session(tenant, "s-" + shortId(), "SKU-1", now()));
        store.update(stored.withStatus(SessionStatus.RUNNING, null, now()));
        assertThatThrownBy(() -> store.update(stored.withStatus(SessionStatus.FAILED, "late writer", now())))
                .isInstanceOf(ConflictException.class);
        assertThat(store.find(tenant, stored.id()).orElseThrow().status()).isEqualTo(SessionStatus.RUNNING);
    }

    @Test
    void updatingAMissingSessionConflictsInsteadOfCreatingIt() {
        Session ghost = session(tenant, "s-" + shortId(), "SKU-1", now()).withRevision(1);
        assertThatThrownBy(() -> store.update(ghost)).isInstanceOf(ConflictException.class);
        assertThat(store.find(tenant, ghost.id())).isEmpty();
    }

    @Test
    void updateFromAnotherTenantConflictsAndChangesNothing() {
        Session stored = store.create(session(tenant, "s-" + shortId(), "SKU-1", now()));
        Session forged = new Session(otherTenant, stored.id(), stored.sku(), stored.source(), stored.presets(), stored.engine(),
                stored.category(), stored.facts(), SessionStatus.FAILED, "forged", 0, 0, Map.of(), stored.revision(),
                stored.createdAt(), now());
        assertThatThrownBy(() -> store.update(forged)).isInstanceOf(ConflictException.class);
        assertThat(store.find(tenant, stored.id())).contains(stored);
    }

    @Test
    void concurrentUpdatesOfOneRevisionLetExactlyOneWin() throws Exception {
        assumeAtomicConditionalWrites();
        Session stored = store.create(session(tenant, "s-" + shortId(), "SKU-1", now()));
        int writers = 6;
        List<Callable<Boolean>> calls = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            int head = i + 1;
            calls.add(() -> {
                try {
                    store.update(stored.withHead(head, now()));
                    return true;
                } catch (ConflictException e) {
                    return false;
                }
            });
        }
        List<Boolean> results = runConcurrently(calls);
        assertThat(results).containsOnlyOnce(true);
        assertThat(store.find(tenant, stored.id()).orElseThrow().revision()).isEqualTo(2);
    }

    @Test
    void reservingTheSameSlotTwiceGivesTheSameNumber() {
        String id = "s-" + shortId();
        store.create(session(tenant, id, "SKU-1", now()));
        VersionSlot base = new VersionSlot(0, 0, Stage.BASE, null);
        VersionSlot light = new VersionSlot(0, 0, Stage.LIGHTING, null);
        int b = store.reserveVersion(tenant, id, base);
        int l = store.reserveVersion(tenant, id, light);
        assertThat(b).isEqualTo(1);
        assertThat(l).isEqualTo(2);
        assertThat(store.reserveVersion(tenant, id, base)).isEqualTo(b);
        assertThat(store.reserveVersion(tenant, id, light)).isEqualTo(l);
        assertThat(store.reserveVersion(tenant, id, new VersionSlot(0, 1, Stage.LIGHTING, null))).isEqualTo(3);
        assertThat(store.reserveVersion(tenant, id, new VersionSlot(0, 1, Stage.FINALIZE, "walmart"))).isEqualTo(4);
        assertThat(store.reserveVersion(tenant, id, new VersionSlot(0, 1, Stage.FINALIZE, "amazon-main"))).isEqualTo(5);
        // a round's second operation for a stage is a slot of its own
        assertThat(store.reserveVersion(tenant, id, new VersionSlot(0, 1, Stage.LIGHTING, null, 1))).isEqualTo(6);
        assertThat(store.reserveVersion(tenant, id, new VersionSlot(0, 1, Stage.LIGHTING, null, 1))).isEqualTo(6);
    }

    @Test
    void versionNumbersAreCountedPerSessionAndTenant() {
        String id = "s-" + shortId();
        store.create(session(tenant, id, "SKU-1", now()));
        store.create(session(otherTenant, id, "SKU-1", now()));
        String other = "s-" + shortId();
        store.create(session(tenant, other, "SKU-1", now()));
        VersionSlot base = new VersionSlot(0, 0, Stage.BASE, null);
        store.reserveVersion(tenant, id, base);
        assertThat(store.reserveVersion(tenant, id, new VersionSlot(0, 0, Stage.LIGHTING, null))).isEqualTo(2);
        assertThat(store.reserveVersion(otherTenant, id, base)).isEqualTo(1);
        assertThat(store.reserveVersion(tenant, other, base)).isEqualTo(1);
    }

    @Test
    void concurrentReservationsOfOneSlotAgreeAndOfDistinctSlotsNeverCollide() throws Exception {
        assumeAtomicConditionalWrites();
        String id = "s-" + shortId();
        store.create(session(tenant, id, "SKU-1", now()));
        VersionSlot same = new VersionSlot(0, 0, Stage.DETAIL, null);
        List<Callable<Integer>> sameSlot = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sameSlot.add(() -> store.reserveVersion(tenant, id, same));
        }
        assertThat(new HashSet<>(runConcurrently(sameSlot))).hasSize(1);

        List<Callable<Integer>> distinct = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            VersionSlot slot = new VersionSlot(0, i + 1, Stage.LIGHTING, null);
            distinct.add(() -> store.reserveVersion(tenant, id, slot));
        }
        Set<Integer> numbers = new HashSet<>(runConcurrently(distinct));
        assertThat(numbers).hasSize(5).doesNotContain(store.reserveVersion(tenant, id, same));
    }

    @Test
    void versionsRoundTripInNumberOrderAndSavingANumberAgainReplacesIt() {
        String id = "s-" + shortId();
        store.create(session(tenant, id, "SKU-1", now()));
        ImageVersion v2 = version(tenant, id, 2, new VersionSlot(0, 0, Stage.LIGHTING, null), Approval.APPROVED);
        ImageVersion v1 = version(tenant, id, 1, new VersionSlot(0, 0, Stage.BASE, null), Approval.APPROVED);
        ImageVersion v3 = version(tenant, id, 3, new VersionSlot(1, 2, Stage.FINALIZE, "amazon-main"), Approval.PENDING);
        ImageVersion v4 = version(tenant, id, 4, new VersionSlot(2, 0, Stage.LIGHTING, null, 1), Approval.APPROVED);
        store.saveVersion(v2);
        store.saveVersion(v3);
        store.saveVersion(v1);
        store.saveVersion(v4);
        assertThat(store.versions(tenant, id)).containsExactly(v1, v2, v3, v4);
        assertThat(store.versions(tenant, id).get(3).slot().step()).isEqualTo(1);

        ImageVersion judged = v3.withApproval(Approval.REJECTED, "fill 0.95 is above 0.90").withMetrics(Map.of("check.fill", 0.95));
        store.saveVersion(judged);
        assertThat(store.versions(tenant, id)).containsExactly(v1, v2, judged, v4);
    }

    @Test
    void expiredImagesAndEmptyMapsRoundTrip() {
        String id = "s-" + shortId();
        store.create(session(tenant, id, "SKU-1", now()));
        ImageVersion v = new ImageVersion(tenant, id, 1, 0, new VersionSlot(0, 0, Stage.BASE, null), "ingest",
                "sessions/" + id + "/v1-base.png", "image/png", null, Map.of(), Map.of(), 0, 0, Approval.APPROVED, null, now(), true);
        store.saveVersion(v);
        assertThat(store.versions(tenant, id)).containsExactly(v);
    }

    @Test
    void findBySkuListsTheTenantsSessionsNewestFirst() {
        String sku = "SKU-" + shortId();
        Instant t = now();
        Session older = store.create(session(tenant, "s-" + shortId(), sku, t.minusSeconds(60)));
        Session newer = store.create(session(tenant, "s-" + shortId(), sku, t));
        store.create(session(tenant, "s-" + shortId(), sku + "-other", t));
        store.create(session(otherTenant, "s-" + shortId(), sku, t));
        assertThat(store.findBySku(tenant, sku)).containsExactly(newer, older);
    }

    @Test
    void theTenantsSessionsArePagedNewestFirstAndNoOtherTenantsAppear() {
        Instant t = now();
        // five sessions, two created at the same instant (ordered by id then), and one of another tenant
        List<Session> mine = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            mine.add(store.create(session(tenant, "s-" + i + "-" + shortId(), "SKU-" + i, t.minusSeconds(10L * i))));
        }
        mine.add(store.create(session(tenant, "s-9-" + shortId(), null, t)));
        store.create(session(otherTenant, "s-" + shortId(), "SKU-0", t.plusSeconds(5)));
        List<Session> expected = mine.stream()
                .sorted(java.util.Comparator.comparing(Session::createdAt).thenComparing(Session::id).reversed()).toList();

        dev.refinery.ports.SessionPage first = store.page(tenant, 2, null);
        assertThat(first.sessions()).containsExactlyElementsOf(expected.subList(0, 2));
        assertThat(first.next()).isNotNull();
        dev.refinery.ports.SessionPage second = store.page(tenant, 2, dev.refinery.ports.SessionPage.Cursor.decode(first.next()));
        assertThat(second.sessions()).containsExactlyElementsOf(expected.subList(2, 4));
        dev.refinery.ports.SessionPage last = store.page(tenant, 2, dev.refinery.ports.SessionPage.Cursor.decode(second.next()));
        assertThat(last.sessions()).containsExactlyElementsOf(expected.subList(4, 5));
        assertThat(last.next()).as("the last page").isNull();
        // a page exactly as large as what is left says there is no more
        assertThat(store.page(tenant, 5, null).next()).isNull();
        assertThat(store.page(otherTenant, 10, null).sessions()).hasSize(1);
        assertThat(store.page("nobody-" + shortId(), 10, null).sessions()).isEmpty();
    }

    protected static <T> List<T> runConcurrently(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> c : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return c.call();
                }));
            }
            start.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get(60, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
