package dev.refinery.application;

import dev.refinery.application.ports.CompletionNotifier;
import dev.refinery.application.ports.RefinementEvent;
import dev.refinery.application.ports.SessionEvent;
import dev.refinery.application.ports.SessionEventLog;
import dev.refinery.application.ports.StoreConnector;
import dev.refinery.application.ports.StoreLogin;
import dev.refinery.application.ports.StoreLogins;
import dev.refinery.application.ports.StorePush;
import dev.refinery.application.ports.StorePushes;
import dev.refinery.domain.BrandKit;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.InvalidInputException;
import dev.refinery.domain.NotFoundException;
import dev.refinery.domain.Session;
import dev.refinery.ports.ImageStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A session's finals put straight into the seller's online store (issue 17, "Export"): the tenant connects a store once
 * (its credentials checked against the store, then kept as a secret), and each export puts one final on the product
 * whose variant has the session's SKU.
 *
 * <p>No duplicates, whatever fails when: each push is recorded ({@link StorePushes}) with the final's SHA-256 and the
 * store's media id. The same bytes again send nothing ({@code unchanged}); a newer final replaces the same media in
 * place ({@code replaced}); a push whose answer was lost (the function stopped after the store took the file) is
 * recorded {@code PENDING} first, and the retry finds the file on the product by its name, which carries the hash,
 * instead of adding it again ({@code recovered}).
 */
public final class StoreExports {
    public static final String PUSHED = "pushed-to-store", PUSH_REFUSED = "store-push-refused";
    /** A SKU's image per preset: the store keeps one image of a product per slot. */
    static final List<String> PREFERRED_SLOTS = List.of("shopify-square", BrandKit.PRESET);

    private final Map<String, StoreConnector> connectors;
    private final StoreLogins logins;
    private final StorePushes pushes;
    private final ImageStore images;
    private final SessionEventLog events;
    private final CompletionNotifier notifier;
    private final Clock clock;

    public StoreExports(List<StoreConnector> connectors, StoreLogins logins, StorePushes pushes, ImageStore images,
                        SessionEventLog events, CompletionNotifier notifier, Clock clock) {
        this.connectors = connectors.stream().collect(Collectors.toUnmodifiableMap(StoreConnector::store, Function.identity()));
        this.logins = logins;
        this.pushes = pushes;
        this.images = images;
        this.events = events;
        this.notifier = notifier;
        this.clock = clock;
    }

    /** A connected store as the API shows it (never the token). */
    public record Connection(String store, String shop, String name, Instant connectedAt, boolean autoPush) {
    }

    /** Checks the credentials against the store, then keeps them (replacing the tenant's earlier ones for that store). */
    public Connection connect(String tenant, String store, String shop, String token, boolean autoPush) {
        StoreConnector c = connector(store);
        if (shop == null || shop.isBlank()) {
            throw new InvalidInputException("No shop given", "send shop, the store's address (for Shopify: your-store.myshopify.com)");
        }
        String address = shop.trim().toLowerCase(Locale.ROOT);
        c.problemWithShop(address).ifPresent(p -> {
            throw new InvalidInputException(p, "send shop as your store's own address (for Shopify: your-store.myshopify.com, not a custom domain)");
        });
        if (token == null || token.isBlank()) {
            throw new InvalidInputException("No access token given", "send accessToken: in Shopify, Settings > Apps > Develop apps, create an app "
                    + "with the read_products and write_products scopes, install it, and copy its Admin API access token");
        }
        StoreLogin login = new StoreLogin(tenant, store, address, token.trim(), clock.instant(), autoPush);
        String name = c.verify(login);
        logins.save(login);
        return new Connection(store, address, name, login.connectedAt(), autoPush);
    }

    /** The tenant's connected stores. */
    public List<Connection> connections(String tenant) {
        List<Connection> out = new ArrayList<>();
        for (String store : new TreeMap<>(connectors).keySet()) {
            logins.find(tenant, store).ifPresent(l -> out.add(new Connection(store, l.shop(), null, l.connectedAt(), l.autoPush())));
        }
        return out;
    }

    /** Forgets the tenant's credentials for the store (what was pushed stays in the store). */
    public void disconnect(String tenant, String store) {
        connector(store);
        logins.remove(tenant, store);
    }

    /**
     * One final of a push.
     *
     * @param action {@code added}, {@code replaced} (the same media, new bytes), {@code unchanged} (the store has these
     *     bytes) or {@code recovered} (an earlier push whose answer was lost had put it there)
     * @param status the store's state of the media: {@code READY}, {@code PROCESSING} or {@code FAILED}
     */
    public record Pushed(String preset, int version, String fileName, String sha256, String productId, String mediaId, String action,
                         String status, String detail) {
    }

    public record Push(String sessionId, String store, String shop, List<Pushed> files) {
    }

    /**
     * Puts the session's final of {@code preset} (null: its {@code shopify-square} final, else its brand-site final, else
     * its only final) on the product whose variant has the session's SKU.
     */
    public Push push(Session s, List<ImageVersion> versions, String store, String preset) {
        return push(s, versions, store, preset, null);
    }

    /**
     * As above, then the image moved to {@code position} among the product's media (1: the first, featured one; null:
     * where Shopify put it — last when added, in place when replaced).
     */
    public Push push(Session s, List<ImageVersion> versions, String store, String preset, Integer position) {
        if (position != null && (position < 1 || position > 250)) {
            throw new InvalidInputException("Position " + position + " is not one a product's images have", "give 1 (the first image) to 250");
        }
        StoreConnector c = connector(store);
        StoreLogin login = logins.find(s.tenant(), store).orElseThrow(() -> new NotFoundException("No " + store + " store is connected for tenant "
                + s.tenant(), "connect one first: PUT /stores/" + store + " with shop and accessToken"));
        if (s.sku() == null || s.sku().isBlank()) {
            throw new InvalidInputException("Session " + s.id() + " has no SKU, and the store finds a product by its variant's SKU",
                    "start the session with the product's SKU, or export it as a bundle");
        }
        String chosen = finalPreset(s, preset);
        ImageVersion v = versions.stream().filter(x -> x.number() == s.finals().get(chosen)).findFirst()
                .filter(x -> x.imageKey() != null && !x.imageExpired())
                .orElseThrow(() -> new NotFoundException("The final of " + chosen + " has no image in the store any more",
                        "make it again (POST /sessions/" + s.id() + "/refinements), then export"));
        byte[] bytes = images.get(v.imageKey());
        String sha = SessionBundles.sha256(bytes);
        String slot = BrandKit.isPreset(chosen) ? BrandKit.PRESET : chosen;
        String ext = v.imageKey().substring(v.imageKey().lastIndexOf('.')).toLowerCase(Locale.ROOT);
        // the hash in the name: a retry finds the file it sent, and a store's copy is never confused with another final
        String fileName = (s.sku() + "-" + slot + "-" + sha.substring(0, 12) + ext).replaceAll("[^A-Za-z0-9._-]", "_");
        Instant now = clock.instant();
        Optional<StorePush> before = pushes.find(s.tenant(), store, s.sku(), slot);
        Pushed result;
        if (before.isPresent() && before.get().sha256().equals(sha) && before.get().mediaId() != null
                && !before.get().status().equals(StorePush.PENDING) && !before.get().status().equals(StorePush.FAILED)) {
            StorePush p = before.get();
            StoreConnector.Media m = p.status().equals(StorePush.READY) ? new StoreConnector.Media(p.mediaId(), p.status(), p.detail(), false)
                    : c.status(login, p.mediaId());
            if (!m.status().equals(p.status())) {
                pushes.put(p.with(p.productId(), p.mediaId(), m.status(), m.detail(), now));
            }
            result = new Pushed(chosen, v.number(), p.fileName(), sha, p.productId(), p.mediaId(), "unchanged", m.status(), m.detail());
        } else {
            StoreConnector.Product product = c.productForSku(login, s.sku());
            String productId = product.id();
            // the alt text a shopper's screen reader says: the product's own title, as the store names it
            String alt = product.title() == null || product.title().isBlank() ? s.sku() : product.title();
            StoreConnector.MediaFile file = new StoreConnector.MediaFile(fileName, v.contentType(), bytes, alt);
            // the media replaced in place: the one recorded for this SKU and slot, on the same product
            String replace = before.filter(p -> productId.equals(p.productId())).map(StorePush::mediaId).orElse(null);
            Optional<StoreConnector.Media> lost = before.filter(p -> p.status().equals(StorePush.PENDING) && p.sha256().equals(sha)
                    && replace == null).flatMap(p -> c.find(login, productId, p.fileName()));
            StorePush pending = new StorePush(s.tenant(), store, s.sku(), slot, s.id(), v.number(), sha, fileName, productId, replace,
                    StorePush.PENDING, null, now);
            StoreConnector.Media m;
            String action;
            if (lost.isPresent()) {
                m = lost.get();
                action = "recovered";
            } else {
                pushes.put(pending);
                m = c.put(login, productId, file, replace);
                action = m.replaced() ? "replaced" : "added";
            }
            pushes.put(pending.with(productId, m.mediaId(), m.status(), m.detail(), clock.instant()));
            result = new Pushed(chosen, v.number(), fileName, sha, productId, m.mediaId(), action, m.status(), m.detail());
        }
        if (position != null && result.mediaId() != null && !result.status().equals(StorePush.FAILED)) {
            c.move(login, result.productId(), result.mediaId(), position);
        }
        if (!result.action().equals("unchanged")) {
            Map<String, String> detail = new TreeMap<>(Map.of("store", store, "shop", login.shop(), "file", result.fileName(),
                    "action", result.action(), "status", result.status(), "version", Integer.toString(result.version())));
            events.append(new SessionEvent(s.tenant(), s.id(), now, PUSHED, detail));
            notifier.publish(new RefinementEvent(RefinementEvent.SENT_TO_STORE, s.tenant(), s.id(), s.sku(), s.status().name(),
                    store + " " + login.shop() + ": " + result.action() + " " + result.mediaId(),
                    List.of(new RefinementEvent.FinalImage(chosen, v.number(), v.imageKey())), now));
        }
        return new Push(s.id(), store, login.shop(), List.of(result));
    }

    /**
     * After a session is published: a COMPLETED session's final goes into each store the tenant connected with
     * {@code autoPush}. A push that cannot be made (no product with the SKU, Shopify down after the retries) leaves the
     * session as it is, with the reason in its history ({@code store-push-refused}); the seller pushes it on request.
     */
    public void afterPublish(Session s, java.util.function.Supplier<List<ImageVersion>> versions) {
        if (s.status() != dev.refinery.domain.SessionStatus.COMPLETED || s.finals().isEmpty()) {
            return;
        }
        for (String store : new TreeMap<>(connectors).keySet()) {
            // nothing here may fail the publish: the session's outcome is already decided and announced
            try {
                if (!logins.find(s.tenant(), store).map(StoreLogin::autoPush).orElse(false)) {
                    continue;
                }
                push(s, versions.get(), store, null);
            } catch (dev.refinery.domain.RefineryException e) {
                events.append(new SessionEvent(s.tenant(), s.id(), clock.instant(), PUSH_REFUSED, Map.of("store", store, "reason", e.reason())));
            }
        }
    }

    /** What the tenant's store holds from Refinery for a SKU, per slot. */
    public List<StorePush> pushed(String tenant, String store, String sku) {
        connector(store);
        return pushes.ofSku(tenant, store, sku);
    }

    private static String finalPreset(Session s, String asked) {
        if (s.finals().isEmpty()) {
            throw new NotFoundException("Session " + s.id() + " has no final images yet (it is " + s.status() + ")",
                    "approve a rendition, or export when the session has finished");
        }
        if (asked != null && !asked.isBlank()) {
            String p = asked.trim();
            Optional<String> match = s.finals().keySet().stream().filter(k -> k.equals(p) || (BrandKit.isPreset(k) && p.equals(BrandKit.PRESET))).findFirst();
            return match.orElseThrow(() -> new NotFoundException("Session " + s.id() + " has no final of " + p,
                    "its finals are " + String.join(", ", new TreeMap<>(s.finals()).keySet())));
        }
        Map<String, Integer> finals = new LinkedHashMap<>(new TreeMap<>(s.finals()));
        for (String slot : PREFERRED_SLOTS) {
            for (String k : finals.keySet()) {
                if (k.equals(slot) || (slot.equals(BrandKit.PRESET) && BrandKit.isPreset(k))) {
                    return k;
                }
            }
        }
        if (finals.size() == 1) {
            return finals.keySet().iterator().next();
        }
        throw new InvalidInputException("Session " + s.id() + " has finals of " + String.join(", ", finals.keySet())
                + " and the store keeps one image per export", "send preset: the one to put in the store");
    }

    private StoreConnector connector(String store) {
        StoreConnector c = store == null ? null : connectors.get(store);
        if (c == null) {
            throw new NotFoundException("No connector for a store called '" + store + "'",
                    connectors.isEmpty() ? "this deployment has no store connectors" : "use one of " + String.join(", ", new TreeMap<>(connectors).keySet()));
        }
        return c;
    }
}
