package dev.refinery.local.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;

/** The JSON text columns the local adapters store lists and maps in: one mapper and the shapes they read back. */
final class JsonColumns {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };
    static final TypeReference<LinkedHashMap<String, String>> STRING_MAP = new TypeReference<>() { };
    static final TypeReference<LinkedHashMap<String, Integer>> INT_MAP = new TypeReference<>() { };

    private JsonColumns() {
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value, e);
        }
    }

    static <T> T parse(String text, TypeReference<T> type) {
        try {
            return JSON.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt JSON column: " + e.getOriginalMessage(), e);
        }
    }
}
