package dev.refinery.engine;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;

/**
 * @param image         the stage's output
 * @param params        what produced it (parameters, prompt and template version...)
 * @param metrics       measurements the stage made of its own output
 * @param problems      why the output should not be approved (empty when it passes its own checks)
 * @param costUsd       money spent (0 for the classic engine)
 * @param summary       one line describing the change, carried to later steps as "keep: ..."
 */
public record EditResult(
        BufferedImage image,
        Map<String, String> params,
        Map<String, Double> metrics,
        List<String> problems,
        double costUsd,
        String summary) {

    public EditResult {
        params = params == null ? Map.of() : Map.copyOf(params);
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        problems = problems == null ? List.of() : List.copyOf(problems);
    }

    public boolean passed() {
        return problems.isEmpty();
    }
}
