package dev.gatehouse.tenant.access;

import dev.gatehouse.tenant.audit.AuditLog;
import dev.gatehouse.tenant.common.ApiException;
import dev.gatehouse.common.Secrets;
import dev.gatehouse.tenant.common.TenantServiceConfig;
import dev.gatehouse.tenant.setup.SetupLinks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Turns a bearer credential into a {@link Caller}, or refuses it with 401 and an audit event. */
@ApplicationScoped
public class Authenticator {

    @Inject
    TenantServiceConfig config;

    @Inject
    ManagementKeys managementKeys;

    @Inject
    SessionTokenVerifier sessionTokens;

    @Inject
    SetupLinks setupLinks;

    @Inject
    AuditLog auditLog;

    public Caller internal(String bearer, String path) {
        if (!Secrets.sameSecret(bearer, config.internalToken())) {
            auditLog.failure("unknown", "internal.authenticate", null, path, "wrong service token");
            throw ApiException.unauthorized("wrong service token");
        }
        return new Caller.InternalService();
    }

    /** {@code <projectId>:<managementKey>}, {@code <projectId>:<setup link secret>} or a session JWT. */
    public Caller management(String bearer, String path) {
        String keyPrefix = config.projectId() + ":";
        if (bearer.startsWith(keyPrefix + SetupLinks.PREFIX)) {
            return setupLinks.authenticate(bearer.substring(keyPrefix.length()), path)
                    .<Caller>map(link -> link)
                    .orElseThrow(() -> {
                        auditLog.failure("unknown", "setup-link.authenticate", null, path, "unknown, revoked or expired link");
                        return ApiException.unauthorized("this setup link is unknown, revoked or expired");
                    });
        }
        if (bearer.startsWith(keyPrefix)) {
            return managementKeys.authenticate(bearer.substring(keyPrefix.length()))
                    .<Caller>map(Caller.ProjectAdmin::new)
                    .orElseThrow(() -> {
                        auditLog.failure("unknown", "management-key.authenticate", null, path, "unknown, revoked or expired key");
                        return ApiException.unauthorized("unknown, revoked or expired management key");
                    });
        }
        return sessionTokens.verify(bearer)
                .<Caller>map(verified -> new Caller.SessionUser(verified.userId(), verified.mfaPending()))
                .orElseThrow(() -> ApiException.unauthorized(
                        "the session JWT is invalid or expired, or the management key lacks the project id prefix"));
    }
}
