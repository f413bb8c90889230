package dev.refinery.local.store;

import static dev.refinery.local.store.Jdbc.execute;
import static dev.refinery.local.store.Jdbc.instant;
import static dev.refinery.local.store.Jdbc.query;
import static dev.refinery.local.store.JsonColumns.STRINGS;
import static dev.refinery.local.store.JsonColumns.STRING_MAP;
import static dev.refinery.local.store.JsonColumns.json;
import static dev.refinery.local.store.JsonColumns.parse;

import dev.refinery.application.ports.CatalogItem;
import dev.refinery.application.ports.CatalogStore;
import dev.refinery.domain.ConflictException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The DynamoDB catalog store's counterpart in the embedded database: one row per tenant and SKU; every catalog write
 * is one atomic statement (or an update-else-insert in one transaction).
 */
public final class H2CatalogStore implements CatalogStore {
    private final H2Database db;

    public H2CatalogStore(H2Database db) {
        this.db = db;
        db.migrate(
                """
                CREATE TABLE IF NOT EXISTS catalog_items (
                  tenant VARCHAR(64) NOT NULL, sku VARCHAR(64) NOT NULL, presets VARCHAR(4000) NOT NULL, category VARCHAR(255),
                  prompt CHARACTER LARGE OBJECT, source_bucket VARCHAR(255), source_key VARCHAR(1024), template_version VARCHAR(64),
                  preset_fingerprint VARCHAR(64), last_refined_at TIMESTAMP(9) WITH TIME ZONE, last_session_id VARCHAR(64),
                  updated_at TIMESTAMP(9) WITH TIME ZONE NOT NULL,
                  PRIMARY KEY (tenant, sku))""",
                // the product's facts (JSON), added after the first stacks were made: kept data gains the column
                "ALTER TABLE catalog_items ADD COLUMN IF NOT EXISTS facts CHARACTER LARGE OBJECT");
    }

    @Override
    public Optional<CatalogItem> findItem(String tenant, String sku) {
        return db.call(c -> findItem(c, tenant, sku));
    }

    private static Optional<CatalogItem> findItem(Connection c, String tenant, String sku) throws SQLException {
        return query(c, "SELECT * FROM catalog_items WHERE tenant = ? AND sku = ?", H2CatalogStore::toItem, tenant, sku).stream().findFirst();
    }

    @Override
    public List<CatalogItem> items(String tenant) {
        return db.call(c -> query(c, "SELECT * FROM catalog_items WHERE tenant = ? ORDER BY sku", H2CatalogStore::toItem, tenant));
    }

    @Override
    public CatalogItem putItem(String tenant, String sku, List<String> presets, String category, Map<String, String> facts, String prompt,
                               String sourceBucket, String sourceKey, Instant now) {
        String factsJson = facts == null || facts.isEmpty() ? null : json(facts);
        return upsert(tenant, sku,
                c -> sourceKey == null
                        ? execute(c, "UPDATE catalog_items SET presets = ?, category = ?, facts = ?, prompt = ?, updated_at = ? WHERE tenant = ? AND sku = ?",
                                json(presets), category, factsJson, prompt, now, tenant, sku)
                        : execute(c, """
                                UPDATE catalog_items SET presets = ?, category = ?, facts = ?, prompt = ?, updated_at = ?, source_bucket = ?, source_key = ?
                                WHERE tenant = ? AND sku = ?""", json(presets), category, factsJson, prompt, now, sourceBucket, sourceKey, tenant, sku),
                c -> execute(c, """
                        INSERT INTO catalog_items (tenant, sku, presets, category, facts, prompt, source_bucket, source_key, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", tenant, sku, json(presets), category, factsJson, prompt,
                        sourceKey == null ? null : sourceBucket, sourceKey, now));
    }

    @Override
    public CatalogItem registerUpload(String tenant, String sku, String bucket, String key, List<String> defaultPresets,
                                      String defaultCategory, Instant now) {
        return upsert(tenant, sku,
                c -> execute(c, "UPDATE catalog_items SET source_bucket = ?, source_key = ?, updated_at = ? WHERE tenant = ? AND sku = ?",
                        bucket, key, now, tenant, sku),
                c -> execute(c, """
                        INSERT INTO catalog_items (tenant, sku, presets, category, source_bucket, source_key, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""", tenant, sku, json(defaultPresets), defaultCategory, bucket, key, now));
    }

    /**
     * Update the row if it exists, else insert it; each statement is atomic on its own, and an insert
     * that loses a race to a concurrent insert turns into the update.
     */
    private CatalogItem upsert(String tenant, String sku, H2Database.Work<Integer> updateRow, H2Database.Work<Integer> insertRow) {
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return db.inTransaction(c -> {
                    if (updateRow.run(c) == 0) {
                        insertRow.run(c);
                    }
                    return findItem(c, tenant, sku).orElseThrow();
                });
            } catch (Jdbc.DuplicateKeyException e) {
                // A concurrent first write inserted the row: this attempt updates it.
            }
        }
        throw new ConflictException("catalog item " + sku + " kept changing during the write");
    }

    @Override
    public void markRefined(String tenant, String sku, String sessionId, Instant at, String templateVersion, String presetFingerprint) {
        // Only a registered item is marked (a session started by id alone has none), as the DynamoDB adapter's condition does.
        db.call(c -> execute(c, """
                UPDATE catalog_items SET last_session_id = ?, last_refined_at = ?, template_version = ?, preset_fingerprint = ?
                WHERE tenant = ? AND sku = ?""", sessionId, at, templateVersion, presetFingerprint, tenant, sku));
    }

    @Override
    public Page scanItems(String cursor, int limit) {
        String[] after = cursor == null ? null
                : new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\n", 2);
        List<CatalogItem> rows = db.call(c -> after == null
                ? query(c, "SELECT * FROM catalog_items ORDER BY tenant, sku LIMIT ?", H2CatalogStore::toItem, limit + 1)
                : query(c, "SELECT * FROM catalog_items WHERE (tenant, sku) > (?, ?) ORDER BY tenant, sku LIMIT ?",
                        H2CatalogStore::toItem, after[0], after[1], limit + 1));
        if (rows.size() <= limit) {
            return new Page(rows, null);
        }
        List<CatalogItem> page = rows.subList(0, limit);
        CatalogItem last = page.get(limit - 1);
        return new Page(page, Base64.getUrlEncoder().withoutPadding()
                .encodeToString((last.tenant() + "\n" + last.sku()).getBytes(StandardCharsets.UTF_8)));
    }

    private static CatalogItem toItem(ResultSet rs) throws SQLException {
        return new CatalogItem(rs.getString("tenant"), rs.getString("sku"), parse(rs.getString("presets"), STRINGS),
                rs.getString("category"), rs.getString("prompt"), rs.getString("source_bucket"), rs.getString("source_key"),
                rs.getString("template_version"), rs.getString("preset_fingerprint"), instant(rs, "last_refined_at"),
                rs.getString("last_session_id"), instant(rs, "updated_at"),
                rs.getString("facts") == null ? Map.of() : parse(rs.getString("facts"), STRING_MAP));
    }
}
