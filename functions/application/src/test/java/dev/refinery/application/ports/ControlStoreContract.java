package dev.refinery.application.ports;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every adapter of the application's control-store ports (catalog, upload ledger, session events) must do.
 * Published in refinery-application's test-jar: the DynamoDB adapters (aws, on moto) and the H2 adapters (local) pass it too.
 */
public abstract class ControlStoreContract {
    /**
     * Whether the store behind the adapter applies a conditional write atomically, as DynamoDB documents for PutItem
     * with a ConditionExpression. moto_server does not (its request threads race the condition and the write: two of
     * six writers of one session revision both won in CI), so on it the upload claims are made one after another.
     */
    protected boolean storeSerialisesConditionalWrites() {
        return true;
    }

    protected abstract CatalogStore catalog();

    protected abstract UploadLedger ledger();

    protected abstract SessionEventLog events();

    private String tenant;
    private String other;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @BeforeEach
    void ids() {
        tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
        other = "u-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void anUploadRegistersAnItemWithDefaultsAndKeepsASellersChoiceLater() {
        CatalogItem first = catalog().registerUpload(tenant, "SKU-1", "b", "uploads/" + tenant + "/SKU-1/a.jpg", List.of("amazon-main"), "generic", now);
        assertThat(first.presets()).containsExactly("amazon-main");
        assertThat(first.category()).isEqualTo("generic");
        catalog().putItem(tenant, "SKU-1", List.of("walmart", "ebay"), "kitchen", "a mug", null, null, now);
        CatalogItem again = catalog().registerUpload(tenant, "SKU-1", "b", "uploads/" + tenant + "/SKU-1/b.jpg", List.of("amazon-main"), "generic", now);
        assertThat(again.presets()).containsExactly("walmart", "ebay");
        assertThat(again.category()).isEqualTo("kitchen");
        assertThat(again.prompt()).isEqualTo("a mug");
        assertThat(again.sourceKey()).endsWith("/b.jpg");
    }

    @Test
    void aSellersFactsAreKeptByUploadsAndRefinementsAndReplacedByTheNextChoice() {
        catalog().putItem(tenant, "SKU-F", List.of("amazon-main"), "kitchen", Map.of("material", "enamel", "colour", "blue"), null, null, null, now);
        catalog().registerUpload(tenant, "SKU-F", "b", "uploads/" + tenant + "/SKU-F/a.jpg", List.of("walmart"), "generic", now);
        catalog().markRefined(tenant, "SKU-F", "s-1", now, "1", "fp");
        assertThat(catalog().findItem(tenant, "SKU-F").orElseThrow().facts())
                .isEqualTo(Map.of("material", "enamel", "colour", "blue"));
        assertThat(catalog().items(tenant)).singleElement().satisfies(i -> assertThat(i.facts()).containsEntry("material", "enamel"));
        catalog().putItem(tenant, "SKU-F", List.of("amazon-main"), "kitchen", Map.of("material", "steel"), null, null, null, now);
        assertThat(catalog().findItem(tenant, "SKU-F").orElseThrow().facts()).isEqualTo(Map.of("material", "steel"));
        catalog().putItem(tenant, "SKU-F", List.of("amazon-main"), "kitchen", null, null, null, now);
        assertThat(catalog().findItem(tenant, "SKU-F").orElseThrow().facts()).isEmpty();
        CatalogItem registered = catalog().registerUpload(tenant, "SKU-G", "b", "uploads/" + tenant + "/SKU-G/a.jpg", List.of("walmart"), "generic", now);
        assertThat(registered.facts()).isEmpty();
    }

    @Test
    void markRefinedRecordsTheGenerationAndItemsAreScopedByTenant() {
        catalog().registerUpload(tenant, "SKU-1", "b", "uploads/" + tenant + "/SKU-1/a.jpg", List.of("amazon-main"), "generic", now);
        catalog().putItem(tenant, "SKU-0", List.of("etsy"), "generic", null, null, null, now);
        catalog().markRefined(tenant, "SKU-1", "s-1", now, "3", "fp");
        catalog().markRefined(tenant, "NOT-REGISTERED", "s-2", now, "3", "fp");
        CatalogItem item = catalog().findItem(tenant, "SKU-1").orElseThrow();
        assertThat(item.lastSessionId()).isEqualTo("s-1");
        assertThat(item.lastRefinedAt()).isEqualTo(now);
        assertThat(item.templateVersion()).isEqualTo("3");
        assertThat(item.presetFingerprint()).isEqualTo("fp");
        assertThat(catalog().findItem(tenant, "NOT-REGISTERED")).isEmpty();
        assertThat(catalog().items(tenant)).extracting(CatalogItem::sku).containsExactly("SKU-0", "SKU-1");
        assertThat(catalog().items(other)).isEmpty();
        assertThat(catalog().findItem(other, "SKU-1")).isEmpty();
    }

    @Test
    void aScanPagesThroughEveryTenantsItems() {
        for (int i = 0; i < 7; i++) {
            catalog().putItem(i % 2 == 0 ? tenant : other, "SKU-" + i, List.of("amazon-main"), "generic", null, null, null, now);
        }
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            CatalogStore.Page page = catalog().scanItems(cursor, 3);
            page.items().stream().filter(i -> i.tenant().equals(tenant) || i.tenant().equals(other))
                    .forEach(i -> assertThat(seen.add(i.tenant() + "/" + i.sku())).isTrue());
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null && pages < 1000);
        assertThat(seen).hasSize(7);
    }

    @Test
    void theFirstClaimOfAnUploadWinsAndLaterOnesGetItsRecord() throws Exception {
        String upload = UUID.randomUUID().toString();
        List<Callable<UploadLedger.Claim>> calls = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String sessionId = "s-" + i;
            calls.add(() -> ledger().claim(new UploadRecord(tenant, upload, "b", "uploads/k.jpg", "v1", sessionId, "exec-" + sessionId,
                    now, now.plusSeconds(90 * 86400))));
        }
        ExecutorService pool = Executors.newFixedThreadPool(storeSerialisesConditionalWrites() ? 5 : 1);
        List<UploadLedger.Claim> claims = new ArrayList<>();
        try {
            for (Future<UploadLedger.Claim> f : pool.invokeAll(calls)) {
                claims.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(claims).filteredOn(UploadLedger.Claim::first).hasSize(1);
        UploadRecord winner = claims.stream().filter(UploadLedger.Claim::first).findFirst().orElseThrow().record();
        assertThat(claims).allSatisfy(c -> assertThat(c.record()).isEqualTo(winner));
        assertThat(ledger().claim(new UploadRecord(other, upload, "b", "uploads/k.jpg", "v1", "x", "y", now, now)).first()).isTrue();
    }

    @Test
    void eventsComeBackOldestFirstPerSession() {
        events().append(new SessionEvent(tenant, "s-1", now.plusMillis(5), "b", Map.of("k", "2")));
        events().append(new SessionEvent(tenant, "s-1", now, "a", Map.of("k", "1")));
        events().append(new SessionEvent(tenant, "s-2", now, "c", Map.of()));
        assertThat(events().events(tenant, "s-1")).extracting(SessionEvent::type).containsExactly("a", "b");
        assertThat(events().events(tenant, "s-1").get(0).detail()).containsEntry("k", "1");
        assertThat(events().events(other, "s-1")).isEmpty();
    }
}
