package dev.gatehouse.tenant.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RFC 7644 §3.5.2 PATCH on a stored resource, in the shapes IdPs send: Okta's {@code replace} with a path-less value
 * map ({@code {"active": false}}), Entra ID's capitalised {@code "Replace"}, dotted keys ({@code "name.givenName"}),
 * string booleans ({@code "False"}), filtered paths ({@code emails[type eq "work"].value}) that create the element
 * when it is missing, and the enterprise extension by its URN. Group members are not here: {@link ScimGroups}.
 */
final class ScimPatch {

    private static final Pattern PATH = Pattern.compile("([A-Za-z][A-Za-z0-9_$-]*)(?:\\[(.+)])?(?:\\.([A-Za-z][A-Za-z0-9_$-]*))?");
    private static final Pattern SIMPLE_EQ = Pattern.compile("\\s*([A-Za-z]+)\\s+eq\\s+\"([^\"]*)\"\\s*", Pattern.CASE_INSENSITIVE);

    private ScimPatch() {
    }

    /** The operation's verb, whatever its case; anything else is invalidSyntax. */
    static String verb(JsonNode operation) {
        String op = operation.path("op").asText("").toLowerCase(Locale.ROOT);
        if (!op.equals("add") && !op.equals("replace") && !op.equals("remove")) {
            throw ScimError.badRequest("invalidSyntax", "op must be add, replace or remove, not '" + operation.path("op").asText() + "'");
        }
        return op;
    }

    static JsonNode operations(JsonNode body) {
        JsonNode operations = body.path("Operations");
        if (!operations.isArray() || operations.isEmpty()) {
            throw ScimError.badRequest("invalidSyntax", "a PatchOp needs a non-empty Operations array");
        }
        return operations;
    }

    static void apply(ObjectNode resource, JsonNode operation) {
        String op = verb(operation);
        JsonNode path = operation.get("path");
        JsonNode value = operation.get("value");
        if (path == null || path.isNull() || path.asText().isBlank()) {
            if (op.equals("remove")) {
                throw ScimError.badRequest("noTarget", "remove needs a path");
            }
            if (value == null || !value.isObject()) {
                throw ScimError.badRequest("invalidValue", op + " without a path needs an object of attributes");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                at(resource, op, field.getKey(), field.getValue());
            }
            return;
        }
        if (!op.equals("remove") && value == null) {
            throw ScimError.badRequest("invalidValue", op + " of " + path.asText() + " needs a value");
        }
        at(resource, op, path.asText(), value);
    }

    private static void at(ObjectNode resource, String op, String rawPath, JsonNode value) {
        ObjectNode container = resource;
        String path = rawPath.trim();
        if (path.regionMatches(true, 0, Scim.ENTERPRISE_SCHEMA, 0, Scim.ENTERPRISE_SCHEMA.length())) {
            String rest = path.substring(Scim.ENTERPRISE_SCHEMA.length());
            if (rest.isEmpty()) {
                if (op.equals("remove")) {
                    resource.remove(Scim.ENTERPRISE_SCHEMA);
                } else if (value.isObject()) {
                    resource.with(Scim.ENTERPRISE_SCHEMA).setAll((ObjectNode) value);
                } else {
                    throw ScimError.badRequest("invalidValue", "the enterprise extension takes an object");
                }
                return;
            }
            container = resource.with(Scim.ENTERPRISE_SCHEMA);
            path = rest.substring(1);
        } else {
            for (String schema : new String[]{Scim.USER_SCHEMA, Scim.GROUP_SCHEMA}) {
                if (path.regionMatches(true, 0, schema + ":", 0, schema.length() + 1)) {
                    path = path.substring(schema.length() + 1);
                }
            }
        }
        Matcher m = PATH.matcher(path);
        if (!m.matches()) {
            throw ScimError.badRequest("invalidPath", "'" + rawPath + "' is not a path this service understands");
        }
        String attribute = existingName(container, m.group(1));
        String filter = m.group(2);
        String sub = m.group(3);
        JsonNode normalised = attribute.equalsIgnoreCase("active") || "active".equalsIgnoreCase(sub) ? bool(value) : value;
        if (filter != null) {
            filtered(container, op, attribute, filter, sub, normalised, rawPath);
        } else if (sub != null) {
            ObjectNode parent = container.with(attribute);
            String child = existingName(parent, sub);
            if (op.equals("remove")) {
                parent.remove(child);
            } else {
                parent.set(child, normalised);
            }
        } else if (op.equals("remove")) {
            container.remove(attribute);
        } else if (op.equals("add") && container.get(attribute) instanceof ArrayNode existing) {
            if (normalised.isArray()) {
                normalised.forEach(existing::add);
            } else {
                existing.add(normalised);
            }
        } else if (op.equals("add") && normalised.isObject() && container.get(attribute) instanceof ObjectNode existing) {
            existing.setAll((ObjectNode) normalised);
        } else {
            container.set(attribute, normalised);
        }
    }

    private static void filtered(ObjectNode container, String op, String attribute, String filter, String sub,
                                 JsonNode value, String rawPath) {
        Predicate<JsonNode> matches = ScimFilter.parse(filter);
        JsonNode current = container.get(attribute);
        ArrayNode array = current instanceof ArrayNode a ? a : container.putArray(attribute);
        boolean any = false;
        for (int i = array.size() - 1; i >= 0; i--) {
            JsonNode element = array.get(i);
            if (!matches.test(element)) {
                continue;
            }
            any = true;
            if (op.equals("remove") && sub == null) {
                array.remove(i);
            } else if (element instanceof ObjectNode object) {
                if (sub == null) {
                    if (value.isObject()) {
                        object.setAll((ObjectNode) value);
                    }
                } else if (op.equals("remove")) {
                    object.remove(existingName(object, sub));
                } else {
                    object.set(existingName(object, sub), value);
                }
            }
        }
        if (!any && !op.equals("remove")) {
            // Entra ID replaces emails[type eq "work"].value on a user that has no work email yet: create it.
            Matcher eq = SIMPLE_EQ.matcher(filter);
            if (!eq.matches()) {
                throw ScimError.badRequest("noTarget", "nothing matches " + rawPath);
            }
            ObjectNode created = array.addObject();
            created.put(eq.group(1), eq.group(2));
            if (sub != null) {
                created.set(sub, value);
            } else if (value.isObject()) {
                created.setAll((ObjectNode) value);
            }
        }
    }

    private static JsonNode bool(JsonNode value) {
        if (value != null && value.isTextual()) {
            String text = value.asText().trim().toLowerCase(Locale.ROOT);
            if (text.equals("true") || text.equals("false")) {
                return BooleanNode.valueOf(text.equals("true"));
            }
        }
        return value;
    }

    /** The stored attribute's own spelling when one exists in another case; SCIM names are case-insensitive. */
    static String existingName(ObjectNode node, String name) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (field.equalsIgnoreCase(name)) {
                return field;
            }
        }
        return name;
    }
}
