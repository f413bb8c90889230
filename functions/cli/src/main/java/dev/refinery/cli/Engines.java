package dev.refinery.cli;

import dev.refinery.domain.EngineUnavailableException;
import dev.refinery.engine.RefinementEngine;
import dev.refinery.imaging.classic.ClassicEngine;
import java.util.List;

/** The engines a command-line run offers, by the ENGINE= the user chose. */
final class Engines {
    private Engines() {
    }

    static List<RefinementEngine> forId(String engine) {
        return switch (engine) {
            case "classic" -> List.of(new ClassicEngine());
            case "openai" -> throw new EngineUnavailableException("The openai engine is not part of this build",
                    "use ENGINE=classic");
            default -> throw new EngineUnavailableException("Unknown engine '" + engine + "'", "use ENGINE=classic or ENGINE=openai");
        };
    }
}
