package dev.gatehouse.auth.saml;

import dev.gatehouse.auth.common.InternalToken;
import dev.gatehouse.auth.tenants.AuditTrail;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.Map;

/** Operators rotate the SAML SP key pair in steps, with an overlap (see {@link SpKeyPair}), with the internal token. */
@Path("/internal/saml/sp-key")
public class SpKeyRotationResource {

    @Inject
    SpKeyPair spKeys;

    @Inject
    InternalToken internalToken;

    @Inject
    AuditTrail audit;

    @POST
    @Path("/rotate")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Publish a next SP key pair in metadata, or, when one is published, make it the active one")
    public Map<String, Object> rotate(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        internalToken.require(authorization);
        String stage = spKeys.rotate();
        audit.record("operator", "saml-sp-key.rotate", null, stage, null);
        return Map.of("stage", stage, "published", spKeys.publishedCertificatesBase64().size(),
                "decryptingWith", spKeys.decryptionKeys().size());
    }

    @POST
    @Path("/retire-previous")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "End the overlap: assertions encrypted to the previous SP key are refused from now on")
    public Map<String, Object> retirePrevious(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        internalToken.require(authorization);
        boolean retired = spKeys.retirePrevious();
        audit.record("operator", "saml-sp-key.retire-previous", null, String.valueOf(retired), null);
        return Map.of("retired", retired, "decryptingWith", spKeys.decryptionKeys().size());
    }
}
