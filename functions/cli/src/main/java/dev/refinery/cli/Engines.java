package dev.refinery.cli;

import dev.refinery.domain.EngineUnavailableException;
import dev.refinery.engine.Finisher;
import dev.refinery.engine.RefinementEngine;
import dev.refinery.imaging.classic.ClassicEngine;
import dev.refinery.imaging.classic.ClassicFinisher;
import dev.refinery.imaging.classic.ClassicSegmenter;
import dev.refinery.openai.OpenAiEngine;
import dev.refinery.openai.SceneAwareFinisher;
import java.util.List;

/** The engines a command-line run offers, by the ENGINE= the user chose. */
public final class Engines {
    private Engines() {
    }

    /**
     * @throws EngineUnavailableException at once when the openai engine has no key (OPENAI_API_KEY)
     */
    public static dev.refinery.aws.Engines forId(String engine) {
        List<RefinementEngine> engines = switch (engine) {
            case "classic" -> List.of(new ClassicEngine());
            // The classic engine stays available beside it: finishing is deterministic either way.
            case "openai" -> List.of(new ClassicEngine(), OpenAiEngine.fromEnvironment(new ClassicSegmenter()));
            default -> throw new EngineUnavailableException("Unknown engine '" + engine + "'", "use ENGINE=classic or ENGINE=openai");
        };
        return new dev.refinery.aws.Engines(engines, new dev.refinery.imaging.ingest.SafeImageIngestor(), finisher());
    }

    /** Deterministic finishing for every preset; scenes for lifestyle; IPTC provenance on AI-made finals. */
    static Finisher finisher() {
        return new SceneAwareFinisher(new ClassicFinisher());
    }
}
