package dev.gatehouse.ui.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.ui.session.LoginBinding;
import dev.gatehouse.ui.session.SessionFilters;
import dev.gatehouse.ui.upstream.AuthApi;
import dev.gatehouse.ui.upstream.TenantApi;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tenant admin's self-service SSO page, at {@code /admin/sso} (a signed-in Tenant Admin) and at
 * {@code /setup/{link}} (a setup link, no account needed). tenant-service checks the credential on every call.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class SsoSetupResource {

    @Inject
    SetupAccess access;

    @Inject
    TenantApi tenants;

    @Inject
    SessionFilters.Tokens tokens;

    @Inject
    LoginBinding binding;

    @Inject
    @RestClient
    AuthApi auth;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance ssoSetup(SetupView view, ScimView scim);

        static native TemplateInstance forbidden(String message);
    }

    @GET
    @Path("/admin/sso")
    public Response adminPage() {
        return access.asAdmin("/admin/sso", true, (credential, tenantId) -> page(credential, tenantId, "/admin/sso", Map.of(), null, 200));
    }

    @GET
    @Path("/setup/{link}")
    public Response setupPage(@PathParam("link") String link) {
        return access.asLink(link, (credential, tenantId) -> page(credential, tenantId, "/setup/" + link, Map.of(), null, 200));
    }

    @POST
    @Path("/admin/sso/{form}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response adminForm(@PathParam("form") String form, @FormParam("metadataUrl") String metadataUrl,
                              @FormParam("metadataXml") String metadataXml, @FormParam("domain") String domain,
                              @FormParam("email") String email, @FormParam("firstName") String firstName,
                              @FormParam("lastName") String lastName, @FormParam("uid") String uid,
                              @FormParam("groups") String groups, @FormParam("groupMappings") String groupMappings,
                              @FormParam("tokenId") String tokenId) {
        if ("test".equals(form)) {
            return access.asAdmin("/admin/sso", true, (credential, tenantId) -> testSignIn(tenantId));
        }
        return access.asAdmin("/admin/sso", true, (credential, tenantId) -> submit(credential, tenantId, "/admin/sso", form,
                new FormValues(metadataUrl, metadataXml, domain, email, firstName, lastName, uid, groups, groupMappings, tokenId)));
    }

    @POST
    @Path("/setup/{link}/{form}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response linkForm(@PathParam("link") String link, @PathParam("form") String form,
                             @FormParam("metadataUrl") String metadataUrl, @FormParam("metadataXml") String metadataXml,
                             @FormParam("domain") String domain, @FormParam("email") String email,
                             @FormParam("firstName") String firstName, @FormParam("lastName") String lastName,
                             @FormParam("uid") String uid, @FormParam("groups") String groups,
                             @FormParam("groupMappings") String groupMappings, @FormParam("tokenId") String tokenId) {
        return access.asLink(link, (credential, tenantId) -> submit(credential, tenantId, "/setup/" + link, form,
                new FormValues(metadataUrl, metadataXml, domain, email, firstName, lastName, uid, groups, groupMappings, tokenId)));
    }

    private Response submit(String credential, String tenantId, String base, String form, FormValues values) {
        String tenantPath = "/v1/mgmt/tenants/" + TenantApi.segment(tenantId);
        try {
            switch (form) {
                case "idp" -> {
                    Map<String, Object> saml = new LinkedHashMap<>();
                    if (values.metadataUrl() != null && !values.metadataUrl().isBlank()) {
                        saml.put("metadataUrl", values.metadataUrl().trim());
                    } else if (values.metadataXml() != null && !values.metadataXml().isBlank()) {
                        saml.put("metadataXml", values.metadataXml());
                    } else {
                        return page(credential, tenantId, base, Map.of("idp", "Give the IdP's metadata URL or paste its metadata XML."), null, 400);
                    }
                    tenants.put(credential, tenantPath + "/sso", Map.of("type", "saml", "saml", saml));
                }
                case "domains" -> tenants.post(credential, tenantPath + "/domains", Map.of("domain", values.domain() == null ? "" : values.domain()));
                case "verify" -> {
                    try {
                        tenants.post(credential, tenantPath + "/domains/" + TenantApi.segment(values.domain() == null ? "" : values.domain())
                                + "/verify", Map.of());
                    } catch (TenantApi.Refused e) {
                        return page(credential, tenantId, base, Map.of("domains", e.getMessage()), null, 400);
                    }
                }
                case "attributes" -> tenants.put(credential, tenantPath + "/sso/mappings", Map.of("attributeMapping", Map.of(
                        "email", orDefault(values.email(), "email"), "firstName", orDefault(values.firstName(), "firstName"),
                        "lastName", orDefault(values.lastName(), "lastName"), "uid", orDefault(values.uid(), "uid"),
                        "groups", orDefault(values.groups(), "groups"))));
                case "groups" -> tenants.put(credential, tenantPath + "/sso/mappings", Map.of("groupMappings", parseGroupMappings(values.groupMappings())));
                case "scim-token" -> {
                    // The token is shown on this one answer (no-store), never again.
                    String secret = tenants.post(credential, tenantPath + "/scim/tokens", null).path("secret").asText();
                    return page(credential, tenantId, base, Map.of(), secret, 200);
                }
                case "scim-revoke" -> tenants.delete(credential, tenantPath + "/scim/tokens/"
                        + TenantApi.segment(values.tokenId() == null ? "" : values.tokenId()));
                default -> {
                    return Response.status(404).build();
                }
            }
        } catch (TenantApi.Refused e) {
            return page(credential, tenantId, base, Map.of(form, e.getMessage()), null, e.status() >= 500 ? 502 : 400);
        } catch (IllegalArgumentException e) {
            return page(credential, tenantId, base, Map.of(form, e.getMessage()), null, 400);
        }
        return Response.seeOther(URI.create(base + "?saved=" + form)).build();
    }

    private Response testSignIn(String tenantId) {
        try {
            LoginBinding.Started started = binding.start();
            String url = auth.ssoStart(tokens.bearer(null), tenantId, started.redirectUrl(), Map.of()).get("url");
            return Response.seeOther(URI.create(url)).cookie(started.cookie()).build();
        } catch (WebApplicationException e) {
            return Response.seeOther(URI.create("/admin/sso?saved=test-failed")).build();
        }
    }

    private Response page(String credential, String tenantId, String base, Map<String, String> errors, String newScimToken,
                          int status) {
        String tenantPath = "/v1/mgmt/tenants/" + TenantApi.segment(tenantId);
        JsonNode tenant = tenants.get(credential, tenantPath);
        JsonNode sp = tenants.get(credential, tenantPath + "/sso/sp");
        JsonNode connection;
        try {
            connection = tenants.get(credential, tenantPath + "/sso");
        } catch (TenantApi.Refused e) {
            connection = null;
        }
        List<String> roles = new ArrayList<>();
        tenants.get(credential, "/v1/mgmt/roles").forEach(role -> roles.add(role.path("name").asText()));
        SetupView view = SetupView.of(tenant, sp, connection, roles, base, errors, base.startsWith("/admin"));
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE).header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", "no-store").entity(Templates.ssoSetup(view, ScimView.of(
                        tenants.get(credential, tenantPath + "/scim/tokens"), newScimToken)).render()).build();
    }

    static Response forbidden(String message) {
        return Response.status(403).type(MediaType.TEXT_HTML_TYPE).entity(Templates.forbidden(message).render()).build();
    }

    static List<Map<String, String>> parseGroupMappings(String text) {
        List<Map<String, String>> mappings = new ArrayList<>();
        if (text == null) {
            return mappings;
        }
        for (String line : text.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            int arrow = line.indexOf("=");
            if (arrow <= 0 || arrow == line.length() - 1) {
                throw new IllegalArgumentException("Write one mapping per line as: group = Role (\"" + line.trim() + "\")");
            }
            mappings.add(Map.of("group", line.substring(0, arrow).trim(), "role", line.substring(arrow + 1).trim()));
        }
        return mappings;
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    record FormValues(String metadataUrl, String metadataXml, String domain, String email, String firstName,
                      String lastName, String uid, String groups, String groupMappings, String tokenId) {
    }
}
