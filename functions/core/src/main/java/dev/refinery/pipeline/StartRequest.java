package dev.refinery.pipeline;

import dev.refinery.domain.Source;
import java.util.List;
import java.util.Map;

/**
 * @param sessionId null to let the service make one; callers that must be idempotent derive it from the upload
 * @param engine    "classic" or "openai"
 */
public record StartRequest(String tenant, String sessionId, String sku, Source source, List<String> presets,
                           String engine, String category, Map<String, String> facts) {
}
