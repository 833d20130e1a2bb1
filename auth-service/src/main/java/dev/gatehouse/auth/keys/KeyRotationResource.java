package dev.gatehouse.auth.keys;

import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.common.AuthConfig;
import dev.gatehouse.auth.tenants.AuditTrail;
import dev.gatehouse.common.Secrets;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.Map;

/** Operators rotate the signing key on demand (e.g. after a suspected leak) with the internal token. */
@Path("/internal/keys/rotate")
public class KeyRotationResource {

    @Inject
    KeyRing keyRing;

    @Inject
    AuditTrail audit;

    @Inject
    AuthConfig config;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Retire the active signing key and start signing with a new one")
    public Map<String, String> rotate(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        if (authorization == null || !Secrets.sameSecret(authorization, "Bearer " + config.internalToken())) {
            throw ApiException.unauthorized("E011005", "the internal service token is required");
        }
        String kid = keyRing.rotate();
        audit.record("operator", "signing-key.rotate", null, kid, null);
        return Map.of("kid", kid);
    }
}
