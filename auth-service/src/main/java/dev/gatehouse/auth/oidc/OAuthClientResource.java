package dev.gatehouse.auth.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.tenants.TenantClient;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.ResponseStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The provider's clients, managed with a management key (design.md §5's keys, which tenant-service owns and
 * checks for us). Secrets are answered once, when created or rotated, and stored hashed.
 */
@Path("/v1/mgmt/oauth-clients")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OAuthClientResource {

    @Inject
    OAuthClients clients;

    @Inject
    TenantClient tenantClient;

    @POST
    @ResponseStatus(201)
    @Operation(summary = "Register an OAuth/OIDC client; a confidential client's secret is in this answer only")
    public CreatedClient create(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, ClientBody body) {
        String actor = admin(authorization);
        OAuthClients.Created created = clients.create(actor, registration(body));
        return new CreatedClient(view(created.client()), created.secret());
    }

    @GET
    @Operation(summary = "List the OAuth/OIDC clients (never their secrets)")
    public List<ClientView> list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        admin(authorization);
        return clients.list().stream().map(this::view).toList();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One OAuth/OIDC client")
    public ClientView get(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id) {
        admin(authorization);
        return view(clients.require(id));
    }

    @PUT
    @Path("/{id}")
    @Operation(summary = "Replace a client's registration (its id and secrets stay)")
    public ClientView update(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id,
                             ClientBody body) {
        return view(clients.update(admin(authorization), id, registration(body)));
    }

    @DELETE
    @Path("/{id}")
    @ResponseStatus(204)
    @Operation(summary = "Delete a client and end every session it holds")
    public void delete(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id) {
        clients.delete(admin(authorization), id);
    }

    @POST
    @Path("/{id}/secret")
    @Operation(summary = "Issue a new client secret; the previous ones keep working for overlapSeconds (default 86400)")
    public RotatedSecret rotate(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id,
                                RotateBody body) {
        String actor = admin(authorization);
        long overlap = body == null || body.overlapSeconds() == null ? 86_400 : body.overlapSeconds();
        return new RotatedSecret(id, clients.rotateSecret(actor, id, Duration.ofSeconds(overlap)));
    }

    private String admin(String authorization) {
        return "key:" + tenantClient.managementKey(authorization);
    }

    private static OAuthClients.Registration registration(ClientBody body) {
        if (body == null) {
            throw ApiException.badRequest("E071000", "a JSON body is required");
        }
        String jwks = body.jwks() == null || body.jwks().isNull() ? null : body.jwks().toString();
        return new OAuthClients.Registration(body.name(), body.type(), body.tokenEndpointAuthMethod(), body.redirectUris(),
                body.postLogoutRedirectUris(), body.grantTypes(), body.scopes(), jwks);
    }

    private ClientView view(OAuthClient client) {
        List<SecretView> secrets = clients.secretsOf(client.id).stream()
                .map(secret -> new SecretView(secret.id, secret.createdAt, secret.expiresAt)).toList();
        return new ClientView(client.id, client.name, client.type, client.tokenAuthMethod, List.of(client.redirectUris),
                List.of(client.postLogoutRedirectUris), List.of(client.grantTypes), List.of(client.scopes),
                client.jwks != null, secrets, client.createdAt, client.updatedAt);
    }

    public record ClientBody(String name, String type, String tokenEndpointAuthMethod, List<String> redirectUris,
                             List<String> postLogoutRedirectUris, List<String> grantTypes, List<String> scopes,
                             JsonNode jwks) {
    }

    public record RotateBody(Long overlapSeconds) {
    }

    public record SecretView(String id, Instant createdAt, Instant expiresAt) {
    }

    public record ClientView(String clientId, String name, String type, String tokenEndpointAuthMethod,
                             List<String> redirectUris, List<String> postLogoutRedirectUris, List<String> grantTypes,
                             List<String> scopes, boolean hasJwks, List<SecretView> secrets, Instant createdAt,
                             Instant updatedAt) {
    }

    /** The only time a secret leaves the service. */
    public record CreatedClient(ClientView client, String clientSecret) {
    }

    public record RotatedSecret(String clientId, String clientSecret) {
    }
}
