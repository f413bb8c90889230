package dev.refinery.workflow.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Choice rules: the boolean operators And, Or, Not and every data-test comparison of the JSONPath
 * Amazon States Language. A comparison against a value of another type is false; a Variable that
 * selects nothing is a States.Runtime error except for IsPresent, as in the service.
 */
final class ChoiceRules {
    private static final Set<String> STRING_OPS = Set.of("StringEquals", "StringLessThan", "StringGreaterThan",
            "StringLessThanEquals", "StringGreaterThanEquals");
    private static final Set<String> NUMERIC_OPS = Set.of("NumericEquals", "NumericLessThan", "NumericGreaterThan",
            "NumericLessThanEquals", "NumericGreaterThanEquals");
    private static final Set<String> TIMESTAMP_OPS = Set.of("TimestampEquals", "TimestampLessThan",
            "TimestampGreaterThan", "TimestampLessThanEquals", "TimestampGreaterThanEquals");
    private static final Set<String> TYPE_TESTS = Set.of("IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean",
            "IsTimestamp");
    /** RFC 3339 date-time, the only timestamp form the service compares. */
    private static final Pattern RFC3339 = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})");

    private ChoiceRules() {
    }

    static boolean matches(JsonNode rule, JsonNode data, JsonNode context) {
        if (rule.has("And")) {
            for (JsonNode r : rule.get("And")) {
                if (!matches(r, data, context)) {
                    return false;
                }
            }
            return true;
        }
        if (rule.has("Or")) {
            for (JsonNode r : rule.get("Or")) {
                if (matches(r, data, context)) {
                    return true;
                }
            }
            return false;
        }
        if (rule.has("Not")) {
            return !matches(rule.get("Not"), data, context);
        }
        String variable = rule.get("Variable").textValue();
        String op = operator(rule);
        JsonNode operand = rule.get(op);
        if (op.equals("IsPresent")) {
            return JsonPaths.present(variable, data, context) == operand.booleanValue();
        }
        JsonNode value = JsonPaths.read(variable, data, context);
        if (TYPE_TESTS.contains(op)) {
            boolean is = switch (op) {
                case "IsNull" -> value.isNull();
                case "IsNumeric" -> value.isNumber();
                case "IsString" -> value.isTextual();
                case "IsBoolean" -> value.isBoolean();
                default -> isTimestamp(value);
            };
            return is == operand.booleanValue();
        }
        String base = op;
        if (op.endsWith("Path")) {
            base = op.substring(0, op.length() - 4);
            operand = JsonPaths.read(operand.textValue(), data, context);
        }
        if (base.equals("StringMatches")) {
            return value.isTextual() && operand.isTextual() && wildcard(operand.textValue(), value.textValue());
        }
        if (base.equals("BooleanEquals")) {
            return value.isBoolean() && operand.isBoolean() && value.booleanValue() == operand.booleanValue();
        }
        int cmp;
        if (STRING_OPS.contains(base)) {
            if (!value.isTextual() || !operand.isTextual()) {
                return false;
            }
            cmp = value.textValue().compareTo(operand.textValue());
        } else if (NUMERIC_OPS.contains(base)) {
            if (!value.isNumber() || !operand.isNumber()) {
                return false;
            }
            cmp = value.decimalValue().compareTo(operand.decimalValue());
        } else {
            if (!isTimestamp(value) || !isTimestamp(operand)) {
                return false;
            }
            cmp = OffsetDateTime.parse(value.textValue()).toInstant()
                    .compareTo(OffsetDateTime.parse(operand.textValue()).toInstant());
        }
        String relation = base.replaceFirst("^(String|Numeric|Timestamp)", "");
        return switch (relation) {
            case "Equals" -> cmp == 0;
            case "LessThan" -> cmp < 0;
            case "GreaterThan" -> cmp > 0;
            case "LessThanEquals" -> cmp <= 0;
            default -> cmp >= 0;
        };
    }

    static boolean isTimestamp(JsonNode value) {
        if (value == null || !value.isTextual() || !RFC3339.matcher(value.textValue()).matches()) {
            return false;
        }
        try {
            OffsetDateTime.parse(value.textValue());
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** StringMatches: '*' matches any run of characters; '\*' and '\\' are a literal star and backslash. */
    static boolean wildcard(String pattern, String value) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '*') {
                regex.append(".*");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(value).matches();
    }

    /** The one comparison operator of a data-test rule. */
    static String operator(JsonNode rule) {
        for (Iterator<String> it = rule.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("Variable") && !f.equals("Next") && !f.equals("Comment")) {
                return f;
            }
        }
        throw new IllegalStateException("validated rule without an operator");
    }

    /** Problems of a rule; {@code top} rules carry Next, nested ones must not. */
    static List<String> problems(String where, JsonNode rule, boolean top) {
        List<String> problems = new ArrayList<>();
        collect(where, rule, top, problems);
        return problems;
    }

    private static void collect(String where, JsonNode rule, boolean top, List<String> problems) {
        if (!rule.isObject()) {
            problems.add(where + ": a choice rule must be an object");
            return;
        }
        if (top && !rule.path("Next").isTextual()) {
            problems.add(where + ": a choice rule needs a Next");
        }
        if (!top && rule.has("Next")) {
            problems.add(where + ": a nested rule must not have a Next");
        }
        List<String> fields = new ArrayList<>();
        rule.fieldNames().forEachRemaining(f -> {
            if (!f.equals("Next") && !f.equals("Comment")) {
                fields.add(f);
            }
        });
        if (fields.contains("And") || fields.contains("Or")) {
            String op = fields.contains("And") ? "And" : "Or";
            if (fields.size() != 1) {
                problems.add(where + ": " + op + " cannot be combined with " + fields);
            }
            JsonNode list = rule.get(op);
            if (!list.isArray() || list.isEmpty()) {
                problems.add(where + ": " + op + " needs a non-empty array of rules");
                return;
            }
            for (int i = 0; i < list.size(); i++) {
                collect(where + "." + op + "[" + i + "]", list.get(i), false, problems);
            }
            return;
        }
        if (fields.contains("Not")) {
            if (fields.size() != 1) {
                problems.add(where + ": Not cannot be combined with " + fields);
            }
            collect(where + ".Not", rule.get("Not"), false, problems);
            return;
        }
        if (!rule.path("Variable").isTextual()) {
            problems.add(where + ": a data-test rule needs a Variable");
        } else {
            String problem = JsonPaths.problem(rule.get("Variable").textValue());
            if (problem != null) {
                problems.add(where + ".Variable: " + problem);
            }
        }
        fields.remove("Variable");
        if (fields.size() != 1) {
            problems.add(where + ": a data-test rule needs exactly one comparison operator, found " + fields);
            return;
        }
        String op = fields.get(0);
        JsonNode operand = rule.get(op);
        String base = op.endsWith("Path") ? op.substring(0, op.length() - 4) : op;
        boolean known = STRING_OPS.contains(base) || NUMERIC_OPS.contains(base) || TIMESTAMP_OPS.contains(base)
                || base.equals("BooleanEquals") || (op.equals("StringMatches")) || TYPE_TESTS.contains(op);
        if (!known || (op.endsWith("Path") && (TYPE_TESTS.contains(base) || base.equals("StringMatches")))) {
            problems.add(where + ": unknown comparison operator " + op);
            return;
        }
        if (op.endsWith("Path")) {
            String problem = operand.isTextual() ? JsonPaths.problem(operand.textValue()) : op + " needs a path";
            if (problem != null) {
                problems.add(where + "." + op + ": " + problem);
            }
        } else if (STRING_OPS.contains(op) || op.equals("StringMatches")) {
            if (!operand.isTextual()) {
                problems.add(where + ": " + op + " needs a string");
            }
        } else if (NUMERIC_OPS.contains(op)) {
            if (!operand.isNumber()) {
                problems.add(where + ": " + op + " needs a number");
            }
        } else if (TIMESTAMP_OPS.contains(op)) {
            if (!isTimestamp(operand)) {
                problems.add(where + ": " + op + " needs an RFC 3339 timestamp");
            }
        } else if (!operand.isBoolean()) {
            problems.add(where + ": " + op + " needs a boolean");
        }
    }
}
