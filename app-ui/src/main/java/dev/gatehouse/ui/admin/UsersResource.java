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
 * second factor, resetting a member's factors after a lost phone or key, and inviting new members (tenant-service
 * decides and audits each).
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
        static native TemplateInstance users(String tenantId, List<Member> members, List<String> roles,
                                             List<InvitationRow> invitations, String message, String error);

        static native TemplateInstance memberSessions(String tenantId, String userId, List<SessionRow> sessions, String message,
                                                      String error);
    }

    @GET
    public Response list() {
        Visitor visitor = current.get().filter(Visitor::isTenantAdmin).orElse(null);
        if (visitor == null) {
            return SsoSetupResource.forbidden("Only a Tenant Admin of the current tenant can manage its users.");
        }
        return render(visitor, null, null, 200);
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
            return render(visitor, null, e.getMessage(), 400);
        }
        return Response.seeOther(URI.create("/admin/users")).build();
    }

    /** Invite an address (with an optional role), or resend or revoke an invitation. */
    @POST
    @Path("/invitations")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response invitations(@FormParam("email") String email, @FormParam("role") String role,
                                @FormParam("invitationId") String invitationId, @FormParam("action") String action) {
        Visitor visitor = current.get().filter(Visitor::isTenantAdmin).orElse(null);
        if (visitor == null) {
            return SsoSetupResource.forbidden("Only a Tenant Admin of the current tenant can manage its users.");
        }
        String base = "/v1/mgmt/tenants/" + TenantApi.segment(visitor.currentTenant()) + "/invitations";
        String id = TenantApi.segment(invitationId == null ? "" : invitationId);
        try {
            JsonNode sent;
            switch (action == null ? "" : action) {
                case "invite" -> sent = tenants.post(visitor.sessionJwt(), base, java.util.Map.of("email", email == null ? "" : email.trim(),
                        "roleNames", role == null || role.isBlank() ? List.of() : List.of(role)));
                case "resend" -> sent = tenants.post(visitor.sessionJwt(), base + "/" + id + "/resend", null);
                case "revoke" -> {
                    tenants.delete(visitor.sessionJwt(), base + "/" + id);
                    return render(visitor, "Invitation revoked: its link no longer works.", null, 200);
                }
                default -> {
                    return render(visitor, null, "Unknown action.", 400);
                }
            }
            String to = sent.path("invitation").path("email").asText();
            return sent.path("mailed").asBoolean()
                    ? render(visitor, "Invitation mailed to " + to + ".", null, 200)
                    : render(visitor, null, "The invitation to " + to + " was saved but its mail did not go out ("
                    + sent.path("mailProblem").asText() + "); resend it in a minute.", 200);
        } catch (TenantApi.Refused e) {
            return render(visitor, null, e.getMessage(), 400);
        }
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

    private Response render(Visitor visitor, String message, String error, int status) {
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
        List<InvitationRow> invitations = new ArrayList<>();
        for (JsonNode invitation : tenants.get(visitor.sessionJwt(), "/v1/mgmt/tenants/" + TenantApi.segment(tenantId) + "/invitations")) {
            invitations.add(InvitationRow.of(invitation));
        }
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE).header("Cache-Control", "no-store")
                .entity(Templates.users(tenantId, members, roles, invitations, message, error).render()).build();
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

    public record InvitationRow(String id, String email, String roles, String status, String expires) {
        static InvitationRow of(JsonNode i) {
            List<String> roles = new ArrayList<>();
            i.path("roleNames").forEach(r -> roles.add(r.asText()));
            return new InvitationRow(i.path("id").asText(), i.path("email").asText(), roles.isEmpty() ? "—" : String.join(", ", roles),
                    i.path("status").asText(), Instants.shown(i.path("expiresAt").asText(null)));
        }

        public boolean open() {
            return "pending".equals(status) || "expired".equals(status);
        }
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
