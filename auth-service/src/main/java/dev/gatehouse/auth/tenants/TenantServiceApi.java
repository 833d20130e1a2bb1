package dev.gatehouse.auth.tenants;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;

/** tenant-service's internal API, authenticated with the shared service token. */
@RegisterRestClient(configKey = "tenant-service")
@ClientHeaderParam(name = "Authorization", value = "Bearer ${gatehouse.internal-token}")
@Path("/internal")
public interface TenantServiceApi {

    @GET
    @Path("/users/{id}")
    UserProfile user(@PathParam("id") String id);

    @GET
    @Path("/users/by-login-id")
    UserProfile userByLoginId(@QueryParam("loginId") String loginId);

    @POST
    @Path("/users/provision")
    ProvisionResult provision(ExternalLogin login);

    @GET
    @Path("/tenants/{id}")
    TenantSso tenant(@PathParam("id") String id);

    @GET
    @Path("/tenants/by-email")
    TenantSso tenantByEmail(@QueryParam("email") String email);

    @POST
    @Path("/management-keys/authenticate")
    KeyHolder authenticateManagementKey(KeyCredential credential);

    @POST
    @Path("/audit")
    void audit(AuditEntry entry);

    @POST
    @Path("/audit/batch")
    void auditBatch(List<AuditEntry> entries);

    record AuditEntry(String actor, String action, String tenantId, String target, String outcome, String detail,
                      String sourceId, java.time.Instant occurredAt) {
    }

    record ExternalLogin(String issuer, String subject, String kind, String provider, String tenantId,
                         String connectionId, String email, boolean emailVerified, String name, String givenName, String familyName,
                         List<String> groups) {
    }

    record ProvisionResult(UserProfile user, boolean firstSeen) {
    }

    record KeyCredential(String bearer) {
    }

    record KeyHolder(String keyId) {
    }
}
