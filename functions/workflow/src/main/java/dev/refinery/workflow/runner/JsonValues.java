package dev.refinery.workflow.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON values as the state-machine interpreter sees them: Jackson trees made, parsed and written (integral numbers
 * without a fraction, as JavaScript and the service print them) and compared with numbers by value.
 */
final class JsonValues {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonValues() {
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static ArrayNode array() {
        return NODES.arrayNode();
    }

    static JsonNode text(String s) {
        return s == null ? NODES.nullNode() : NODES.textNode(s);
    }

    static JsonNode parse(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new IllegalArgumentException("empty JSON text");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Compact JSON text; integral floating-point values print without a fraction, as JavaScript and the service do. */
    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(canonical(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }

    /** Copy in which every integral number is an integer node (2.0 becomes 2). */
    static JsonNode canonical(JsonNode node) {
        if (node == null) {
            return NODES.nullNode();
        }
        if (node.isFloatingPointNumber()) {
            BigDecimal d = node.decimalValue();
            if (d.signum() == 0 || d.stripTrailingZeros().scale() <= 0) {
                return number(d.toBigIntegerExact());
            }
            return node;
        }
        if (node.isObject()) {
            ObjectNode out = object();
            node.fields().forEachRemaining(e -> out.set(e.getKey(), canonical(e.getValue())));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = array();
            node.forEach(v -> out.add(canonical(v)));
            return out;
        }
        return node;
    }

    static JsonNode number(long i) {
        return number(BigInteger.valueOf(i));
    }

    static JsonNode number(BigInteger i) {
        if (i.bitLength() < 32) {
            return NODES.numberNode(i.intValue());
        }
        if (i.bitLength() < 64) {
            return NODES.numberNode(i.longValue());
        }
        return NODES.numberNode(i);
    }

    /** Deep equality with numbers compared by value (1 equals 1.0). */
    static boolean same(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.getNodeType() != b.getNodeType()) {
            return false;
        }
        if (a.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!b.has(e.getKey()) || !same(e.getValue(), b.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!same(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** Short description of a value's JSON type for error messages. */
    static String typeOf(JsonNode node) {
        if (node == null || node.isNull()) {
            return "null";
        }
        if (node.isTextual()) {
            return "string";
        }
        if (node.isNumber()) {
            return "number";
        }
        if (node.isBoolean()) {
            return "boolean";
        }
        if (node.isArray()) {
            return "array";
        }
        return "object";
    }
}
