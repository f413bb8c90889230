package dev.refinery.application;

/**
 * One object-created notification, whichever way it arrived (an S3 event notification record or
 * EventBridge's "Object Created"), with the key already URL-decoded.
 *
 * @param versionId the object's version id ("" or null on an unversioned bucket)
 * @param sequencer S3's ordering token of the write, the same on every redelivery
 */
public record UploadNotice(String bucket, String key, long size, String versionId, String sequencer, String eTag, String via) {
    /** What identifies this write of the object: its version id, else the sequencer, else the ETag. */
    public String writeToken() {
        if (versionId != null && !versionId.isBlank() && !"null".equals(versionId)) {
            return "v:" + versionId;
        }
        if (sequencer != null && !sequencer.isBlank()) {
            return "s:" + sequencer;
        }
        if (eTag != null && !eTag.isBlank()) {
            return "e:" + eTag;
        }
        return null;
    }
}
