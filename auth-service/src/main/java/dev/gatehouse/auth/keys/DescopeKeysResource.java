package dev.gatehouse.auth.keys;

import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.common.AuthConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The JWKS where the Descope SDKs fetch it. */
@Path("/v2/keys/{projectId}")
public class DescopeKeysResource {

    @Inject
    JwksResource jwks;

    @Inject
    AuthConfig config;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Public signing keys (JWKS), as the Descope SDKs fetch them")
    public Response descopeKeys(@PathParam("projectId") String projectId) {
        if (!config.projectId().equals(projectId)) {
            throw ApiException.notFound("E011003", "unknown project id");
        }
        return jwks.jwks();
    }
}
