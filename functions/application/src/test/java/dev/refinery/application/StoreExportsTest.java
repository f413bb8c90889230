package dev.refinery.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.refinery.application.ports.RefinementEvent;
import dev.refinery.application.ports.StoreConnector;
import dev.refinery.application.ports.StoreLogin;
import dev.refinery.application.ports.StorePush;
import dev.refinery.application.ports.memory.InMemorySessionEventLog;
import dev.refinery.application.ports.memory.InMemoryStoreLogins;
import dev.refinery.application.ports.memory.InMemoryStorePushes;
import dev.refinery.application.ports.memory.RecordingNotifier;
import dev.refinery.domain.Approval;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.InvalidInputException;
import dev.refinery.domain.NotFoundException;
import dev.refinery.domain.Session;
import dev.refinery.domain.SessionStatus;
import dev.refinery.domain.Source;
import dev.refinery.domain.Stage;
import dev.refinery.domain.TransientRefineryException;
import dev.refinery.domain.VersionSlot;
import dev.refinery.ports.memory.InMemoryImageStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The use case's own logic over a scripted connector (the connector's talk with Shopify is ShopifyConnectorTest's, and
 * the two together run through the API in ApiStoreExportMotoTest): which final goes, and that no retry adds a second image.
 */
class StoreExportsTest {
    /** A store in memory: products by SKU, media by id; can lose the answer of its next put after doing it. */
    static final class ScriptedStore implements StoreConnector {
        final Map<String, String> productBySku = new LinkedHashMap<>();
        final Map<String, String> mediaName = new LinkedHashMap<>();
        final Map<String, byte[]> mediaBytes = new LinkedHashMap<>();
        final List<String> calls = new ArrayList<>();
        boolean loseNextAnswer;
        int next = 1;

        @Override
        public String store() {
            return "shopify";
        }

        @Override
        public Optional<String> problemWithShop(String shop) {
            return shop.endsWith(".myshopify.com") ? Optional.empty() : Optional.of("not a store address");
        }

        @Override
        public String verify(StoreLogin login) {
            calls.add("verify");
            if (!login.token().startsWith("shpat_")) {
                throw new InvalidInputException("Shopify refused the access token", "reconnect");
            }
            return "Acme";
        }

        @Override
        public Product productForSku(StoreLogin login, String sku) {
            String p = productBySku.get(sku);
            if (p == null) {
                throw new NotFoundException("No product has SKU " + sku);
            }
            return new Product(p, "Acme mug");
        }

        @Override
        public Media put(StoreLogin login, String productId, MediaFile file, String replaceMediaId) {
            calls.add("put " + file.fileName() + (replaceMediaId == null ? "" : " over " + replaceMediaId));
            String id = replaceMediaId != null && mediaName.containsKey(replaceMediaId) ? replaceMediaId : "media-" + next++;
            if (!id.equals(replaceMediaId)) {
                mediaName.put(id, file.fileName());
            }
            mediaBytes.put(id, file.bytes());
            if (loseNextAnswer) {
                loseNextAnswer = false;
                throw new TransientRefineryException("no answer", null);
            }
            return new Media(id, StorePush.READY, null, id.equals(replaceMediaId));
        }

        @Override
        public void move(StoreLogin login, String productId, String mediaId, int position) {
            calls.add("move " + mediaId + " to " + position);
        }

        @Override
        public Optional<Media> find(StoreLogin login, String productId, String fileName) {
            calls.add("find " + fileName);
            return mediaName.entrySet().stream().filter(e -> e.getValue().equals(fileName)).findFirst()
                    .map(e -> new Media(e.getKey(), StorePush.READY, null, false));
        }

        @Override
        public Media status(StoreLogin login, String mediaId) {
            calls.add("status " + mediaId);
            return new Media(mediaId, mediaName.containsKey(mediaId) ? StorePush.READY : StorePush.FAILED, null, false);
        }
    }

    final InMemoryImageStore images = new InMemoryImageStore();
    final ScriptedStore store = new ScriptedStore();
    final InMemoryStorePushes pushes = new InMemoryStorePushes();
    final InMemorySessionEventLog events = new InMemorySessionEventLog();
    final RecordingNotifier notifier = new RecordingNotifier();
    final StoreExports exports = new StoreExports(List.of(store), new InMemoryStoreLogins(), pushes, images, events, notifier,
            Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC));
    final List<ImageVersion> versions = new ArrayList<>();

    ImageVersion stored(String session, int n, String preset, String content) {
        String key = "sessions/acme/" + session + "/v" + n + "-finalize-" + preset + ".jpg";
        images.put(key, content.getBytes(StandardCharsets.UTF_8), "image/jpeg", Map.of("kind", "kept"));
        ImageVersion v = new ImageVersion("acme", session, n, n - 1, new VersionSlot(0, 0, Stage.FINALIZE, preset), "classic", key, "image/jpeg",
                null, Map.of(), Map.of(), 1, 0, Approval.APPROVED, null, Instant.EPOCH, false);
        versions.add(v);
        return v;
    }

    static Session session(String id, String sku, Map<String, Integer> finals) {
        return new Session("acme", id, sku, Source.upload("b", "uploads/acme/" + sku + "/p.jpg", null), List.copyOf(finals.keySet()), "classic",
                null, Map.of(), SessionStatus.COMPLETED, null, 0, 5, finals, 3, Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void connectingChecksTheTokenAndTheAddressAndKeepsNeitherWhenRefused() {
        assertThatThrownBy(() -> exports.connect("acme", "shopify", "shop.acme.com", "shpat_1", false)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not a store address");
        assertThatThrownBy(() -> exports.connect("acme", "shopify", "acme.myshopify.com", "wrong", false)).isInstanceOf(InvalidInputException.class);
        assertThat(exports.connections("acme")).isEmpty();
        StoreExports.Connection c = exports.connect("acme", "shopify", " Acme.MyShopify.com ", "shpat_1", false);
        assertThat(c.shop()).isEqualTo("acme.myshopify.com");
        assertThat(c.name()).isEqualTo("Acme");
        assertThat(exports.connections("acme")).extracting(StoreExports.Connection::shop).containsExactly("acme.myshopify.com");
        assertThat(exports.connections("other-tenant")).isEmpty();
        assertThatThrownBy(() -> exports.connect("acme", "etsy", "x", "y", false)).isInstanceOf(NotFoundException.class).hasMessageContaining("etsy");
        exports.disconnect("acme", "shopify");
        assertThat(exports.connections("acme")).isEmpty();
    }

    @Test
    void pushesTheShopifyFinalOnceAndReplacesItInPlaceWhenANewerOneComes() {
        exports.connect("acme", "shopify", "acme.myshopify.com", "shpat_1", false);
        store.productBySku.put("MUG-7", "product-1");
        stored("s1", 5, "amazon-main", "amazon bytes");
        stored("s1", 6, "shopify-square", "square bytes");
        Session s = session("s1", "MUG-7", Map.of("amazon-main", 5, "shopify-square", 6));

        StoreExports.Pushed first = exports.push(s, versions, "shopify", null).files().get(0);
        assertThat(first.preset()).isEqualTo("shopify-square");
        assertThat(first.action()).isEqualTo("added");
        assertThat(first.fileName()).startsWith("MUG-7-shopify-square-").endsWith(".jpg");
        assertThat(new String(store.mediaBytes.get(first.mediaId()), StandardCharsets.UTF_8)).isEqualTo("square bytes");
        assertThat(events.events("acme", "s1")).extracting(e -> e.type()).contains(StoreExports.PUSHED);
        assertThat(notifier.events()).extracting(RefinementEvent::detailType).contains(RefinementEvent.SENT_TO_STORE);

        // the same bytes again: nothing sent, nothing announced
        int calls = store.calls.size();
        int announced = notifier.events().size();
        assertThat(exports.push(s, versions, "shopify", null).files().get(0).action()).isEqualTo("unchanged");
        assertThat(store.calls).hasSize(calls);
        assertThat(notifier.events()).hasSize(announced);

        // the seller approved another square rendition: the same media gets the new bytes
        stored("s1", 9, "shopify-square", "newer square bytes");
        Session newer = session("s1", "MUG-7", Map.of("amazon-main", 5, "shopify-square", 9));
        StoreExports.Pushed replaced = exports.push(newer, versions, "shopify", null).files().get(0);
        assertThat(replaced.action()).isEqualTo("replaced");
        assertThat(replaced.mediaId()).isEqualTo(first.mediaId());
        assertThat(store.mediaName).hasSize(1);
        assertThat(pushes.find("acme", "shopify", "MUG-7", "shopify-square")).get().satisfies(p -> {
            assertThat(p.version()).isEqualTo(9);
            assertThat(p.status()).isEqualTo(StorePush.READY);
        });
        // another preset is its own image, moved first when asked
        StoreExports.Pushed second = exports.push(newer, versions, "shopify", "amazon-main", 1).files().get(0);
        assertThat(second.action()).isEqualTo("added");
        assertThat(store.calls).last().isEqualTo("move " + second.mediaId() + " to 1");
        assertThatThrownBy(() -> exports.push(newer, versions, "shopify", "amazon-main", 0)).isInstanceOf(InvalidInputException.class);
        assertThat(store.mediaName).hasSize(2);
    }

    @Test
    void aCompletedSessionGoesByItselfIntoAStoreConnectedWithAutoPushAndARefusalIsRecordedNotThrown() {
        stored("s1", 6, "shopify-square", "square bytes");
        Session completed = session("s1", "MUG-7", Map.of("shopify-square", 6));
        store.productBySku.put("MUG-7", "product-1");
        // connected without autoPush: nothing happens after publish
        exports.connect("acme", "shopify", "acme.myshopify.com", "shpat_1", false);
        exports.afterPublish(completed, () -> versions);
        assertThat(store.mediaName).isEmpty();
        exports.connect("acme", "shopify", "acme.myshopify.com", "shpat_1", true);
        assertThat(exports.connections("acme")).singleElement().extracting(StoreExports.Connection::autoPush).isEqualTo(true);
        // a session the check held for review is not pushed: the seller has not seen it
        Session review = new Session("acme", "s1", "MUG-7", completed.source(), completed.presets(), "classic", null, Map.of(),
                SessionStatus.NEEDS_REVIEW, "held", 0, 5, Map.of("shopify-square", 6), 3, Instant.EPOCH, Instant.EPOCH);
        exports.afterPublish(review, () -> versions);
        assertThat(store.mediaName).isEmpty();
        exports.afterPublish(completed, () -> versions);
        assertThat(store.mediaName).hasSize(1);
        // a SKU the store does not have: the session keeps its status, its history says why
        stored("s2", 6, "shopify-square", "other bytes");
        exports.afterPublish(session("s2", "CUP-1", Map.of("shopify-square", 6)), () -> versions);
        assertThat(events.events("acme", "s2")).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(StoreExports.PUSH_REFUSED);
            assertThat(e.detail().get("reason")).contains("CUP-1");
        });
    }

    @Test
    void aPushWhoseAnswerWasLostIsFoundNotSentAgain() {
        exports.connect("acme", "shopify", "acme.myshopify.com", "shpat_1", false);
        store.productBySku.put("MUG-7", "product-1");
        stored("s1", 6, "shopify-square", "square bytes");
        Session s = session("s1", "MUG-7", Map.of("shopify-square", 6));
        store.loseNextAnswer = true;
        assertThatThrownBy(() -> exports.push(s, versions, "shopify", null)).isInstanceOf(TransientRefineryException.class);
        assertThat(pushes.find("acme", "shopify", "MUG-7", "shopify-square")).get().extracting(StorePush::status).isEqualTo(StorePush.PENDING);
        // the retry (the seller's, or the API client's after a 503) finds the file by its name instead of adding a second
        StoreExports.Pushed retried = exports.push(s, versions, "shopify", null).files().get(0);
        assertThat(retried.action()).isEqualTo("recovered");
        assertThat(store.mediaName).hasSize(1);
        assertThat(store.calls.stream().filter(c -> c.startsWith("put")).count()).isEqualTo(1);
    }

    @Test
    void saysWhatIsMissingBeforeSendingAnything() {
        stored("s1", 6, "shopify-square", "square bytes");
        Session s = session("s1", "MUG-7", Map.of("shopify-square", 6));
        assertThatThrownBy(() -> exports.push(s, versions, "shopify", null)).isInstanceOf(NotFoundException.class)
                .satisfies(e -> assertThat(((NotFoundException) e).hint()).contains("PUT /stores/shopify"));
        exports.connect("acme", "shopify", "acme.myshopify.com", "shpat_1", false);
        assertThatThrownBy(() -> exports.push(session("s1", null, Map.of("shopify-square", 6)), versions, "shopify", null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("no SKU");
        stored("s1", 7, "etsy", "etsy bytes");
        stored("s1", 8, "ebay", "ebay bytes");
        assertThatThrownBy(() -> exports.push(session("s1", "MUG-7", Map.of("etsy", 7, "ebay", 8)), versions, "shopify", null))
                .isInstanceOf(InvalidInputException.class).satisfies(e -> assertThat(((InvalidInputException) e).hint()).contains("preset"));
        assertThatThrownBy(() -> exports.push(s, versions, "shopify", "walmart")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("no final of walmart");
        assertThatThrownBy(() -> exports.push(s, versions, "shopify", null)).isInstanceOf(NotFoundException.class).hasMessageContaining("SKU MUG-7");
        assertThat(store.calls).noneMatch(c -> c.startsWith("put"));
    }
}
