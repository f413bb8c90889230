package dev.refinery.application.ports;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link PatternLibrary} adapter must do. Tenants are random per test, so one adapter may serve the class. */
public abstract class PatternLibraryContract {
    protected abstract PatternLibrary library();

    /**
     * Whether the store behind the adapter applies concurrent updates atomically, as DynamoDB documents for UpdateItem
     * (an ADD to a counter). moto_server does not: its request threads race the read and the write (18 of 20
     * approvals counted in CI), so its run makes the same approvals one after another.
     */
    protected boolean storeSerialisesUpdates() {
        return true;
    }

    private PatternLibrary library;
    private String tenant;
    private final Instant t0 = Instant.parse("2026-12-01T10:00:00Z");

    @BeforeEach
    void fresh() {
        library = library();
        tenant = "t-" + UUID.randomUUID();
    }

    @Test
    void theSameWordsAreOnePatternCountedPerApprovalMostApprovedFirst() {
        library.approved(tenant, "mugs", "A little brighter", List.of("lighting.brighter"), t0);
        library.approved(tenant, "mugs", "a little   brighter!", List.of("lighting.brighter"), t0.plusSeconds(60));
        library.approved(tenant, "mugs", "make the product bigger", List.of("framing.bigger"), t0.plusSeconds(120));
        library.approved(tenant, "mugs", "sharper, and warmer", List.of("lighting.warmer", "detail.sharper"), t0.plusSeconds(30));

        List<PatternLibrary.Pattern> top = library.top(tenant, "mugs", 10);
        assertThat(top).extracting(PatternLibrary.Pattern::feedback)
                .containsExactly("A little brighter", "make the product bigger", "sharper, and warmer");
        assertThat(top.get(0).approvals()).isEqualTo(2);
        assertThat(top.get(0).lastApprovedAt()).isEqualTo(t0.plusSeconds(60));
        assertThat(top.get(2).operations()).containsExactly("lighting.warmer", "detail.sharper");
        assertThat(library.top(tenant, "mugs", 1)).hasSize(1);
    }

    @Test
    void categoriesAndTenantsAreApart() {
        library.approved(tenant, "mugs", "brighter", List.of("lighting.brighter"), t0);
        library.approved(tenant, "mug", "darker", List.of("lighting.darker"), t0);
        library.approved(tenant + "-other", "mugs", "warmer", List.of("lighting.warmer"), t0);
        assertThat(library.top(tenant, "mugs", 10)).extracting(PatternLibrary.Pattern::feedback).containsExactly("brighter");
        assertThat(library.top(tenant, "cups", 10)).isEmpty();
    }

    @Test
    void concurrentApprovalsAreNotLost() throws Exception {
        // on a store that races concurrent updates (moto_server) the same twenty approvals, one after another
        ExecutorService pool = Executors.newFixedThreadPool(storeSerialisesUpdates() ? 4 : 1);
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            calls.add(pool.submit(() -> library.approved(tenant, "mugs", "brighter", List.of("lighting.brighter"), t0.plusSeconds(n))));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        for (Future<?> f : calls) {
            f.get();
        }
        assertThat(library.top(tenant, "mugs", 10)).singleElement().satisfies(p -> assertThat(p.approvals()).isEqualTo(20));
    }
}
