package dev.refinery.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.refinery.domain.Approval;
import dev.refinery.domain.ConflictException;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.InvalidInputException;
import dev.refinery.domain.NotFoundException;
import dev.refinery.domain.Session;
import dev.refinery.domain.SessionStatus;
import dev.refinery.domain.Source;
import dev.refinery.domain.Stage;
import dev.refinery.domain.VersionSlot;
import dev.refinery.ports.memory.InMemoryImageStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MarketplaceExportsTest {
    private final InMemoryImageStore images = new InMemoryImageStore();
    private final dev.refinery.ports.memory.InMemoryBrandKits kits = new dev.refinery.ports.memory.InMemoryBrandKits();
    private final MarketplaceExports exports = new MarketplaceExports(images, kits);
    private final List<ImageVersion> versions = new ArrayList<>();

    private ImageVersion stored(String session, int n, String preset, String ext, String content) {
        String key = "sessions/acme/" + session + "/v" + n + "-finalize-" + preset + "." + ext;
        images.put(key, content.getBytes(StandardCharsets.UTF_8), ext.equals("png") ? "image/png" : "image/jpeg", Map.of("kind", "kept"));
        ImageVersion v = new ImageVersion("acme", session, n, n - 1, new VersionSlot(0, 0, Stage.FINALIZE, preset), "classic", key,
                ext.equals("png") ? "image/png" : "image/jpeg", null, Map.of(), Map.of(), 1, 0, Approval.APPROVED, null, Instant.EPOCH, false);
        versions.add(v);
        return v;
    }

    private static Session session(String id, String sku, Map<String, Integer> finals) {
        return new Session("acme", id, sku, Source.upload("b", "uploads/acme/" + sku + "/p.jpg", null), List.copyOf(finals.keySet()), "classic",
                null, Map.of(), SessionStatus.COMPLETED, null, 0, 5, finals, 3, Instant.EPOCH, Instant.EPOCH);
    }

    private static String sha(String s) throws Exception {
        return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void eachFinalGoesToItsMarketplacesFolderUnderTheNameItsBulkUploadMatches() throws Exception {
        stored("s1", 5, "amazon-main", "jpg", "amazon bytes");
        stored("s1", 6, "etsy", "jpg", "etsy bytes");
        stored("s1", 7, "mockup-desk", "png", "scene bytes");
        stored("s1", 8, "brand-site@3", "png", "brand bytes");
        Session s = session("s1", "MUG7", Map.of("amazon-main", 5, "etsy", 6, "mockup-desk", 7, "brand-site@3", 8));
        MarketplaceExports.Export e = exports.export(s, versions, null);
        // the brand kit's rendition is the brand's image, whichever kit version made it
        assertThat(e.files()).extracting(MarketplaceExports.File::key).containsExactly(
                "exports/acme/amazon/MUG7.MAIN.jpg", "exports/acme/brand-site/MUG7-brand-site.png", "exports/acme/etsy/MUG7-etsy.jpg",
                "exports/acme/mockup-desk/MUG7-mockup-desk.png");
        assertThat(e.files()).extracting(MarketplaceExports.File::status).containsOnly("written");
        assertThat(new String(images.get("exports/acme/amazon/MUG7.MAIN.jpg"), StandardCharsets.UTF_8)).isEqualTo("amazon bytes");
        // the file says which session and version it came from and what it holds; no lifecycle rule expires kind=export
        assertThat(images.tags("exports/acme/amazon/MUG7.MAIN.jpg")).containsEntry("kind", "export").containsEntry("session", "s1")
                .containsEntry("version", "5").containsEntry("sha256", sha("amazon bytes"));
        assertThat(e.files().get(0).sha256()).isEqualTo(sha("amazon bytes"));
        // an Amazon position other than the main image
        assertThat(exports.export(s, versions, new MarketplaceExports.Request("pt03", null, false)).files().get(0).key())
                .isEqualTo("exports/acme/amazon/MUG7.PT03.jpg");
        // a SKU Amazon's upload would refuse in a file name is not stripped into another product's name: the ASIN names it
        Session dashed = session("s1", "MUG-7", Map.of("amazon-main", 5));
        assertThatThrownBy(() -> exports.export(dashed, versions, null)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("SKU 'MUG-7' has characters Amazon's image upload refuses")
                .satisfies(x -> assertThat(((InvalidInputException) x).hint()).contains("amazonId"));
        assertThat(exports.export(dashed, versions, new MarketplaceExports.Request(null, "B000123456", false)).files().get(0).key())
                .isEqualTo("exports/acme/amazon/B000123456.MAIN.jpg");
        assertThatThrownBy(() -> exports.export(dashed, versions, new MarketplaceExports.Request(null, "B00-0123", false)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("Amazon identifier 'B00-0123'");
    }

    @Test
    void exportingAgainWritesOnlyWhatChanged() {
        stored("s1", 5, "amazon-main", "jpg", "first");
        stored("s1", 6, "walmart", "jpg", "walmart");
        Session s = session("s1", "SKU1", Map.of("amazon-main", 5, "walmart", 6));
        exports.export(s, versions, null);
        assertThat(exports.export(s, versions, null).files()).extracting(MarketplaceExports.File::status).containsOnly("unchanged");
        // the seller approved another rendition of amazon-main: only its file is written again, in place
        stored("s1", 9, "amazon-main", "jpg", "second");
        Session later = session("s1", "SKU1", Map.of("amazon-main", 9, "walmart", 6));
        MarketplaceExports.Export again = exports.export(later, versions, null);
        assertThat(again.files()).extracting(f -> f.preset() + " " + f.status() + " v" + f.version())
                .containsExactly("amazon-main replaced v9", "walmart unchanged v6");
        assertThat(new String(images.get("exports/acme/amazon/SKU1.MAIN.jpg"), StandardCharsets.UTF_8)).isEqualTo("second");
    }

    @Test
    void anotherSessionsFileOfTheSameSkuIsNeverOverwrittenSilently() {
        stored("s1", 5, "amazon-main", "jpg", "front");
        stored("s2", 5, "amazon-main", "jpg", "back");
        stored("s2", 6, "ebay", "jpg", "back for ebay");
        exports.export(session("s1", "SKU1", Map.of("amazon-main", 5)), versions.subList(0, 1), null);
        Session back = session("s2", "SKU1", Map.of("amazon-main", 5, "ebay", 6));
        List<ImageVersion> backVersions = versions.subList(1, 3);
        assertThatThrownBy(() -> exports.export(back, backVersions, null)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("SKU1.MAIN.jpg from session s1")
                .satisfies(x -> assertThat(((ConflictException) x).hint()).contains("PT01 to PT08", "replace"))
                .satisfies(x -> assertThat(((ConflictException) x).retryable()).isFalse());
        // nothing of the refused export was written, and the front is intact
        assertThat(images.exists("exports/acme/ebay/SKU1-ebay.jpg")).isFalse();
        assertThat(new String(images.get("exports/acme/amazon/SKU1.MAIN.jpg"), StandardCharsets.UTF_8)).isEqualTo("front");
        // as an additional image it has its own file; asked to replace, it takes the main image's place
        assertThat(exports.export(back, backVersions, new MarketplaceExports.Request("PT01", null, false)).files().get(0).key())
                .isEqualTo("exports/acme/amazon/SKU1.PT01.jpg");
        assertThat(exports.export(back, backVersions, new MarketplaceExports.Request(null, null, true)).files().get(0).status()).isEqualTo("replaced");
        assertThat(new String(images.get("exports/acme/amazon/SKU1.MAIN.jpg"), StandardCharsets.UTF_8)).isEqualTo("back");
    }

    @Test
    void whatCannotBeExportedSaysWhy() {
        stored("s1", 5, "amazon-main", "jpg", "x");
        assertThatThrownBy(() -> exports.export(session("s1", "SKU1", Map.of()), versions, null)).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("no final images yet");
        assertThatThrownBy(() -> exports.export(session("s1", "SKU1", Map.of("amazon-main", 5)), versions, new MarketplaceExports.Request("PT09", null, false)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("Unknown Amazon image position 'PT09'");
        Session noSku = session("s1", null, Map.of("amazon-main", 5));
        assertThatThrownBy(() -> exports.export(noSku, versions, null)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Amazon matches images to listings by product identifier");
        assertThat(images.exists("exports/acme/amazon/null.MAIN.jpg")).isFalse();
    }

    @Test
    void theBrandKitsFileNamingNamesEveryFileButAmazons() {
        stored("s1", 5, "amazon-main", "jpg", "amazon bytes");
        stored("s1", 6, "etsy", "jpg", "etsy bytes");
        stored("s1", 8, "brand-site@3", "png", "brand bytes");
        kits.add(new dev.refinery.domain.BrandKit("acme", 1, 0xFFFFFF, 0.08, 2048, dev.refinery.domain.ImageFormat.PNG, false, false, 0, Instant.EPOCH,
                "acme_{sku}_{preset}_v{version}"));
        Session s = session("s1", "MUG7", Map.of("amazon-main", 5, "etsy", 6, "brand-site@3", 8));
        assertThat(exports.export(s, versions, null).files()).extracting(MarketplaceExports.File::key).containsExactly(
                "exports/acme/amazon/MUG7.MAIN.jpg", "exports/acme/brand-site/acme_MUG7_brand-site_v8.png", "exports/acme/etsy/acme_MUG7_etsy_v6.jpg");
        // a pattern that could give two files one name is refused with what to write
        assertThatThrownBy(() -> new dev.refinery.domain.BrandKit("acme", 2, 0xFFFFFF, 0.08, 2048, dev.refinery.domain.ImageFormat.PNG, false, false, 0,
                Instant.EPOCH, "{sku}")).isInstanceOf(InvalidInputException.class).hasMessageContaining("cannot name every file apart");
        assertThatThrownBy(() -> new dev.refinery.domain.BrandKit("acme", 2, 0xFFFFFF, 0.08, 2048, dev.refinery.domain.ImageFormat.PNG, false, false, 0,
                Instant.EPOCH, "{sku}/{preset}")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void autoGivesEachPhotoOfAProductTheNextFreeAmazonSlotAndKeepsItThere() {
        stored("front", 5, "amazon-main", "jpg", "front bytes");
        stored("back", 5, "amazon-main", "jpg", "back bytes");
        MarketplaceExports.Request auto = new MarketplaceExports.Request("auto", null, false);
        assertThat(exports.export(session("front", "MUG7", Map.of("amazon-main", 5)), versions.subList(0, 1), auto).files().get(0).key())
                .isEqualTo("exports/acme/amazon/MUG7.MAIN.jpg");
        List<ImageVersion> backVersions = versions.subList(1, 2);
        assertThat(exports.export(session("back", "MUG7", Map.of("amazon-main", 5)), backVersions, auto).files().get(0).key())
                .isEqualTo("exports/acme/amazon/MUG7.PT01.jpg");
        // again: the back photo keeps its slot, nothing written
        MarketplaceExports.File again = exports.export(session("back", "MUG7", Map.of("amazon-main", 5)), backVersions, auto).files().get(0);
        assertThat(again.key()).isEqualTo("exports/acme/amazon/MUG7.PT01.jpg");
        assertThat(again.status()).isEqualTo("unchanged");
        // all nine taken by other photos: a conflict saying what to do
        for (String slot : List.of("PT02", "PT03", "PT04", "PT05", "PT06", "PT07", "PT08")) {
            images.put("exports/acme/amazon/MUG7." + slot + ".jpg", new byte[] {1}, "image/jpeg", Map.of("session", "other-" + slot));
        }
        stored("side", 5, "amazon-main", "jpg", "side bytes");
        assertThatThrownBy(() -> exports.export(session("side", "MUG7", Map.of("amazon-main", 5)), versions.subList(2, 3), auto))
                .isInstanceOf(ConflictException.class).hasMessageContaining("nine image slots");
    }
}
