package dev.refinery.application.ports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.refinery.domain.BrandKit;
import dev.refinery.domain.ConflictException;
import dev.refinery.domain.ImageFormat;
import dev.refinery.ports.BrandKits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link BrandKits} adapter must do. Tenants are random per test, so one adapter may serve the class. */
public abstract class BrandKitsContract {
    protected abstract BrandKits kits();

    /**
     * Whether the store behind the adapter applies a conditional write atomically, as DynamoDB documents. moto_server
     * races concurrent requests (see PatternLibraryContract), so its run makes the same writes one after another.
     */
    protected boolean storeSerialisesWrites() {
        return true;
    }

    private BrandKits kits;
    private String tenant;
    private final Instant t0 = Instant.parse("2026-12-01T10:00:00Z");

    @BeforeEach
    void fresh() {
        kits = kits();
        tenant = "t-" + UUID.randomUUID();
    }

    private BrandKit first() {
        return new BrandKit(tenant, 1, 0xF4EFE6, 0.08, 2048, ImageFormat.JPEG, true, false, t0);
    }

    @Test
    void versionsAreKeptAndTheNewestIsCurrent() {
        assertThat(kits.current(tenant)).isEmpty();
        assertThat(kits.history(tenant)).isEmpty();
        BrandKit v1 = kits.add(first());
        BrandKit v2 = kits.add(new BrandKit(tenant, 2, 0x112233, 0.12, 1600, ImageFormat.PNG, false, true, 12.5, t0.plusSeconds(60)));
        assertThat(kits.current(tenant)).contains(v2);
        assertThat(kits.version(tenant, 1)).contains(v1);
        assertThat(kits.version(tenant, 3)).isEmpty();
        assertThat(kits.history(tenant)).containsExactly(v2, v1);
        // every field comes back as written
        BrandKit back = kits.version(tenant, 2).orElseThrow();
        assertThat(back.background()).isEqualTo(0x112233);
        assertThat(back.margin()).isEqualTo(0.12);
        assertThat(back.canvas()).isEqualTo(1600);
        assertThat(back.format()).isEqualTo(ImageFormat.PNG);
        assertThat(back.shadow()).isFalse();
        assertThat(back.autoExport()).isTrue();
        assertThat(back.pixelsPerCm()).isEqualTo(12.5);
        assertThat(kits.version(tenant, 1).orElseThrow().pixelsPerCm()).isZero();
        assertThat(back.updatedAt()).isEqualTo(t0.plusSeconds(60));
        assertThat(back.fileNaming()).as("the default").isEqualTo(BrandKit.DEFAULT_FILE_NAMING);
        BrandKit v3 = kits.add(new BrandKit(tenant, 3, 0x112233, 0.12, 1600, ImageFormat.PNG, false, true, 12.5, t0.plusSeconds(120),
                "acme_{sku}_{preset}_v{version}"));
        assertThat(kits.version(tenant, 3).orElseThrow().fileNaming()).isEqualTo(v3.fileNaming());
    }

    @Test
    void aVersionIsWrittenOnceAndOnlyAfterItsPredecessor() {
        kits.add(first());
        assertThatThrownBy(() -> kits.add(first())).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> kits.add(new BrandKit(tenant, 3, 0, 0.08, 2048, ImageFormat.JPEG, false, false, t0)))
                .isInstanceOf(ConflictException.class);
        assertThat(kits.history(tenant)).hasSize(1);
    }

    @Test
    void tenantsAreApart() {
        kits.add(first());
        assertThat(kits.current(tenant + "-other")).isEmpty();
        assertThat(kits.version(tenant + "-other", 1)).isEmpty();
        assertThat(kits.history(tenant + "-other")).isEmpty();
    }

    @Test
    void ofTwoEditorsWritingTheSameVersionOneWins() throws Exception {
        kits.add(first());
        ExecutorService pool = Executors.newFixedThreadPool(storeSerialisesWrites() ? 4 : 1);
        List<Future<Boolean>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int colour = i;
            calls.add(pool.submit(() -> {
                try {
                    kits.add(new BrandKit(tenant, 2, colour, 0.08, 2048, ImageFormat.JPEG, false, false, t0));
                    return true;
                } catch (ConflictException lost) {
                    return false;
                }
            }));
        }
        int won = 0;
        for (Future<Boolean> f : calls) {
            won += f.get() ? 1 : 0;
        }
        pool.shutdown();
        assertThat(won).isEqualTo(1);
        assertThat(kits.history(tenant)).hasSize(2);
    }
}
