package dev.gatehouse.ui.admin;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.ui.account.SessionRow;
import dev.gatehouse.ui.session.CurrentVisitor;
import dev.gatehouse.ui.session.Visitor;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A Tenant Admin's view of their tenant's users: granting and revoking roles in that tenant, who has enrolled a
 * second factor, and resetting a member's factors after a lost phone or key (tenant-service audits it).
 */
@Path("/admin/users")
@Produces(MediaType.TEXT_HTML)
public class UsersResource {

    @Inject
    CurrentVisitor current;

    @Inject
    TenantApi tenants;

    @Inject
    ObjectMapper json;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance users(String tenantId, List<Member> members, List<String> roles, String error);

        static native TemplateInstance memberSessions(String tenantId, String userId, List<SessionRow> sessions, String message,
                                                      String error);
    }

    @GET
    public Response list() {
        Visitor visitor = current.get().filter(Visitor::isTenantAdmin).orElse(null);
        if (visitor == null) {
            return SsoSetupResource.forbidden("Only a Tenant Admin of the current tenant can manage its users.");
        }
        return render(visitor, null, 200);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response change(@FormParam("userId") String userId, @FormParam("role") String role, @FormParam("action") String action) {
        Visitor visitor = current.get().filter(Visitor::isTenantAdmin).orElse(null);
        if (visitor == null) {
            return SsoSetupResource.forbidden("Only a Tenant Admin of the current tenant can manage its users.");
        }
        String member = "/v1/mgmt/tenants/" + TenantApi.segment(visitor.currentTenant()) + "/users/"
                + TenantApi.segment(userId == null ? "" : userId);
        String path = member + "/roles/" + TenantApi.segment(role == null ? "" : role);
        try {
            if ("reset-factors".equals(action)) {
                tenants.delete(visitor.sessionJwt(), member + "/factors");
            } else if ("revoke".equals(action)) {
                tenants.delete(visitor.sessionJwt(), path);
            } else {
                tenants.put(visitor.sessionJwt(), path, null);
            }
        } catch (TenantApi.Refused e) {
            return render(visitor, e.getMessage(), 400);
        }
        return Response.seeOther(URI.create("/admin/users")).build();
    }

    /** A member's sessions, for the tenant's admins. */
    @GET
    @Path("/{userId}/sessions")
    public Response memberSessions(@PathParam("userId") String userId) {
        Visitor visitor = current.get().filter(Visitor::isTenantAdmin).orElse(null);
        if (visitor == null) {
            return SsoSetupResource.forbidden("Only a Tenant Admin of the current tenant can manage its users.");
        }
        return sessionsPage(visitor, userId, null, null, 200);
    }

    @POST
    @Path("/{userId}/sessions")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response endMemberSessions(@PathParam("userId") String userId) {
        Visitor visitor = current.get().filter(Visitor::isTenantAdmin).orElse(null);
        if (visitor == null) {
            return SsoSetupResource.forbidden("Only a Tenant Admin of the current tenant can manage its users.");
        }
        try {
            JsonNode ended = tenants.delete(visitor.sessionJwt(), memberPath(visitor, userId) + "/sessions");
            return sessionsPage(visitor, userId, "Signed out everywhere (" + ended.path("ended").asInt() + " session(s)).", null, 200);
        } catch (TenantApi.Refused e) {
            return sessionsPage(visitor, userId, null, e.getMessage(), 400);
        }
    }

    private Response sessionsPage(Visitor visitor, String userId, String message, String error, int status) {
        List<SessionRow> rows = new ArrayList<>();
        try {
            for (JsonNode session : tenants.get(visitor.sessionJwt(), memberPath(visitor, userId) + "/sessions").path("sessions")) {
                rows.add(SessionRow.of(json.convertValue(session, new TypeReference<>() { })));
            }
        } catch (TenantApi.Refused e) {
            return SsoSetupResource.forbidden(e.getMessage());
        }
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE).header("Cache-Control", "no-store")
                .entity(Templates.memberSessions(visitor.currentTenant(), userId, rows, message, error).render()).build();
    }

    private static String memberPath(Visitor visitor, String userId) {
        return "/v1/mgmt/tenants/" + TenantApi.segment(visitor.currentTenant()) + "/users/" + TenantApi.segment(userId == null ? "" : userId);
    }

    private Response render(Visitor visitor, String error, int status) {
        String tenantId = visitor.currentTenant();
        List<Member> members = new ArrayList<>();
        JsonNode page = tenants.get(visitor.sessionJwt(), "/v1/mgmt/tenants/" + TenantApi.segment(tenantId) + "/users?size=200");
        for (JsonNode user : page.path("items")) {
            List<String> roles = new ArrayList<>();
            user.path("userTenants").forEach(t -> t.path("roleNames").forEach(r -> roles.add(r.asText())));
            members.add(new Member(user.path("userId").asText(), user.path("name").asText(""), user.path("email").asText(""), roles,
                    "—"));
        }
        members = withFactors(visitor, members);
        List<String> roles = new ArrayList<>();
        tenants.get(visitor.sessionJwt(), "/v1/mgmt/roles").forEach(r -> roles.add(r.path("name").asText()));
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE)
                .entity(Templates.users(tenantId, members, roles, error).render()).build();
    }

    /** Each member's second factors in words; unknown (not an error) when auth-service cannot say right now. */
    private List<Member> withFactors(Visitor visitor, List<Member> members) {
        if (members.isEmpty()) {
            return members;
        }
        JsonNode factors;
        try {
            factors = tenants.post(visitor.sessionJwt(), "/v1/mgmt/tenants/" + TenantApi.segment(visitor.currentTenant())
                    + "/users/factors", java.util.Map.of("userIds", members.stream().map(Member::userId).toList()));
        } catch (TenantApi.Refused e) {
            return members.stream().map(m -> m.withFactors("unknown")).toList();
        }
        return members.stream().map(m -> m.withFactors(describe(factors.path(m.userId())))).toList();
    }

    private static String describe(JsonNode enrolled) {
        List<String> parts = new ArrayList<>();
        if (enrolled.path("totp").asBoolean()) {
            parts.add("authenticator app");
        }
        int passkeys = enrolled.path("passkeys").asInt();
        if (passkeys > 0) {
            parts.add(passkeys == 1 ? "1 passkey" : passkeys + " passkeys");
        }
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    public record Member(String userId, String name, String email, List<String> roles, String factors) {

        Member withFactors(String described) {
            return new Member(userId, name, email, roles, described);
        }

        public boolean hasFactors() {
            return !"none".equals(factors) && !"unknown".equals(factors);
        }
    }
}
