package dev.refinery.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refinery.domain.Approval;
import dev.refinery.domain.ImageFormat;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.Preset;
import dev.refinery.domain.PresetCatalog;
import dev.refinery.domain.Session;
import dev.refinery.domain.SessionStatus;
import dev.refinery.domain.Source;
import dev.refinery.domain.Stage;
import dev.refinery.domain.VersionSlot;
import dev.refinery.engine.Rendition;
import dev.refinery.ports.memory.InMemoryImageStore;
import dev.refinery.ports.memory.InMemorySessionStore;
import java.awt.image.BufferedImage;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where a version's images go and how they are tagged: the keys name the tenant and session, the tags decide what expires. */
class VersionRecorderTest {
    private final InMemorySessionStore sessions = new InMemorySessionStore();
    private final InMemoryImageStore images = new InMemoryImageStore();
    private final DecodedImages decoded = new DecodedImages(images);
    private final VersionRecorder recorder = new VersionRecorder(sessions, images, decoded, Clock.systemUTC());
    private final Session session = new Session("t", "s", null, Source.upload("b", "uploads/t/p.png", "v1"), List.of("amazon-main"),
            "classic", "generic", Map.of(), SessionStatus.RUNNING, null, 0, 0, Map.of(), 0, Instant.EPOCH, Instant.EPOCH);

    @Test
    void aMasterVersionIsAPngUnderTheSessionsPrefixAndItsImageIsNotDecodedAgain() {
        BufferedImage image = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
        ImageVersion v = recorder.record(session, new VersionSlot(0, 0, Stage.LIGHTING, null), 1, "classic", image,
                Map.of(), Map.of(), System.nanoTime(), 0, Approval.APPROVED, null, "intermediate");
        assertThat(v.imageKey()).isEqualTo("sessions/t/s/v1-lighting.png");
        assertThat(images.tags(v.imageKey())).containsEntry("kind", "intermediate");
        assertThat(sessions.versions("t", "s")).containsExactly(v);
        assertThat(decoded.load(v)).as("the image just written, not a decoded copy").isSameAs(image);
    }

    @Test
    void aRenditionIsTaggedFinalAndItsMaskIntermediate() {
        Preset preset = PresetCatalog.bundled().get("amazon-main");
        BufferedImage mask = new BufferedImage(4, 3, BufferedImage.TYPE_BYTE_GRAY);
        Rendition r = new Rendition(new byte[] {1, 2, 3}, ImageFormat.JPEG, mask, Map.of());
        ImageVersion v = recorder.recordRendition("t", "s", new VersionSlot(0, 0, Stage.FINALIZE, "amazon-main"), 7, "classic", preset,
                r, Map.of(), System.nanoTime(), 0);
        assertThat(v.imageKey()).isEqualTo("sessions/t/s/v1-finalize-amazon-main." + preset.extension());
        assertThat(v.maskKey()).isEqualTo("sessions/t/s/v1-finalize-amazon-main.mask.png");
        assertThat(v.parent()).isEqualTo(7);
        assertThat(v.approval()).isEqualTo(Approval.PENDING);
        assertThat(images.tags(v.imageKey())).containsEntry("kind", "final");
        assertThat(images.tags(v.maskKey())).containsEntry("kind", "intermediate");
        assertThat(decoded.byKey(v.maskKey())).isSameAs(mask);
    }
}
