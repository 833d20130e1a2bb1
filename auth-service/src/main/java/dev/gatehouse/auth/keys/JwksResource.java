package dev.gatehouse.auth.keys;

import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.common.AuthConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jose4j.jwk.JsonWebKey;

import java.util.List;
import java.util.Map;

/** The public signing keys: at the path the Descope SDKs fetch, and at the OpenID Provider's jwks_uri. */
@Path("/")
public class JwksResource {

    private static final CacheControl FIVE_MINUTES = cacheControl();

    @Inject
    KeyRing keyRing;

    @Inject
    AuthConfig config;

    @GET
    @Path("/v2/keys/{projectId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Public signing keys (JWKS), as the Descope SDKs fetch them")
    public Response descopeKeys(@PathParam("projectId") String projectId) {
        if (!config.projectId().equals(projectId)) {
            throw ApiException.notFound("E011003", "unknown project id");
        }
        return jwks();
    }

    @GET
    @Path("/oauth2/jwks")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Public signing keys (JWKS) of the OpenID Provider")
    public Response jwks() {
        List<Map<String, Object>> keys = keyRing.published().stream()
                .map(key -> key.publicJwk().toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY))
                .toList();
        return Response.ok(Map.of("keys", keys)).cacheControl(FIVE_MINUTES).build();
    }

    private static CacheControl cacheControl() {
        CacheControl cache = new CacheControl();
        cache.setMaxAge(300);
        return cache;
    }
}
