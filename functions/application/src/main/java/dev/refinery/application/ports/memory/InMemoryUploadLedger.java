package dev.refinery.application.ports.memory;

import dev.refinery.application.ports.UploadLedger;
import dev.refinery.application.ports.UploadRecord;
import java.util.HashMap;
import java.util.Map;

public final class InMemoryUploadLedger implements UploadLedger {
    private final Map<String, UploadRecord> records = new HashMap<>();

    @Override
    public synchronized Claim claim(UploadRecord record) {
        String k = record.tenant() + "\u0000" + record.uploadId();
        UploadRecord existing = records.putIfAbsent(k, record);
        return existing == null ? new Claim(record, true) : new Claim(existing, false);
    }
}
