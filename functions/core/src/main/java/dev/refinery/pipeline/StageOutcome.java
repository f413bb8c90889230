package dev.refinery.pipeline;

import dev.refinery.domain.ImageVersion;

/** What one stage invocation recorded. */
public record StageOutcome(ImageVersion version, boolean approved) {
}
