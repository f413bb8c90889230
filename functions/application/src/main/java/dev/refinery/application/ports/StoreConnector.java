package dev.refinery.application.ports;

import java.util.Optional;

/**
 * One kind of online store Refinery puts finals into (Shopify). The connector speaks the store's API; what was sent is
 * recorded by the caller ({@link StorePushes}), so the connector keeps no state.
 *
 * <p>Errors: {@link dev.refinery.domain.InvalidInputException} for credentials the store refuses and files it rejects,
 * {@link dev.refinery.domain.NotFoundException} when no product has the SKU, {@link dev.refinery.domain.ConflictException}
 * when more than one has it, {@link dev.refinery.domain.TransientRefineryException} when the store is busy or down after
 * the connector's own retries.
 */
public interface StoreConnector {
    /** The connector's id in routes and records, e.g. {@code shopify}. */
    String store();

    /** Whether {@code shop} is an address of this kind of store; the answer says what is wrong, or is empty. */
    Optional<String> problemWithShop(String shop);

    /** Signs in with the login and answers the store's name: a check that the token works before it is kept. */
    String verify(StoreLogin login);

    /** The product whose variant has the SKU. */
    Product productForSku(StoreLogin login, String sku);

    /** A product in the store: its id and its title (the image's alt text names the product, as a shopper reads it). */
    record Product(String id, String title) {
    }

    /**
     * Puts the file on the product: replacing the media {@code replaceMediaId} in place when given (and still there),
     * else adding a new one. Waits a bounded time for the store to process it.
     */
    Media put(StoreLogin login, String productId, MediaFile file, String replaceMediaId);

    /** Moves the media to {@code position} (1: the product's first, featured image) among the product's media. */
    void move(StoreLogin login, String productId, String mediaId, int position);

    /** The product's media uploaded under {@code fileName}, if any (finds a push whose answer was lost). */
    Optional<Media> find(StoreLogin login, String productId, String fileName);

    /** The media's state now. */
    Media status(StoreLogin login, String mediaId);

    /** A file to put on a product: its name in the store, its type, its bytes and its alt text. */
    record MediaFile(String fileName, String contentType, byte[] bytes, String alt) {
    }

    /**
     * A media of a product in the store.
     *
     * @param status {@link StorePush#PROCESSING}, {@link StorePush#READY} or {@link StorePush#FAILED}
     * @param replaced whether an existing media was replaced in place (false: added)
     */
    record Media(String mediaId, String status, String detail, boolean replaced) {
    }
}
