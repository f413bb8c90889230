package dev.refinery.local.store;

import static dev.refinery.local.store.Jdbc.execute;
import static dev.refinery.local.store.Jdbc.query;

import dev.refinery.domain.BrandKit;
import dev.refinery.domain.ConflictException;
import dev.refinery.domain.ImageFormat;
import dev.refinery.ports.BrandKits;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The {@link BrandKits} in the local stack's database, as the DynamoDB adapter keeps them: one row per version, never
 * updated; the primary key (tenant, version) makes the second of two writers of the same version a conflict.
 */
public final class H2BrandKits implements BrandKits {
    private static final String COLUMNS = "tenant, version, background, margin, canvas, format, shadow, auto_export, pixels_per_cm, updated_at, file_naming";
    private final H2Database db;

    public H2BrandKits(H2Database db) {
        this.db = db;
        db.migrate("""
                CREATE TABLE IF NOT EXISTS brand_kits (
                  tenant VARCHAR(64) NOT NULL, version INT NOT NULL, background INT NOT NULL, margin DOUBLE PRECISION NOT NULL,
                  canvas INT NOT NULL, format VARCHAR(8) NOT NULL, shadow BOOLEAN NOT NULL, auto_export BOOLEAN NOT NULL,
                  updated_at TIMESTAMP(9) WITH TIME ZONE NOT NULL,
                  PRIMARY KEY (tenant, version))""");
        db.migrate("ALTER TABLE brand_kits ADD COLUMN IF NOT EXISTS pixels_per_cm DOUBLE PRECISION DEFAULT 0 NOT NULL");
        db.migrate("ALTER TABLE brand_kits ADD COLUMN IF NOT EXISTS file_naming VARCHAR(80) DEFAULT '" + BrandKit.DEFAULT_FILE_NAMING + "' NOT NULL");
    }

    @Override
    public Optional<BrandKit> current(String tenant) {
        return db.call(c -> query(c, "SELECT " + COLUMNS + " FROM brand_kits WHERE tenant = ? ORDER BY version DESC LIMIT 1",
                H2BrandKits::kit, tenant)).stream().findFirst();
    }

    @Override
    public Optional<BrandKit> version(String tenant, int version) {
        return db.call(c -> query(c, "SELECT " + COLUMNS + " FROM brand_kits WHERE tenant = ? AND version = ?", H2BrandKits::kit, tenant, version))
                .stream().findFirst();
    }

    @Override
    public BrandKit add(BrandKit kit) {
        try {
            db.inTransaction(c -> {
                Integer current = query(c, "SELECT MAX(version) AS v FROM brand_kits WHERE tenant = ?", rs -> rs.getInt("v"), kit.tenant()).get(0);
                if (kit.version() != current + 1) {
                    throw new ConflictException("Brand kit version " + kit.version() + " of tenant " + kit.tenant() + " cannot follow version " + current);
                }
                execute(c, "INSERT INTO brand_kits (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", kit.tenant(), kit.version(),
                        kit.background(), kit.margin(), kit.canvas(), kit.format().name(), kit.shadow(), kit.autoExport(), kit.pixelsPerCm(), kit.updatedAt(),
                        kit.fileNaming());
                return null;
            });
        } catch (Jdbc.DuplicateKeyException e) {
            throw new ConflictException("Brand kit version " + kit.version() + " of tenant " + kit.tenant() + " was written by another request");
        }
        return kit;
    }

    @Override
    public List<BrandKit> history(String tenant) {
        return db.call(c -> query(c, "SELECT " + COLUMNS + " FROM brand_kits WHERE tenant = ? ORDER BY version DESC", H2BrandKits::kit, tenant));
    }

    private static BrandKit kit(ResultSet rs) throws SQLException {
        return new BrandKit(rs.getString("tenant"), rs.getInt("version"), rs.getInt("background"), rs.getDouble("margin"), rs.getInt("canvas"),
                ImageFormat.valueOf(rs.getString("format")), rs.getBoolean("shadow"), rs.getBoolean("auto_export"), rs.getDouble("pixels_per_cm"),
                Jdbc.instant(rs, "updated_at"), rs.getString("file_naming"));
    }
}
