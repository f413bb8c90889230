package dev.refinery.engine;

import java.util.List;
import java.util.Map;

public record GenerateRequest(String prompt, List<String> presetIds, Map<String, String> facts, String tenant) {
}
