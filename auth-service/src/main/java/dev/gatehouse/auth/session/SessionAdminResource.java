package dev.gatehouse.auth.session;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.common.Ids;
import dev.gatehouse.auth.common.InternalToken;
import dev.gatehouse.auth.tenants.AuditTrail;
import dev.gatehouse.auth.tenants.TenantClient;
import dev.gatehouse.auth.tenants.UserProfile;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;
import java.util.Map;

/**
 * Ending a user's sessions without their refresh tokens. tenant-service decides which admin may see or end whose
 * sessions and audits it, then calls the internal API here; the Descope management SDK's {@code logoutUser}
 * ({@code POST /v1/mgmt/user/logout}) does it with a management key.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class SessionAdminResource {

    @Inject
    InternalToken internalToken;

    @Inject
    SessionList list;

    @Inject
    TenantClient tenantClient;

    @Inject
    AuditTrail audit;

    @GET
    @Path("/internal/sessions/{userId}")
    @Operation(summary = "A user's active sessions (internal token)")
    public Map<String, List<SessionList.SessionView>> sessions(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                                               @PathParam("userId") String userId) {
        internalToken.require(authorization);
        return Map.of("sessions", list.active(id(userId), null));
    }

    @DELETE
    @Path("/internal/sessions/{userId}")
    @Operation(summary = "End all of a user's sessions (internal token)")
    public Map<String, Object> endAll(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                      @PathParam("userId") String userId) {
        internalToken.require(authorization);
        return Map.of("ended", list.endAll(id(userId), null, "ended-by-admin"));
    }

    @DELETE
    @Path("/internal/sessions/{userId}/{sessionId}")
    @Operation(summary = "End one of a user's sessions (internal token)")
    public Map<String, Object> end(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                   @PathParam("userId") String userId, @PathParam("sessionId") String sessionId) {
        internalToken.require(authorization);
        return Map.of("ended", list.end(id(userId), id(sessionId), "ended-by-admin") ? 1 : 0);
    }

    @POST
    @Path("/v1/mgmt/user/logout")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Descope's logoutUser: end all of a user's sessions, by loginId or userId (management key)")
    public Map<String, Object> logoutUser(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, LogoutUser body) {
        String actor = "key:" + tenantClient.managementKey(authorization);
        if (body == null || (isBlank(body.loginId()) && isBlank(body.userId()))) {
            throw ApiException.badRequest("E011009", "send loginId or userId");
        }
        String userId = !isBlank(body.userId()) ? id(body.userId())
                : tenantClient.userByLoginId(body.loginId().trim()).map(UserProfile::userId)
                        .orElseThrow(() -> ApiException.notFound("E011010", "no user " + body.loginId()));
        int ended = list.endAll(userId, null, "ended-by-admin");
        audit.record(actor, "session.revoke-all", null, userId, ended + " sessions ended (management API)");
        return Map.of();
    }

    private static String id(String value) {
        if (!Ids.isId(value)) {
            throw ApiException.badRequest("E011008", "not an id");
        }
        return value;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record LogoutUser(String loginId, String userId) {
    }
}
