package dev.gatehouse.tenant.access;

import dev.gatehouse.tenant.common.Violations;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.ResponseStatus;

import java.time.Instant;
import java.util.List;

@Path("/v1/mgmt/keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ManagementKeyResource {

    @Inject
    ManagementKeys keys;

    @Inject
    Access access;

    @POST
    @ResponseStatus(201)
    @Operation(summary = "Create a management key. The secret is in this answer only; it is stored hashed.")
    public CreatedKeyView create(NewKey request) {
        Violations.checked(request, "request");
        var created = keys.create(access.requireProjectAdmin(), request.name(), request.expiresAt());
        return new CreatedKeyView(KeyView.of(created.key()), created.secret());
    }

    @GET
    @Operation(summary = "List management keys (never their secrets)")
    public List<KeyView> list() {
        access.requireProjectAdmin();
        return keys.list().stream().map(KeyView::of).toList();
    }

    @DELETE
    @Path("/{id}")
    @ResponseStatus(204)
    @Operation(summary = "Revoke a management key")
    public void revoke(@PathParam("id") String id) {
        keys.revoke(access.requireProjectAdmin(), id);
    }

    public record NewKey(String name, Instant expiresAt) implements Violations.Body {
        @Override
        public Violations violations() {
            return Violations.none().notBlank("name", name).size("name", name, 0, 200);
        }
    }

    public record KeyView(String id, String name, Instant createdAt, Instant expiresAt, Instant revokedAt,
                          Instant lastUsedAt) {
        static KeyView of(ManagementKey key) {
            return new KeyView(key.id, key.name, key.createdAt, key.expiresAt, key.revokedAt, key.lastUsedAt);
        }
    }

    /** The only time a key's secret leaves the service; use it as {@code Bearer <projectId>:<secret>}. */
    public record CreatedKeyView(KeyView key, String secret) {
    }
}
