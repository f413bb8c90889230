package dev.refinery.stores.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.refinery.application.ports.StoreConnector;
import dev.refinery.application.ports.StoreLogin;
import dev.refinery.application.ports.StorePush;
import dev.refinery.domain.ConflictException;
import dev.refinery.domain.InvalidInputException;
import dev.refinery.domain.NotFoundException;
import dev.refinery.testkit.FakeShopify;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Shopify connector against the strict fake: each step of a media export, and each failure Shopify can answer. */
class ShopifyConnectorTest {
    static final String SHOP = "acme.myshopify.com", TOKEN = "shpat_0123456789abcdef";
    /** A JPEG's first bytes are enough for the fake's processing (it checks the format, not the pixels). */
    static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 1, 2, 3, 4, 5, (byte) 0xff, (byte) 0xd9};
    static final byte[] JPEG2 = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 9, 9, 9, (byte) 0xff, (byte) 0xd9};

    FakeShopify shopify;
    ShopifyConnector connector;
    final List<Duration> waits = new ArrayList<>();
    final StoreLogin login = new StoreLogin("t1", "shopify", SHOP, TOKEN, Instant.parse("2026-12-07T10:00:00Z"), false);

    @BeforeEach
    void start() throws Exception {
        shopify = new FakeShopify();
        shopify.addShop(SHOP, "Acme Mugs", TOKEN);
        connector = new ShopifyConnector(HttpClient.newHttpClient(), shop -> shopify.endpoint(shop, ShopifyConnector.API_VERSION), waits::add,
                Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        shopify.close();
    }

    StoreConnector.MediaFile file(String name, byte[] bytes) {
        return new StoreConnector.MediaFile(name, "image/jpeg", bytes, "Acme mug");
    }

    @Test
    void verifiesTheTokenAndRefusesAWrongOne() {
        assertThat(connector.verify(login)).isEqualTo("Acme Mugs");
        StoreLogin wrong = new StoreLogin("t1", "shopify", SHOP, "shpat_wrong", login.connectedAt(), false);
        assertThatThrownBy(() -> connector.verify(wrong)).isInstanceOf(InvalidInputException.class).hasMessageContaining("HTTP 401")
                .satisfies(e -> assertThat(((InvalidInputException) e).hint()).contains("reconnect"));
        assertThat(connector.problemWithShop("acme.myshopify.com")).isEmpty();
        assertThat(connector.problemWithShop("shop.acme.com")).get().asString().contains("myshopify.com");
        assertThat(connector.problemWithShop("evil.com/acme.myshopify.com")).isPresent();
    }

    @Test
    void findsTheProductByItsVariantsExactSku() {
        String mug = shopify.addProduct(SHOP, "MUG-7", "MUG-7-XL");
        shopify.addProduct(SHOP, "MUG-70");
        assertThat(connector.productForSku(login, "MUG-7")).isEqualTo(new StoreConnector.Product(mug, "Product MUG-7 / MUG-7-XL"));
        assertThatThrownBy(() -> connector.productForSku(login, "CUP-1")).isInstanceOf(NotFoundException.class).hasMessageContaining("CUP-1");
        shopify.addProduct(SHOP, "MUG-7");
        assertThatThrownBy(() -> connector.productForSku(login, "MUG-7")).isInstanceOf(ConflictException.class).hasMessageContaining("2 products");
    }

    @Test
    void addsAnImageThroughAStagedUploadAndWaitsUntilItIsReady() {
        String mug = shopify.addProduct(SHOP, "MUG-7");
        shopify.processingReads(3);
        StoreConnector.Media m = connector.put(login, mug, file("MUG-7-shopify-square-abc.jpg", JPEG), null);
        assertThat(m.status()).isEqualTo(StorePush.READY);
        assertThat(m.replaced()).isFalse();
        List<FakeShopify.Media> media = shopify.media(SHOP, mug);
        assertThat(media).singleElement().satisfies(x -> {
            assertThat(x.id()).isEqualTo(m.mediaId());
            assertThat(x.bytes()).isEqualTo(JPEG);
            assertThat(x.fileName()).isEqualTo("MUG-7-shopify-square-abc.jpg");
        });
        assertThat(shopify.operations()).containsSubsequence("stagedUploadsCreate", "productUpdate", "node").doesNotContain("productCreateMedia");
        assertThat(connector.find(login, mug, "MUG-7-shopify-square-abc.jpg")).get().extracting(StoreConnector.Media::mediaId).isEqualTo(m.mediaId());
    }

    @Test
    void replacesTheSameMediaInPlace() {
        String mug = shopify.addProduct(SHOP, "MUG-7");
        StoreConnector.Media first = connector.put(login, mug, file("a.jpg", JPEG), null);
        StoreConnector.Media second = connector.put(login, mug, file("b.jpg", JPEG2), first.mediaId());
        assertThat(second.mediaId()).isEqualTo(first.mediaId());
        assertThat(second.replaced()).isTrue();
        assertThat(second.status()).isEqualTo(StorePush.READY);
        assertThat(shopify.media(SHOP, mug)).singleElement().satisfies(x -> assertThat(x.bytes()).isEqualTo(JPEG2));
        assertThat(shopify.operations()).contains("fileUpdate");
    }

    @Test
    void movesTheImageToTheProductsFirstPlace() {
        String mug = shopify.addProduct(SHOP, "MUG-7");
        String own = shopify.addImage(SHOP, mug, "sellers-own.jpg", JPEG2);
        StoreConnector.Media m = connector.put(login, mug, file("a.jpg", JPEG), null);
        assertThat(shopify.media(SHOP, mug)).extracting(FakeShopify.Media::id).containsExactly(own, m.mediaId());
        connector.move(login, mug, m.mediaId(), 1);
        assertThat(shopify.media(SHOP, mug)).extracting(FakeShopify.Media::id).containsExactly(m.mediaId(), own);
        assertThatThrownBy(() -> connector.move(login, mug, "gid://shopify/MediaImage/1", 1)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("does not exist on the product");
    }

    @Test
    void addsAgainWhenTheSellerDeletedTheMediaInShopify() {
        String mug = shopify.addProduct(SHOP, "MUG-7");
        StoreConnector.Media first = connector.put(login, mug, file("a.jpg", JPEG), null);
        shopify.deleteMedia(SHOP, mug, first.mediaId());
        StoreConnector.Media again = connector.put(login, mug, file("b.jpg", JPEG2), first.mediaId());
        assertThat(again.replaced()).isFalse();
        assertThat(again.mediaId()).isNotEqualTo(first.mediaId());
        assertThat(shopify.media(SHOP, mug)).hasSize(1);
    }

    @Test
    void waitsOutThrottlingByTheBucketsRestoreRate() {
        String mug = shopify.addProduct(SHOP, "MUG-7");
        shopify.fail("productUpdate", FakeShopify.Failure.THROTTLE, 2);
        shopify.fail("stagedUploadsCreate", FakeShopify.Failure.TOO_MANY, 1);
        StoreConnector.Media m = connector.put(login, mug, file("a.jpg", JPEG), null);
        assertThat(m.status()).isEqualTo(StorePush.READY);
        assertThat(shopify.media(SHOP, mug)).hasSize(1);
        // 429's Retry-After 0.1 s, then twice the bucket's wait: (requested 20 − available) / 100 a second, floored at 50 ms
        assertThat(waits).contains(Duration.ofMillis(100));
        assertThat(waits).filteredOn(w -> w.compareTo(ShopifyConnector.MAX_WAIT) <= 0).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void aRealBucketRunDryIsWaitedOutToo() {
        String mug = shopify.addProduct(SHOP, "MUG-7");
        // a bucket of 300 restoring 2000 a second: the product's media list (cost 251) leaves too little for the next call
        shopify.bucket(300, 2000);
        ShopifyConnector sleeping = ShopifyConnector.toShopify(HttpClient.newHttpClient());
        sleeping = new ShopifyConnector(HttpClient.newHttpClient(), shop -> shopify.endpoint(shop, ShopifyConnector.API_VERSION), d -> {
            waits.add(d);
            try {
                Thread.sleep(d.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, Duration.ofSeconds(5));
        assertThat(sleeping.put(login, mug, file("a.jpg", JPEG), null).status()).isEqualTo(StorePush.READY);
        assertThat(shopify.media(SHOP, mug)).hasSize(1);
        assertThat(waits).isNotEmpty();
    }

    @Test
    void aLostAnswerToTheAttachIsNotSentTwice() {
        String mug = shopify.addProduct(SHOP, "MUG-7");
        shopify.fail("productUpdate", FakeShopify.Failure.DROP_AFTER, 1);
        StoreConnector.Media m = connector.put(login, mug, file("a.jpg", JPEG), null);
        assertThat(shopify.media(SHOP, mug)).singleElement().satisfies(x -> assertThat(x.id()).isEqualTo(m.mediaId()));
        // the answer never came: the connector looked at the product's media instead of sending the attach again
        assertThat(shopify.operations()).containsExactly("stagedUploadsCreate", "product", "productUpdate", "product", "node");

        String cup = shopify.addProduct(SHOP, "CUP-1");
        shopify.fail("productUpdate", FakeShopify.Failure.ERROR_AFTER, 1);
        connector.put(login, cup, file("c.jpg", JPEG), null);
        assertThat(shopify.media(SHOP, cup)).hasSize(1);

        String pot = shopify.addProduct(SHOP, "POT-1");
        shopify.fail("productUpdate", FakeShopify.Failure.ERROR_BEFORE, 1);
        connector.put(login, pot, file("p.jpg", JPEG), null);
        assertThat(shopify.media(SHOP, pot)).hasSize(1);
        assertThat(shopify.operations().stream().filter("productUpdate"::equals).count()).isEqualTo(4); // drop, 500 after, 500 before + retry
    }

    @Test
    void aFileShopifyCannotProcessEndsFailedWithItsReason() {
        String mug = shopify.addProduct(SHOP, "MUG-7");
        StoreConnector.Media m = connector.put(login, mug, new StoreConnector.MediaFile("x.jpg", "image/jpeg", "not an image".getBytes(), "x"), null);
        assertThat(m.status()).isEqualTo(StorePush.FAILED);
        assertThat(m.detail()).contains("IMAGE_PROCESSING_FAILURE");
    }

    @Test
    void anImageShopifyCouldNotProcessIsReplacedByRemovingItAndAddingTheNewOne() {
        String mug = shopify.addProduct(SHOP, "MUG-7");
        StoreConnector.Media broken = connector.put(login, mug, new StoreConnector.MediaFile("x.jpg", "image/jpeg", "not an image".getBytes(), "x"), null);
        assertThat(broken.status()).isEqualTo(StorePush.FAILED);
        StoreConnector.Media good = connector.put(login, mug, file("b.jpg", JPEG), broken.mediaId());
        assertThat(good.status()).isEqualTo(StorePush.READY);
        assertThat(good.replaced()).isFalse();
        assertThat(shopify.media(SHOP, mug)).singleElement().satisfies(m -> assertThat(m.id()).isEqualTo(good.mediaId()));
        assertThat(shopify.operations()).contains("fileDelete").doesNotContain("fileUpdate");
    }

    @Test
    void aMissingScopeOrAnUnknownFieldIsTheSellersOrOursToFixNotRetried() {
        assertThatThrownBy(() -> connector.call(login, "query { orders(first: 1) { nodes { id } } }", java.util.Map.of(), true))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("orders");
        assertThatThrownBy(() -> connector.call(login, "mutation ($x: ID!) { productCreateMedia(productId: $x) { media { id } } }",
                java.util.Map.of("x", "gid://shopify/Product/1"), true)).isInstanceOf(InvalidInputException.class).hasMessageContaining("deprecated");
        // a variable the query does not declare is refused, as Shopify does
        assertThatThrownBy(() -> connector.call(login, "query { shop { name } }", java.util.Map.of("extra", 1), true))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not declared");
    }
}
