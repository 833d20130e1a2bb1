package dev.gatehouse.auth.keys;

import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.common.InternalToken;
import dev.gatehouse.auth.tenants.AuditTrail;
import dev.gatehouse.common.Sealer;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.Map;

/**
 * Operators rotate the signing key on demand, or revoke one at once after a leak, with the internal token.
 */
@Path("/internal/keys")
public class KeyRotationResource {

    @Inject
    KeyRing keyRing;

    @Inject
    Reseal reseal;

    @Inject
    AuditTrail audit;

    @Inject
    InternalToken internalToken;

    @POST
    @Path("/rotate")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Retire the active signing key and start signing with a new one")
    public Map<String, String> rotate(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        internalToken.require(authorization);
        String kid = keyRing.rotate();
        audit.record("operator", "signing-key.rotate", null, kid, null);
        return Map.of("kid", kid);
    }

    @POST
    @Path("/{kid}/revoke")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Revoke a signing key at once: out of the JWKS, and every session it signed ended")
    public Map<String, Object> revoke(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                      @PathParam("kid") String kid) {
        internalToken.require(authorization);
        KeyRing.Revocation revocation = keyRing.revoke(kid);
        if (revocation == null) {
            throw ApiException.notFound("E011006", "no signing key " + kid + " that is not revoked already");
        }
        audit.record("operator", "signing-key.revoke", null, kid, revocation.sessionsEnded() + " sessions ended");
        return Map.of("revoked", kid, "activeKid", revocation.activeKid() == null ? "" : revocation.activeKid(),
                "sessionsEnded", revocation.sessionsEnded());
    }

    @POST
    @Path("/reseal")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Re-seal every private key with the current key-encryption key; onOtherKeys 0 means the previous ones can go")
    public Sealer.ResealReport reseal(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        internalToken.require(authorization);
        Sealer.ResealReport report = reseal.run();
        audit.record("operator", "kek.reseal", null, report.currentKeyId(), report.resealed() + " re-sealed");
        return report;
    }
}
