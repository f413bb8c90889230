package dev.refinery.reliability.harness;

import dev.refinery.ports.ImageStore;
import dev.refinery.ports.SessionStore;
import java.util.List;

/** What the invariants read, without fault plans: the stores, the bucket's keys, the originals as uploaded. */
public interface SystemUnderTest {
    SessionStore rawSessions();

    ImageStore rawImages();

    /** Every object key under a prefix (latest versions). */
    List<String> objectKeys(String prefix);

    /** Every original written by the suite, with its digest at upload time. */
    List<ReliabilityStack.Upload> uploads();

    /** The stored bytes of one original write (its version, where the bucket keeps versions). */
    byte[] storedOriginal(ReliabilityStack.Upload upload);
}
