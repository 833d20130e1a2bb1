package dev.gatehouse.tenant.internal;

import dev.gatehouse.tenant.common.Violations;
import dev.gatehouse.common.Sealer;
import dev.gatehouse.tenant.access.ManagementKeys;
import dev.gatehouse.tenant.common.TenantServiceConfig;
import dev.gatehouse.tenant.common.ApiException;
import dev.gatehouse.tenant.common.SecretBox;
import dev.gatehouse.tenant.sso.Certificates;
import dev.gatehouse.tenant.sso.SsoConnection;
import dev.gatehouse.tenant.sso.SsoConnectionService;
import dev.gatehouse.tenant.sso.SsoRequests;
import dev.gatehouse.tenant.tenants.Tenant;
import dev.gatehouse.tenant.tenants.TenantService;
import dev.gatehouse.tenant.users.Provisioning;
import dev.gatehouse.tenant.users.User;
import dev.gatehouse.tenant.users.UserProfile;
import dev.gatehouse.tenant.users.UserService;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.resteasy.reactive.ResponseStatus;
import dev.gatehouse.tenant.audit.AuditLog;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What auth-service needs at sign-in and refresh, each in one round trip. Only the service token opens it
 * (see {@code CallerFilter}); it is never exposed by the Ingress.
 */
@Path("/internal")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InternalResource {

    @Inject
    TenantService tenants;

    @Inject
    SsoConnectionService connections;

    @Inject
    Provisioning provisioning;

    @Inject
    UserService users;

    @Inject
    SecretBox secretBox;

    @Inject
    AuditLog auditLog;

    @Inject
    ManagementKeys managementKeys;

    @Inject
    TenantServiceConfig config;

    @GET
    @Path("/tenants/{id}")
    @Transactional
    @Operation(summary = "A tenant with its SSO connection, for starting and completing an SSO login")
    public TenantSso tenant(@PathParam("id") String id) {
        return TenantSso.of(tenants.require(id), tenants, connections, secretBox);
    }

    @GET
    @Path("/tenants/by-email")
    @Transactional
    @Operation(summary = "Home-realm discovery: the tenant whose SSO domain matches the email address")
    public TenantSso tenantByEmail(@QueryParam("email") String email) {
        if (email == null || email.isBlank()) {
            throw ApiException.badRequest("email is required");
        }
        Tenant tenant = tenants.findByEmailDomain(email)
                .orElseThrow(() -> ApiException.notFound("no tenant has the SSO domain of " + email));
        return TenantSso.of(tenant, tenants, connections, secretBox);
    }

    @POST
    @Path("/users/provision")
    @Operation(summary = "Find or create the user of a verified external identity and return their claims")
    public Provisioning.Result provision(Provisioning.ExternalLogin login) {
        return provisioning.provision(Violations.checked(login, "login"));
    }

    @GET
    @Path("/users/by-login-id")
    @Transactional
    @Operation(summary = "The user whose login id (email address) this is, for a sign-in by a factor of theirs (TOTP)")
    public UserProfile userByLoginId(@QueryParam("loginId") String loginId) {
        return users.withEmail(User.normaliseEmail(loginId))
                .orElseThrow(() -> ApiException.notFound("no user with this login id"));
    }

    @GET
    @Path("/users/{id}")
    @Operation(summary = "A user's current profile, status and claims (read at every refresh)")
    public UserProfile user(@PathParam("id") String id) {
        return users.get(id);
    }

    @POST
    @Path("/management-keys/authenticate")
    @Operation(summary = "Whose management key this is, for the management API auth-service serves (OAuth clients)")
    public KeyHolder authenticateManagementKey(KeyCredential credential) {
        Violations.checked(credential, "credential");
        String prefix = config.projectId() + ":";
        String key = credential.bearer().startsWith(prefix) ? credential.bearer().substring(prefix.length()) : null;
        return (key == null ? Optional.<String>empty() : managementKeys.authenticate(key))
                .map(KeyHolder::new)
                .orElseThrow(() -> {
                    auditLog.failure("unknown", "management-key.authenticate", null, "auth-service", "unknown, revoked or expired key");
                    return ApiException.unauthorized("unknown, revoked or expired management key");
                });
    }

    public record KeyCredential(String bearer) implements Violations.Body {
        @Override
        public Violations violations() {
            return Violations.none().notBlank("bearer", bearer).size("bearer", bearer, 0, 400);
        }
    }

    public record KeyHolder(String keyId) {
    }

    @POST
    @Path("/secrets/reseal")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Re-seal every stored secret with the current secret key; onOtherKeys 0 means the previous ones can go")
    public Sealer.ResealReport reseal() {
        Sealer.ResealReport report = secretBox.reseal();
        auditLog.reported(List.of(new AuditLog.Reported(null, null, "operator", "secret-key.reseal", null,
                report.currentKeyId(), "success", report.resealed() + " re-sealed")));
        return report;
    }

    @POST
    @Path("/audit")
    @ResponseStatus(204)
    @Operation(summary = "Append a security event that auth-service observed")
    public void audit(AuditEntry entry) {
        auditLog.reported(List.of(Violations.checked(entry, "entry").reported()));
    }

    @POST
    @Path("/audit/batch")
    @ResponseStatus(204)
    @Operation(summary = "Append what auth-service's audit outbox holds, oldest first, in one transaction (repeats are no-ops)")
    public void auditBatch(List<AuditEntry> entries) {
        Violations batch = Violations.of(entries, "entries").size("entries", entries, 0, 100);
        entries.forEach(entry -> batch.notNull("entries[]", entry).with(Violations.of(entry)));
        batch.check();
        auditLog.reported(entries.stream().map(AuditEntry::reported).toList());
    }

    public record AuditEntry(String actor,
                             String action,
                             String tenantId,
                             String target,
                             String outcome,
                             String detail,
                             String sourceId,
                             Instant occurredAt) implements Violations.Body {

        private static final Pattern OUTCOME = Pattern.compile("success|failure");

        @Override
        public Violations violations() {
            return Violations.none().notBlank("actor", actor).size("actor", actor, 0, 190)
                    .notBlank("action", action).size("action", action, 0, 100).size("tenantId", tenantId, 0, 64)
                    .size("target", target, 0, 400).notBlank("outcome", outcome).matches("outcome", outcome, OUTCOME)
                    .size("detail", detail, 0, 2000).size("sourceId", sourceId, 0, 64);
        }

        AuditLog.Reported reported() {
            return new AuditLog.Reported(sourceId, occurredAt, "auth:" + actor, action, tenantId, target, outcome, detail);
        }
    }

    /** Everything auth-service needs about one tenant, including the decrypted OIDC client secret. */
    public record TenantSso(String id, String name, List<String> domains, boolean ssoRequired, Connection connection) {

        static TenantSso of(Tenant tenant, TenantService tenants, SsoConnectionService connections, SecretBox secretBox) {
            Connection connection = connections.find(tenant.id).map(c -> Connection.of(c, secretBox)).orElse(null);
            return new TenantSso(tenant.id, tenant.name, tenants.verifiedDomains(tenant.id), tenant.ssoRequired, connection);
        }
    }

    public record Connection(String connectionId, String type, String idpEntityId, String ssoUrl, String ssoBinding,
                             List<String> certificates, String nameIdFormat, boolean idpInitiated,
                             boolean signRequests, boolean encryptAssertions, boolean allowCbcEncryption, String oidcIssuer, String oidcClientId, String oidcClientSecret,
                             String oidcScopes, SsoRequests.AttributeMapping attributeMapping) {

        static Connection of(SsoConnection c, SecretBox secretBox) {
            return new Connection(c.connectionId, c.type, c.samlIdpEntityId, c.samlSsoUrl, c.samlSsoBinding,
                    Certificates.splitPem(c.samlCertificates), c.samlNameidFormat, c.samlIdpInitiated,
                    c.samlSignRequests, c.samlEncryptAssertions, c.samlAllowCbc, c.oidcIssuer, c.oidcClientId,
                    c.oidcClientSecret == null ? null : secretBox.open(c.oidcClientSecret), c.oidcScopes,
                    new SsoRequests.AttributeMapping(c.mapEmail, c.mapFirstName, c.mapLastName, c.mapUid, c.mapGroups));
        }
    }
}
