package dev.refinery.ports;

import dev.refinery.domain.BrandKit;
import java.util.List;

/** The tenants' brand kits, every version kept (the table in AWS, H2 locally, memory in tests). */
public interface BrandKits extends BrandKit.Lookup {
    /**
     * Stores a new version: {@code kit.version()} must be the current version plus one (1 for the first).
     *
     * @throws dev.refinery.domain.ConflictException when that version exists already (a concurrent change won)
     */
    BrandKit add(BrandKit kit);

    /** Every version, newest first. */
    List<BrandKit> history(String tenant);
}
