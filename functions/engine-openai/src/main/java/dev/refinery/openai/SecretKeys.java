package dev.refinery.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** The key in a secret's value: the value itself, or the {@code OPENAI_API_KEY} / {@code apiKey} / {@code api_key} field of a JSON value. */
final class SecretKeys {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SecretKeys() {
    }

    /**
     * @throws IllegalStateException when the value is JSON without a key field, or looks like JSON and is not
     *     (the message never echoes the value: it may be the key)
     */
    static String keyFrom(String secret) {
        if (secret == null) {
            return null;
        }
        String s = secret.trim();
        if (!s.startsWith("{")) {
            return s;
        }
        try {
            JsonNode node = JSON.readTree(s);
            for (String field : new String[] {"OPENAI_API_KEY", "apiKey", "api_key"}) {
                if (node.path(field).isTextual()) {
                    return node.get(field).asText();
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("the secret starts with '{' but is not valid JSON");
        }
        throw new IllegalStateException("the secret is JSON without an apiKey or OPENAI_API_KEY field");
    }
}
