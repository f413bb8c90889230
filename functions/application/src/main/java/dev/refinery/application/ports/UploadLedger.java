package dev.refinery.application.ports;

/** Start-once-per-upload records. */
public interface UploadLedger {
    /**
     * Writes the record unless one exists for the same tenant and upload id.
     *
     * @return the stored record (the existing one when this call was not first) and whether this call wrote it
     */
    Claim claim(UploadRecord record);

    record Claim(UploadRecord record, boolean first) {
    }
}
