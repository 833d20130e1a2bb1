package dev.gatehouse.tenant.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * RFC 7644 §3.4.2.2 filters, parsed into a predicate over a resource's JSON: {@code eq ne co sw ew gt ge lt le pr},
 * {@code and or not}, parentheses and value paths ({@code emails[type eq "work" and value co "@acme"]}). Attribute
 * names are case-insensitive and may carry their schema URN; strings compare case-insensitively except the
 * case-exact {@code id} and {@code externalId}. Anything else is an {@code invalidFilter} error naming the spot.
 */
final class ScimFilter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> COMPARISONS = List.of("eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le");

    private final List<String> tokens;
    private int next;

    private ScimFilter(List<String> tokens) {
        this.tokens = tokens;
    }

    static Predicate<JsonNode> parse(String filter) {
        if (filter == null || filter.isBlank()) {
            return node -> true;
        }
        if (filter.length() > 2000) {
            throw ScimError.badRequest("invalidFilter", "the filter is longer than 2000 characters");
        }
        ScimFilter parser = new ScimFilter(tokenize(filter));
        Predicate<JsonNode> predicate = parser.or();
        if (parser.next != parser.tokens.size()) {
            throw ScimError.badRequest("invalidFilter", "unexpected '" + parser.tokens.get(parser.next) + "' in the filter");
        }
        return predicate;
    }

    private Predicate<JsonNode> or() {
        Predicate<JsonNode> left = and();
        while (peekKeyword("or")) {
            next++;
            left = left.or(and());
        }
        return left;
    }

    private Predicate<JsonNode> and() {
        Predicate<JsonNode> left = factor();
        while (peekKeyword("and")) {
            next++;
            left = left.and(factor());
        }
        return left;
    }

    private Predicate<JsonNode> factor() {
        if (peekKeyword("not")) {
            next++;
            expect("(");
            Predicate<JsonNode> inner = or();
            expect(")");
            return inner.negate();
        }
        if (peek("(")) {
            next++;
            Predicate<JsonNode> inner = or();
            expect(")");
            return inner;
        }
        String path = attributePath(take("an attribute name"));
        if (peek("[")) {
            next++;
            Predicate<JsonNode> inner = or();
            expect("]");
            if (peek(".")) {
                throw ScimError.badRequest("invalidFilter", "a sub-attribute after a value path is not supported in filters");
            }
            return resource -> elements(resource, path).stream().anyMatch(inner);
        }
        String operator = take("an operator").toLowerCase(Locale.ROOT);
        if (operator.equals("pr")) {
            return resource -> values(resource, path).stream().anyMatch(v -> !v.isNull() && !(v.isTextual() && v.asText().isEmpty()));
        }
        if (!COMPARISONS.contains(operator)) {
            throw ScimError.badRequest("invalidFilter", "unknown operator '" + operator + "'");
        }
        JsonNode literal = literal(take("a value"));
        boolean caseExact = path.equals("id") || path.equals("externalid");
        return resource -> values(resource, path).stream().anyMatch(v -> compare(v, operator, literal, caseExact));
    }

    /** The attribute's values at a (dotted) path; arrays are searched element by element, complex ones by their "value". */
    static List<JsonNode> values(JsonNode resource, String path) {
        return elements(resource, path).stream().map(v -> v.isObject() && v.has("value") ? v.get("value") : v).toList();
    }

    /** The attribute's elements at a (dotted) path, complex ones as they are. */
    static List<JsonNode> elements(JsonNode resource, String path) {
        List<JsonNode> current = List.of(resource);
        for (String part : path.split("\\.")) {
            List<JsonNode> found = new ArrayList<>();
            for (JsonNode node : current) {
                JsonNode child = field(node, part);
                if (child == null) {
                    continue;
                }
                if (child.isArray()) {
                    child.forEach(found::add);
                } else {
                    found.add(child);
                }
            }
            current = found;
        }
        return current;
    }

    private static JsonNode field(JsonNode node, String name) {
        if (!node.isObject()) {
            return null;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equalsIgnoreCase(name)) {
                return field.getValue();
            }
        }
        return null;
    }

    private static boolean compare(JsonNode value, String operator, JsonNode literal, boolean caseExact) {
        if (literal.isNull()) {
            return operator.equals("eq") ? value.isNull() : operator.equals("ne") && !value.isNull();
        }
        if (literal.isBoolean()) {
            boolean same = value.isBoolean() && value.asBoolean() == literal.asBoolean();
            return operator.equals("eq") ? same : operator.equals("ne") ? !same : invalid(operator, "a boolean");
        }
        if (literal.isNumber()) {
            if (!value.isNumber()) {
                return operator.equals("ne");
            }
            int order = Double.compare(value.asDouble(), literal.asDouble());
            return ordered(operator, order);
        }
        if (!value.isTextual()) {
            return operator.equals("ne");
        }
        String a = caseExact ? value.asText() : value.asText().toLowerCase(Locale.ROOT);
        String b = caseExact ? literal.asText() : literal.asText().toLowerCase(Locale.ROOT);
        return switch (operator) {
            case "eq" -> a.equals(b);
            case "ne" -> !a.equals(b);
            case "co" -> a.contains(b);
            case "sw" -> a.startsWith(b);
            case "ew" -> a.endsWith(b);
            default -> ordered(operator, a.compareTo(b));
        };
    }

    private static boolean ordered(String operator, int order) {
        return switch (operator) {
            case "eq" -> order == 0;
            case "ne" -> order != 0;
            case "gt" -> order > 0;
            case "ge" -> order >= 0;
            case "lt" -> order < 0;
            case "le" -> order <= 0;
            default -> invalid(operator, "a number");
        };
    }

    private static boolean invalid(String operator, String what) {
        throw ScimError.badRequest("invalidFilter", "'" + operator + "' does not apply to " + what);
    }

    /** Lower-cased, without a schema URN prefix ({@code urn:…:User:userName} is {@code username}). */
    static String attributePath(String raw) {
        String path = raw;
        if (path.regionMatches(true, 0, "urn:", 0, 4)) {
            for (String schema : List.of(Scim.USER_SCHEMA, Scim.GROUP_SCHEMA)) {
                if (path.regionMatches(true, 0, schema + ":", 0, schema.length() + 1)) {
                    path = path.substring(schema.length() + 1);
                }
            }
        }
        if (!path.matches("[A-Za-z][A-Za-z0-9_$.:-]*")) {
            throw ScimError.badRequest("invalidFilter", "'" + raw + "' is not an attribute name");
        }
        return path.toLowerCase(Locale.ROOT);
    }

    private JsonNode literal(String token) {
        if (token.startsWith("\"")) {
            try {
                return JSON.readTree(token);
            } catch (Exception e) {
                throw ScimError.badRequest("invalidFilter", "bad string literal " + token);
            }
        }
        return switch (token.toLowerCase(Locale.ROOT)) {
            case "true" -> com.fasterxml.jackson.databind.node.BooleanNode.TRUE;
            case "false" -> com.fasterxml.jackson.databind.node.BooleanNode.FALSE;
            case "null" -> com.fasterxml.jackson.databind.node.NullNode.instance;
            default -> {
                try {
                    yield com.fasterxml.jackson.databind.node.DecimalNode.valueOf(new java.math.BigDecimal(token));
                } catch (NumberFormatException e) {
                    throw ScimError.badRequest("invalidFilter", "'" + token + "' is not a value (strings are in double quotes)");
                }
            }
        };
    }

    private static List<String> tokenize(String filter) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < filter.length()) {
            char c = filter.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')' || c == '[' || c == ']') {
                tokens.add(String.valueOf(c));
                i++;
            } else if (c == '"') {
                int end = i + 1;
                while (end < filter.length() && filter.charAt(end) != '"') {
                    end += filter.charAt(end) == '\\' ? 2 : 1;
                }
                if (end >= filter.length()) {
                    throw ScimError.badRequest("invalidFilter", "a string in the filter is not closed");
                }
                tokens.add(filter.substring(i, end + 1));
                i = end + 1;
            } else {
                int end = i;
                while (end < filter.length() && !Character.isWhitespace(filter.charAt(end))
                        && "()[]\"".indexOf(filter.charAt(end)) < 0) {
                    end++;
                }
                tokens.add(filter.substring(i, end));
                i = end;
            }
        }
        return tokens;
    }

    private boolean peek(String token) {
        return next < tokens.size() && tokens.get(next).equals(token);
    }

    private boolean peekKeyword(String keyword) {
        return next < tokens.size() && tokens.get(next).equalsIgnoreCase(keyword);
    }

    private void expect(String token) {
        if (!peek(token)) {
            throw ScimError.badRequest("invalidFilter", "expected '" + token + "'"
                    + (next < tokens.size() ? " before '" + tokens.get(next) + "'" : " at the end"));
        }
        next++;
    }

    private String take(String what) {
        if (next >= tokens.size()) {
            throw ScimError.badRequest("invalidFilter", "the filter ends where " + what + " should be");
        }
        return tokens.get(next++);
    }
}
