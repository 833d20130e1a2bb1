package dev.gatehouse.auth.oidc;

import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.common.AuthConfig;
import dev.gatehouse.auth.keys.KeyRing;
import dev.gatehouse.common.Text;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OIDC Discovery 1.0 at {@code <iss>/.well-known/openid-configuration} (the issuer ends in the project id) and the
 * same document as RFC 8414 metadata at {@code /.well-known/oauth-authorization-server/<projectId>}.
 */
@Path("/")
public class DiscoveryResource {

    @Inject
    AuthConfig config;

    @Inject
    KeyRing keyRing;

    @GET
    @Path("/{projectId}/.well-known/openid-configuration")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "OpenID Provider metadata (OIDC Discovery 1.0)")
    public Response openidConfiguration(@PathParam("projectId") String projectId) {
        return metadata(projectId);
    }

    @GET
    @Path("/.well-known/oauth-authorization-server/{projectId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "OAuth 2.0 Authorization Server Metadata (RFC 8414)")
    public Response authorizationServer(@PathParam("projectId") String projectId) {
        return metadata(projectId);
    }

    private Response metadata(String projectId) {
        if (!config.projectId().equals(projectId)) {
            throw ApiException.notFound("E011003", "unknown project id");
        }
        String base = Text.withoutTrailingSlashes(config.publicUrl());
        List<String> signing = List.of(keyRing.active().algorithm());
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", config.issuer());
        doc.put("authorization_endpoint", base + "/oauth2/authorize");
        doc.put("token_endpoint", base + "/oauth2/token");
        doc.put("userinfo_endpoint", base + "/oauth2/userinfo");
        doc.put("jwks_uri", base + "/oauth2/jwks");
        doc.put("revocation_endpoint", base + "/oauth2/revoke");
        doc.put("introspection_endpoint", base + "/oauth2/introspect");
        doc.put("end_session_endpoint", base + "/oauth2/logout");
        doc.put("response_types_supported", List.of("code"));
        doc.put("response_modes_supported", List.of("query", "form_post"));
        doc.put("grant_types_supported", List.of(OAuthClients.AUTHORIZATION_CODE, OAuthClients.REFRESH_TOKEN,
                OAuthClients.CLIENT_CREDENTIALS));
        doc.put("subject_types_supported", List.of("public"));
        doc.put("id_token_signing_alg_values_supported", signing);
        doc.put("code_challenge_methods_supported", List.of("S256"));
        List<String> clientAuth = List.of("client_secret_basic", "client_secret_post", "private_key_jwt", "none");
        List<String> assertionAlgs = List.of("RS256", "PS256", "ES256");
        doc.put("token_endpoint_auth_methods_supported", clientAuth);
        doc.put("token_endpoint_auth_signing_alg_values_supported", assertionAlgs);
        doc.put("revocation_endpoint_auth_methods_supported", clientAuth);
        doc.put("revocation_endpoint_auth_signing_alg_values_supported", assertionAlgs);
        doc.put("introspection_endpoint_auth_methods_supported", clientAuth.subList(0, 3));
        doc.put("introspection_endpoint_auth_signing_alg_values_supported", assertionAlgs);
        doc.put("scopes_supported", OAuthClients.DEFAULT_SCOPES);
        doc.put("claims_supported", List.of("sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "azp", "sid", "amr",
                "email", "email_verified", "name", "given_name", "family_name", "picture", "tenants", "roles",
                "permissions", "dct", "groups"));
        doc.put("prompt_values_supported", List.of("none", "login", "consent", "select_account"));
        doc.put("authorization_response_iss_parameter_supported", true);
        doc.put("request_parameter_supported", false);
        doc.put("request_uri_parameter_supported", false);
        doc.put("claims_parameter_supported", false);
        CacheControl cache = new CacheControl();
        cache.setMaxAge(300);
        return Response.ok(doc).cacheControl(cache).build();
    }
}
