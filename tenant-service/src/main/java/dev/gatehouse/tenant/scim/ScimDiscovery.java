package dev.gatehouse.tenant.scim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** What RFC 7644 §4 discovery says about this service provider: what it supports, its resource types and schemas. */
final class ScimDiscovery {

    private ScimDiscovery() {
    }

    static String serviceProviderConfig(ObjectMapper json, String base) {
        ObjectNode config = json.createObjectNode();
        config.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig");
        config.put("documentationUri", "https://github.com/gatehouse/gatehouse#directory-sync-scim");
        config.putObject("patch").put("supported", true);
        config.putObject("bulk").put("supported", false).put("maxOperations", 0).put("maxPayloadSize", 0);
        config.putObject("filter").put("supported", true).put("maxResults", 500);
        config.putObject("changePassword").put("supported", false);
        config.putObject("sort").put("supported", false);
        config.putObject("etag").put("supported", true);
        config.putArray("authenticationSchemes").addObject().put("type", "oauthbearertoken")
                .put("name", "Bearer token").put("description", "The tenant's SCIM token, from its SSO setup page")
                .put("primary", true);
        config.putObject("meta").put("resourceType", "ServiceProviderConfig").put("location", base + "/ServiceProviderConfig");
        return config.toString();
    }

    static String resourceTypes(ObjectMapper json, String base) {
        ObjectNode list = listOf(json, 2);
        ArrayNode resources = list.putArray("Resources");
        ObjectNode user = resourceType(resources, "User", "/Users", Scim.USER_SCHEMA, base);
        user.putArray("schemaExtensions").addObject().put("schema", Scim.ENTERPRISE_SCHEMA).put("required", false);
        resourceType(resources, "Group", "/Groups", Scim.GROUP_SCHEMA, base);
        return list.toString();
    }

    static String schemas(ObjectMapper json) {
        ObjectNode list = listOf(json, 3);
        ArrayNode resources = list.putArray("Resources");
        ObjectNode user = schema(resources, Scim.USER_SCHEMA, "User");
        ArrayNode userAttributes = user.putArray("attributes");
        attribute(userAttributes, "userName", "string", false, true, false);
        attribute(userAttributes, "externalId", "string", false, false, true);
        ObjectNode name = attribute(userAttributes, "name", "complex", false, false, false);
        ArrayNode nameParts = name.putArray("subAttributes");
        for (String part : new String[]{"formatted", "familyName", "givenName"}) {
            attribute(nameParts, part, "string", false, false, false);
        }
        attribute(userAttributes, "displayName", "string", false, false, false);
        attribute(userAttributes, "active", "boolean", false, false, false);
        ObjectNode emails = attribute(userAttributes, "emails", "complex", true, false, false);
        ArrayNode emailParts = emails.putArray("subAttributes");
        attribute(emailParts, "value", "string", false, false, false);
        attribute(emailParts, "type", "string", false, false, false);
        attribute(emailParts, "primary", "boolean", false, false, false);
        ObjectNode group = schema(resources, Scim.GROUP_SCHEMA, "Group");
        ArrayNode groupAttributes = group.putArray("attributes");
        attribute(groupAttributes, "displayName", "string", false, true, false);
        ObjectNode members = attribute(groupAttributes, "members", "complex", true, false, false);
        attribute(members.putArray("subAttributes"), "value", "string", false, false, true);
        ObjectNode enterprise = schema(resources, Scim.ENTERPRISE_SCHEMA, "EnterpriseUser");
        ArrayNode enterpriseAttributes = enterprise.putArray("attributes");
        for (String simple : new String[]{"employeeNumber", "costCenter", "organization", "division", "department"}) {
            attribute(enterpriseAttributes, simple, "string", false, false, false);
        }
        return list.toString();
    }

    private static ObjectNode listOf(ObjectMapper json, int total) {
        ObjectNode list = json.createObjectNode();
        list.putArray("schemas").add(Scim.LIST_SCHEMA);
        list.put("totalResults", total).put("startIndex", 1).put("itemsPerPage", total);
        return list;
    }

    private static ObjectNode resourceType(ArrayNode resources, String name, String endpoint, String schema, String base) {
        ObjectNode type = resources.addObject();
        type.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:ResourceType");
        type.put("id", name).put("name", name).put("endpoint", endpoint).put("schema", schema);
        type.putObject("meta").put("resourceType", "ResourceType").put("location", base + "/ResourceTypes/" + name);
        return type;
    }

    private static ObjectNode schema(ArrayNode resources, String id, String name) {
        ObjectNode schema = resources.addObject();
        schema.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:Schema");
        schema.put("id", id).put("name", name);
        schema.putObject("meta").put("resourceType", "Schema");
        return schema;
    }

    private static ObjectNode attribute(ArrayNode attributes, String name, String type, boolean multiValued,
                                        boolean required, boolean caseExact) {
        return attributes.addObject().put("name", name).put("type", type).put("multiValued", multiValued)
                .put("required", required).put("caseExact", caseExact).put("mutability", "readWrite")
                .put("returned", "default").put("uniqueness", name.equals("userName") || name.equals("displayName") ? "server" : "none");
    }
}
