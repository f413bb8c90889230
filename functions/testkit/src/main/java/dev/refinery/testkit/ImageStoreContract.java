package dev.refinery.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.refinery.domain.NotFoundException;
import dev.refinery.ports.ImageStore;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ImageStore} adapter must do. Keys are random per test, so one store may serve the class. */
public abstract class ImageStoreContract {
    protected abstract ImageStore store();

    private ImageStore store;
    private String prefix;

    @BeforeEach
    void fresh() {
        store = store();
        prefix = "sessions/" + UUID.randomUUID() + "/";
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void putThenGetReturnsTheExactBytes() {
        byte[] data = bytes(200_000, 1);
        store.put(prefix + "v1-base.png", data, "image/png", Map.of("kind", "base"));
        assertThat(store.get(prefix + "v1-base.png")).isEqualTo(data);
        assertThat(store.exists(prefix + "v1-base.png")).isTrue();
    }

    @Test
    void putReplacesWhatWasThere() {
        store.put(prefix + "v2-lighting.png", bytes(10, 1), "image/png", Map.of("kind", "intermediate"));
        store.put(prefix + "v2-lighting.png", bytes(20, 2), "image/png", Map.of("kind", "intermediate"));
        assertThat(store.get(prefix + "v2-lighting.png")).isEqualTo(bytes(20, 2));
    }

    @Test
    void missingObjectsAreNotFound() {
        assertThat(store.exists(prefix + "nothing.png")).isFalse();
        assertThatThrownBy(() -> store.get(prefix + "nothing.png")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void keysAreStoredVerbatimSpacesPlusAndUnicodeIncluded() {
        String key = "uploads/t1/SKU 1/photo+one é.jpg";
        String unique = key.replace("t1", "t1-" + UUID.randomUUID());
        store.put(unique, bytes(5, 3), "image/jpeg", Map.of());
        assertThat(store.get(unique)).isEqualTo(bytes(5, 3));
        assertThat(store.exists(unique.replace("+", " "))).isFalse();
    }

    @Test
    void emptyObjectsRoundTrip() {
        store.put(prefix + "empty.bin", new byte[0], "application/octet-stream", Map.of());
        assertThat(store.get(prefix + "empty.bin")).isEmpty();
    }

    @Test
    void retaggingReplacesTheTagsAndKeepsTheBytes() {
        // a version the seller keeps leaves the lifecycle rule that expires intermediates
        store.put(prefix + "v3-background.png", bytes(50, 4), "image/png", Map.of("kind", "intermediate"));
        assertThat(store.tags(prefix + "v3-background.png")).isEqualTo(Map.of("kind", "intermediate"));
        store.tag(prefix + "v3-background.png", Map.of("kind", "kept"));
        assertThat(store.tags(prefix + "v3-background.png")).isEqualTo(Map.of("kind", "kept"));
        assertThat(store.get(prefix + "v3-background.png")).isEqualTo(bytes(50, 4));
    }

    @Test
    void taggingAMissingObjectIsNotFound() {
        assertThatThrownBy(() -> store.tag(prefix + "expired.png", Map.of("kind", "kept"))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> store.tags(prefix + "expired.png")).isInstanceOf(NotFoundException.class);
    }
}
