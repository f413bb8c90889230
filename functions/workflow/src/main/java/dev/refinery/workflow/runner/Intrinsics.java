package dev.refinery.workflow.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * The intrinsic functions of JSONPath states ({@code States.Format}, {@code States.MathAdd} ...),
 * with the argument rules the service documents: string literals in single quotes with the escapes
 * {@code \' \{ \} \\}, paths, numbers, booleans, null and nested calls.
 */
final class Intrinsics {
    /** Each function with its allowed argument counts (max -1: any). */
    private static final Map<String, int[]> ARITY = Map.ofEntries(
            Map.entry("States.Format", new int[] {1, -1}),
            Map.entry("States.StringToJson", new int[] {1, 1}),
            Map.entry("States.JsonToString", new int[] {1, 1}),
            Map.entry("States.Array", new int[] {0, -1}),
            Map.entry("States.ArrayPartition", new int[] {2, 2}),
            Map.entry("States.ArrayContains", new int[] {2, 2}),
            Map.entry("States.ArrayRange", new int[] {3, 3}),
            Map.entry("States.ArrayGetItem", new int[] {2, 2}),
            Map.entry("States.ArrayLength", new int[] {1, 1}),
            Map.entry("States.ArrayUnique", new int[] {1, 1}),
            Map.entry("States.Base64Encode", new int[] {1, 1}),
            Map.entry("States.Base64Decode", new int[] {1, 1}),
            Map.entry("States.Hash", new int[] {2, 2}),
            Map.entry("States.JsonMerge", new int[] {3, 3}),
            Map.entry("States.MathRandom", new int[] {2, 3}),
            Map.entry("States.MathAdd", new int[] {2, 2}),
            Map.entry("States.StringSplit", new int[] {2, 2}),
            Map.entry("States.UUID", new int[] {0, 0}));
    private static final Map<String, String> HASHES = Map.of(
            "MD5", "MD5", "SHA-1", "SHA-1", "SHA-256", "SHA-256", "SHA-384", "SHA-384", "SHA-512", "SHA-512");
    private static final int MAX_NESTING = 10;
    private static final Map<String, Call> PARSED = new ConcurrentHashMap<>();

    private Intrinsics() {
    }

    /** An argument: a literal, a path or a nested call. */
    sealed interface Arg permits Literal, StringLiteral, PathArg, Call {
    }

    record Literal(JsonNode value) implements Arg {
    }

    /** {@code raw} keeps the escapes so States.Format can tell a placeholder from an escaped brace. */
    record StringLiteral(String value, String raw) implements Arg {
    }

    record PathArg(String path) implements Arg {
    }

    record Call(String function, List<Arg> args) implements Arg {
    }

    static boolean looksLikeCall(String s) {
        return s != null && s.startsWith("States.");
    }

    /** Null when the expression is valid, else why not. */
    static String problem(String expression) {
        try {
            parse(expression);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    static Call parse(String expression) {
        Call cached = PARSED.get(expression);
        if (cached != null) {
            return cached;
        }
        Parser parser = new Parser(expression);
        Call call = parser.call(0);
        parser.skipSpaces();
        if (parser.pos != expression.length()) {
            throw parser.error("unexpected text after the closing parenthesis");
        }
        PARSED.put(expression, call);
        return call;
    }

    static JsonNode evaluate(String expression, JsonNode data, JsonNode context, RandomGenerator random) {
        return evaluate(parse(expression), data, context, random);
    }

    private static JsonNode evaluate(Call call, JsonNode data, JsonNode context, RandomGenerator random) {
        List<JsonNode> args = new ArrayList<>();
        for (Arg arg : call.args()) {
            if (arg instanceof Literal l) {
                args.add(l.value());
            } else if (arg instanceof StringLiteral s) {
                args.add(JsonValues.text(s.value()));
            } else if (arg instanceof PathArg p) {
                args.add(JsonPaths.read(p.path(), data, context));
            } else {
                args.add(evaluate((Call) arg, data, context, random));
            }
        }
        String f = call.function();
        return switch (f) {
            case "States.Format" -> format(call, args);
            case "States.StringToJson" -> {
                String s = string(f, args, 0);
                try {
                    yield JsonValues.parse(s);
                } catch (IllegalArgumentException e) {
                    throw StatesError.runtime(f + ": argument is not a JSON text: " + e.getMessage());
                }
            }
            case "States.JsonToString" -> JsonValues.text(JsonValues.write(args.get(0)));
            case "States.Array" -> {
                ArrayNode out = JsonValues.array();
                args.forEach(out::add);
                yield out;
            }
            case "States.ArrayPartition" -> {
                ArrayNode array = array(f, args, 0);
                long size = integer(f, args, 1);
                if (size <= 0) {
                    throw StatesError.runtime(f + ": the chunk size must be a positive integer, got " + size);
                }
                ArrayNode out = JsonValues.array();
                for (int i = 0; i < array.size(); i += (int) size) {
                    ArrayNode chunk = out.addArray();
                    for (int j = i; j < Math.min(array.size(), i + size); j++) {
                        chunk.add(array.get(j));
                    }
                }
                yield out;
            }
            case "States.ArrayContains" -> {
                ArrayNode array = array(f, args, 0);
                boolean found = false;
                for (JsonNode item : array) {
                    found |= JsonValues.same(item, args.get(1));
                }
                yield JsonValues.NODES.booleanNode(found);
            }
            case "States.ArrayRange" -> {
                long start = integer(f, args, 0);
                long end = integer(f, args, 1);
                long step = integer(f, args, 2);
                if (step == 0) {
                    throw StatesError.runtime(f + ": the step must not be 0");
                }
                ArrayNode out = JsonValues.array();
                for (long v = start; step > 0 ? v <= end : v >= end; v += step) {
                    if (out.size() == 1000) {
                        throw StatesError.runtime(f + ": the range would have more than 1000 items");
                    }
                    out.add(JsonValues.number(v));
                }
                yield out;
            }
            case "States.ArrayGetItem" -> {
                ArrayNode array = array(f, args, 0);
                long index = integer(f, args, 1);
                if (index < 0 || index >= array.size()) {
                    throw StatesError.runtime(f + ": index " + index + " is outside an array of " + array.size() + " items");
                }
                yield array.get((int) index);
            }
            case "States.ArrayLength" -> JsonValues.NODES.numberNode(array(f, args, 0).size());
            case "States.ArrayUnique" -> {
                ArrayNode out = JsonValues.array();
                for (JsonNode item : array(f, args, 0)) {
                    boolean seen = false;
                    for (JsonNode kept : out) {
                        seen |= JsonValues.same(kept, item);
                    }
                    if (!seen) {
                        out.add(item);
                    }
                }
                yield out;
            }
            case "States.Base64Encode" -> {
                String s = limited(f, string(f, args, 0));
                yield JsonValues.text(Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)));
            }
            case "States.Base64Decode" -> {
                String s = limited(f, string(f, args, 0));
                try {
                    yield JsonValues.text(new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw StatesError.runtime(f + ": not a Base64 string: " + e.getMessage());
                }
            }
            case "States.Hash" -> {
                String data2 = limited(f, string(f, args, 0));
                String algorithm = HASHES.get(string(f, args, 1));
                if (algorithm == null) {
                    throw StatesError.runtime(f + ": algorithm must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512");
                }
                try {
                    byte[] digest = MessageDigest.getInstance(algorithm).digest(data2.getBytes(StandardCharsets.UTF_8));
                    yield JsonValues.text(HexFormat.of().formatHex(digest));
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException("the JVM lacks " + algorithm, e);
                }
            }
            case "States.JsonMerge" -> {
                ObjectNode first = object(f, args, 0);
                ObjectNode second = object(f, args, 1);
                if (!args.get(2).isBoolean()) {
                    throw StatesError.runtime(f + ": argument 3 must be a boolean");
                }
                if (args.get(2).booleanValue()) {
                    throw StatesError.runtime(f + ": only the shallow merge is supported; argument 3 must be false");
                }
                ObjectNode out = first.deepCopy();
                second.fields().forEachRemaining(e -> out.set(e.getKey(), e.getValue()));
                yield out;
            }
            case "States.MathRandom" -> {
                long start = rounded(f, args, 0);
                long end = rounded(f, args, 1);
                if (start >= end) {
                    throw StatesError.runtime(f + ": the start must be less than the end (the end is exclusive)");
                }
                RandomGenerator source = args.size() == 3 ? new Random(rounded(f, args, 2)) : random;
                yield JsonValues.number(source.nextLong(start, end));
            }
            case "States.MathAdd" -> {
                long a = rounded(f, args, 0);
                long b = rounded(f, args, 1);
                for (long v : new long[] {a, b}) {
                    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                        throw StatesError.runtime(f + ": arguments must be between -2147483648 and 2147483647, got " + v);
                    }
                }
                yield JsonValues.number(a + b);
            }
            case "States.StringSplit" -> {
                String s = string(f, args, 0);
                String delimiters = string(f, args, 1);
                ArrayNode out = JsonValues.array();
                StringBuilder token = new StringBuilder();
                for (int i = 0; i < s.length(); i++) {
                    char c = s.charAt(i);
                    if (delimiters.indexOf(c) >= 0) {
                        if (!token.isEmpty()) {
                            out.add(token.toString());
                            token.setLength(0);
                        }
                    } else {
                        token.append(c);
                    }
                }
                if (!token.isEmpty()) {
                    out.add(token.toString());
                }
                yield out;
            }
            case "States.UUID" -> JsonValues.text(new UUID((random.nextLong() & ~0xF000L) | 0x4000L,
                    (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString());
            default -> throw new IllegalStateException("unchecked intrinsic " + f);
        };
    }

    private static JsonNode format(Call call, List<JsonNode> args) {
        String f = call.function();
        Arg templateArg = call.args().get(0);
        JsonNode template = args.get(0);
        if (!template.isTextual()) {
            throw StatesError.runtime(f + ": argument 1 must be a string, got " + JsonValues.typeOf(template));
        }
        // From a literal, an escaped brace is text; from a path every "{}" is a placeholder.
        String raw = templateArg instanceof StringLiteral s ? s.raw() : template.textValue();
        StringBuilder out = new StringBuilder();
        int next = 1;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (templateArg instanceof StringLiteral && c == '\\' && i + 1 < raw.length()) {
                out.append(raw.charAt(++i));
            } else if (c == '{' && i + 1 < raw.length() && raw.charAt(i + 1) == '}') {
                if (next >= args.size()) {
                    throw StatesError.runtime(f + ": the template has more {} than there are arguments");
                }
                JsonNode value = args.get(next++);
                if (value.isContainerNode()) {
                    throw StatesError.runtime(f + ": argument " + next + " must be a string, number, boolean or null, got " + JsonValues.typeOf(value));
                }
                out.append(value.isTextual() ? value.textValue() : JsonValues.write(value));
                i++;
            } else {
                out.append(c);
            }
        }
        if (next != args.size()) {
            throw StatesError.runtime(f + ": the template has fewer {} than there are arguments");
        }
        return JsonValues.text(out.toString());
    }

    private static String limited(String f, String s) {
        if (s.length() > 10_000) {
            throw StatesError.runtime(f + ": the input is longer than 10000 characters");
        }
        return s;
    }

    private static String string(String f, List<JsonNode> args, int i) {
        JsonNode v = args.get(i);
        if (!v.isTextual()) {
            throw StatesError.runtime(f + ": argument " + (i + 1) + " must be a string, got " + JsonValues.typeOf(v));
        }
        return v.textValue();
    }

    private static ArrayNode array(String f, List<JsonNode> args, int i) {
        JsonNode v = args.get(i);
        if (!v.isArray()) {
            throw StatesError.runtime(f + ": argument " + (i + 1) + " must be an array, got " + JsonValues.typeOf(v));
        }
        return (ArrayNode) v;
    }

    private static ObjectNode object(String f, List<JsonNode> args, int i) {
        JsonNode v = args.get(i);
        if (!v.isObject()) {
            throw StatesError.runtime(f + ": argument " + (i + 1) + " must be an object, got " + JsonValues.typeOf(v));
        }
        return (ObjectNode) v;
    }

    private static long integer(String f, List<JsonNode> args, int i) {
        JsonNode v = args.get(i);
        if (!v.isNumber() || v.decimalValue().stripTrailingZeros().scale() > 0) {
            throw StatesError.runtime(f + ": argument " + (i + 1) + " must be an integer, got " + JsonValues.write(v));
        }
        return v.longValue();
    }

    /** The service rounds a non-integer number to the nearest integer for these arguments. */
    private static long rounded(String f, List<JsonNode> args, int i) {
        JsonNode v = args.get(i);
        if (!v.isNumber()) {
            throw StatesError.runtime(f + ": argument " + (i + 1) + " must be a number, got " + JsonValues.typeOf(v));
        }
        BigDecimal d = v.decimalValue().setScale(0, RoundingMode.HALF_UP);
        return d.longValue();
    }

    /** Recursive-descent parser of one intrinsic call. */
    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        Call call(int depth) {
            if (depth >= MAX_NESTING) {
                throw error("intrinsic functions nest at most " + MAX_NESTING + " deep");
            }
            skipSpaces();
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
                pos++;
            }
            String name = text.substring(start, pos);
            if (!ARITY.containsKey(name)) {
                throw error("unknown intrinsic function '" + name + "'");
            }
            skipSpaces();
            expect('(');
            List<Arg> args = new ArrayList<>();
            skipSpaces();
            if (peek() == ')') {
                pos++;
            } else {
                while (true) {
                    args.add(arg(depth));
                    skipSpaces();
                    char c = peek();
                    pos++;
                    if (c == ')') {
                        break;
                    }
                    if (c != ',') {
                        throw error("expected ',' or ')'");
                    }
                }
            }
            int[] arity = ARITY.get(name);
            if (args.size() < arity[0] || (arity[1] >= 0 && args.size() > arity[1])) {
                throw error(name + " takes " + (arity[0] == arity[1] ? String.valueOf(arity[0])
                        : arity[1] < 0 ? "at least " + arity[0] : arity[0] + " to " + arity[1])
                        + " arguments, got " + args.size());
            }
            return new Call(name, List.copyOf(args));
        }

        private Arg arg(int depth) {
            skipSpaces();
            char c = peek();
            if (c == '\'') {
                return string();
            }
            if (c == '$') {
                return path();
            }
            if (text.startsWith("States.", pos)) {
                return call(depth + 1);
            }
            int start = pos;
            while (pos < text.length() && ",) ".indexOf(text.charAt(pos)) < 0) {
                pos++;
            }
            String token = text.substring(start, pos);
            if (token.equals("true") || token.equals("false") || token.equals("null")) {
                return new Literal(JsonValues.parse(token));
            }
            if (token.matches("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?")) {
                return new Literal(JsonValues.parse(token));
            }
            throw error("'" + token + "' is not a string, number, boolean, null, path or intrinsic function");
        }

        private StringLiteral string() {
            pos++;
            StringBuilder value = new StringBuilder();
            int start = pos;
            while (true) {
                if (pos >= text.length()) {
                    throw error("unterminated string literal");
                }
                char c = text.charAt(pos);
                if (c == '\\') {
                    if (pos + 1 >= text.length() || "'{}\\".indexOf(text.charAt(pos + 1)) < 0) {
                        throw error("open escape: a backslash must be followed by ', {, } or \\");
                    }
                    value.append(text.charAt(pos + 1));
                    pos += 2;
                } else if (c == '\'') {
                    String raw = text.substring(start, pos);
                    pos++;
                    return new StringLiteral(value.toString(), raw);
                } else {
                    value.append(c);
                    pos++;
                }
            }
        }

        private PathArg path() {
            int start = pos;
            int brackets = 0;
            char quote = 0;
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '[' || c == '(') {
                    brackets++;
                } else if (c == ']' || (c == ')' && brackets > 0)) {
                    brackets--;
                } else if (brackets == 0 && (c == ',' || c == ')')) {
                    break;
                }
                pos++;
            }
            String path = text.substring(start, pos).trim();
            String problem = JsonPaths.problem(path);
            if (problem != null) {
                throw error(problem);
            }
            return new PathArg(path);
        }

        void skipSpaces() {
            while (pos < text.length() && text.charAt(pos) == ' ') {
                pos++;
            }
        }

        private char peek() {
            if (pos >= text.length()) {
                throw error("unexpected end");
            }
            return text.charAt(pos);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        IllegalArgumentException error(String why) {
            return new IllegalArgumentException("invalid intrinsic function '" + text + "' at " + pos + ": " + why);
        }
    }
}
