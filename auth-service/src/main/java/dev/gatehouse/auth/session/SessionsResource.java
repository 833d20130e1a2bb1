package dev.gatehouse.auth.session;

import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.common.AuthConfig;
import dev.gatehouse.auth.tenants.AuditTrail;
import dev.gatehouse.auth.tokens.TokenVerifier;
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

/** "Your sessions": the signed-in user (refresh bearer) lists their active sessions and ends them, others included. */
@Path("/v1/auth/sessions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class SessionsResource {

    @Inject
    Sessions sessions;

    @Inject
    SessionList list;

    @Inject
    AuditTrail audit;

    @Inject
    AuthConfig config;

    @GET
    @Operation(summary = "The signed-in user's active sessions, the caller's marked current")
    public Map<String, List<SessionList.SessionView>> mine(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        TokenVerifier.VerifiedToken token = current(authorization);
        return Map.of("sessions", list.active(token.userId(), token.sessionId()));
    }

    @DELETE
    @Path("/{sessionId}")
    @Operation(summary = "End one of the signed-in user's sessions")
    public Map<String, Object> end(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                   @PathParam("sessionId") String sessionId) {
        TokenVerifier.VerifiedToken token = current(authorization);
        if (!list.end(token.userId(), sessionId, "ended-by-user")) {
            throw ApiException.notFound("E061201", "no active session " + sessionId + " of this user");
        }
        audit.record("user:" + token.userId(), "session.revoke", null, sessionId, "by the user");
        return Map.of();
    }

    @POST
    @Path("/others/revoke")
    @Operation(summary = "Sign out every other device: end all the user's sessions but this one")
    public Map<String, Object> endOthers(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        TokenVerifier.VerifiedToken token = current(authorization);
        int ended = list.endAll(token.userId(), token.sessionId(), "ended-by-user");
        audit.record("user:" + token.userId(), "session.revoke-others", null, token.sessionId(), ended + " sessions ended");
        return Map.of("ended", ended);
    }

    private TokenVerifier.VerifiedToken current(String authorization) {
        String refreshJwt = ProjectBearer.optionalRefreshJwt(authorization, config.projectId());
        if (refreshJwt == null) {
            throw ApiException.unauthorized("E061202", "send the session's refresh JWT: Authorization: Bearer <projectId>:<refreshJwt>");
        }
        return sessions.currentToken(refreshJwt);
    }
}
