package dev.refinery.application.ports;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link StorePushes} adapter must do. Tenants are random per test, so one adapter may serve the class. */
public abstract class StorePushesContract {
    protected abstract StorePushes pushes();

    private StorePushes pushes;
    private String tenant;
    private final Instant t0 = Instant.parse("2026-12-07T10:00:00Z");

    @BeforeEach
    void fresh() {
        pushes = pushes();
        tenant = "t-" + UUID.randomUUID();
    }

    private StorePush pending(String sku, String slot) {
        return new StorePush(tenant, "shopify", sku, slot, "s1", 6, "ab".repeat(32), sku + "-" + slot + "-abababababab.jpg", "gid://shopify/Product/1",
                null, StorePush.PENDING, null, t0);
    }

    @Test
    void aPushComesBackAsWrittenAndIsReplacedByTheNextOfItsSlot() {
        assertThat(pushes.find(tenant, "shopify", "MUG-7", "shopify-square")).isEmpty();
        StorePush p = pending("MUG-7", "shopify-square");
        pushes.put(p);
        assertThat(pushes.find(tenant, "shopify", "MUG-7", "shopify-square")).contains(p);
        StorePush ready = p.with("gid://shopify/Product/1", "gid://shopify/MediaImage/9", StorePush.READY, "processed", t0.plusSeconds(5));
        pushes.put(ready);
        assertThat(pushes.find(tenant, "shopify", "MUG-7", "shopify-square")).contains(ready);
        assertThat(pushes.ofSku(tenant, "shopify", "MUG-7")).containsExactly(ready);
    }

    @Test
    void slotsSkusStoresAndTenantsAreApart() {
        pushes.put(pending("MUG-7", "shopify-square"));
        pushes.put(pending("MUG-7", "brand-site"));
        pushes.put(pending("MUG-70", "shopify-square"));
        // a SKU that is another's prefix, or has the key's separators in it, is still its own
        pushes.put(pending("MUG#7", "shopify-square"));
        assertThat(pushes.ofSku(tenant, "shopify", "MUG-7")).extracting(StorePush::slot).containsExactly("brand-site", "shopify-square");
        assertThat(pushes.ofSku(tenant, "shopify", "MUG#7")).hasSize(1);
        assertThat(pushes.find(tenant, "etsy", "MUG-7", "shopify-square")).isEmpty();
        assertThat(pushes.find("t-" + UUID.randomUUID(), "shopify", "MUG-7", "shopify-square")).isEmpty();
        assertThat(pushes.ofSku("t-" + UUID.randomUUID(), "shopify", "MUG-7")).isEmpty();
    }
}
