package dev.gatehouse.ui.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.qute.TemplateData;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What the SSO setup page shows, read from tenant-service's answers. */
@TemplateData
public record SetupView(String tenantId, String tenantName, String acsUrl, String entityId, String metadataUrl,
                        boolean connected, String idpEntityId, String idpSsoUrl, int certificates, String idpMetadataUrl,
                        List<String> warnings, List<String> domains, List<PendingDomain> pendingDomains,
                        Map<String, String> attributes,
                        String groupMappings, List<String> roles, String base, Map<String, String> errors,
                        boolean canTestSignIn) {

    static SetupView of(JsonNode tenant, JsonNode sp, JsonNode connection, List<String> roles, String base,
                        Map<String, String> errors, boolean canTestSignIn) {
        List<String> domains = new ArrayList<>();
        tenant.path("domains").forEach(d -> domains.add(d.asText()));
        List<PendingDomain> pending = new ArrayList<>();
        tenant.path("pendingDomains").forEach(d -> pending.add(new PendingDomain(d.path("domain").asText(),
                d.path("txtName").asText(), d.path("txtValue").asText())));
        List<String> warnings = new ArrayList<>();
        Map<String, String> attributes = Map.of("email", "email", "firstName", "firstName", "lastName", "lastName",
                "uid", "uid", "groups", "groups");
        String groupMappings = "";
        boolean connected = connection != null && connection.has("type");
        if (connected) {
            connection.path("warnings").forEach(w -> warnings.add(w.asText()));
            JsonNode mapping = connection.path("attributeMapping");
            attributes = Map.of("email", mapping.path("email").asText(), "firstName", mapping.path("firstName").asText(),
                    "lastName", mapping.path("lastName").asText(), "uid", mapping.path("uid").asText(),
                    "groups", mapping.path("groups").asText());
            List<String> lines = new ArrayList<>();
            connection.path("groupMappings").forEach(m -> lines.add(m.path("group").asText() + " = " + m.path("role").asText()));
            groupMappings = lines.stream().collect(Collectors.joining("\n"));
        }
        JsonNode saml = connected ? connection.path("saml") : null;
        return new SetupView(tenant.path("id").asText(), tenant.path("name").asText(), sp.path("acsUrl").asText(),
                sp.path("entityId").asText(), sp.path("metadataUrl").asText(), connected,
                saml == null ? null : saml.path("entityId").asText(null), saml == null ? null : saml.path("ssoUrl").asText(null),
                saml == null ? 0 : saml.path("certificates").size(), saml == null ? null : saml.path("metadataUrl").asText(null),
                warnings, domains, pending, attributes, groupMappings, roles, base, errors, canTestSignIn);
    }

    /** A claimed domain waiting for its DNS proof: the TXT record the admin must create. */
    public record PendingDomain(String domain, String txtName, String txtValue) {
    }

    public String error(String field) {
        return errors.get(field);
    }
}
