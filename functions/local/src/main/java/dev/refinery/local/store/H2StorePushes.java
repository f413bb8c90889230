package dev.refinery.local.store;

import static dev.refinery.local.store.Jdbc.execute;
import static dev.refinery.local.store.Jdbc.query;

import dev.refinery.application.ports.StorePush;
import dev.refinery.application.ports.StorePushes;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The {@link StorePushes} in the local stack's database: one row per tenant, store, SKU and slot, as the table keeps them. */
public final class H2StorePushes implements StorePushes {
    private static final String COLUMNS = "tenant, store, sku, slot, session_id, version, sha256, file_name, product_id, media_id, status, detail, at";
    private final H2Database db;

    public H2StorePushes(H2Database db) {
        this.db = db;
        db.migrate("""
                CREATE TABLE IF NOT EXISTS store_pushes (
                  tenant VARCHAR(64) NOT NULL, store VARCHAR(32) NOT NULL, sku VARCHAR(256) NOT NULL, slot VARCHAR(128) NOT NULL,
                  session_id VARCHAR(64), version INT NOT NULL, sha256 CHAR(64) NOT NULL, file_name VARCHAR(512) NOT NULL,
                  product_id VARCHAR(128), media_id VARCHAR(128), status VARCHAR(16) NOT NULL, detail VARCHAR(1024),
                  at TIMESTAMP(9) WITH TIME ZONE NOT NULL,
                  PRIMARY KEY (tenant, store, sku, slot))""");
    }

    @Override
    public Optional<StorePush> find(String tenant, String store, String sku, String slot) {
        return db.call(c -> query(c, "SELECT " + COLUMNS + " FROM store_pushes WHERE tenant = ? AND store = ? AND sku = ? AND slot = ?",
                H2StorePushes::push, tenant, store, sku, slot)).stream().findFirst();
    }

    @Override
    public void put(StorePush p) {
        db.call(c -> {
            execute(c, "MERGE INTO store_pushes (" + COLUMNS + ") KEY (tenant, store, sku, slot) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    p.tenant(), p.store(), p.sku(), p.slot(), p.sessionId(), p.version(), p.sha256(), p.fileName(), p.productId(), p.mediaId(),
                    p.status(), p.detail(), p.at());
            return null;
        });
    }

    @Override
    public List<StorePush> ofSku(String tenant, String store, String sku) {
        return db.call(c -> query(c, "SELECT " + COLUMNS + " FROM store_pushes WHERE tenant = ? AND store = ? AND sku = ? ORDER BY slot",
                H2StorePushes::push, tenant, store, sku));
    }

    private static StorePush push(ResultSet rs) throws SQLException {
        return new StorePush(rs.getString("tenant"), rs.getString("store"), rs.getString("sku"), rs.getString("slot"), rs.getString("session_id"),
                rs.getInt("version"), rs.getString("sha256"), rs.getString("file_name"), rs.getString("product_id"), rs.getString("media_id"),
                rs.getString("status"), rs.getString("detail"), Jdbc.instant(rs, "at"));
    }
}
