package dev.gatehouse.auth.keys;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jose4j.jwk.JsonWebKey;

import java.util.List;
import java.util.Map;

/**
 * The public signing keys: at the OpenID Provider's jwks_uri, and at the path the Descope SDKs fetch
 * ({@link DescopeKeysResource}). Its own root path: the provider's other {@code /oauth2} resources would shadow it.
 */
@Path("/oauth2/jwks")
public class JwksResource {

    private static final CacheControl FIVE_MINUTES = cacheControl();

    @Inject
    KeyRing keyRing;

    @GET
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
