package dev.refinery.application.ports;

import java.util.List;
import java.util.Optional;

/** The record of what each tenant's store holds from Refinery: one {@link StorePush} per store, SKU and slot. */
public interface StorePushes {
    Optional<StorePush> find(String tenant, String store, String sku, String slot);

    /** Keeps the push, replacing the one of the same tenant, store, SKU and slot. */
    void put(StorePush push);

    /** The tenant's pushes of one SKU to one store, by slot. */
    List<StorePush> ofSku(String tenant, String store, String sku);
}
