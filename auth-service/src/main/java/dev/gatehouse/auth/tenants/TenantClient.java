package dev.gatehouse.auth.tenants;

import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.common.Emails;
import dev.gatehouse.auth.common.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * auth-service's view of tenant-service. Translates its answers into our refusals; when it cannot be
 * reached, the answer is 503 ({@link UserDirectory} decides what a refresh may still do then).
 */
@ApplicationScoped
public class TenantClient {

    private static final Logger LOG = Logger.getLogger(TenantClient.class);

    @Inject
    @RestClient
    TenantServiceApi api;

    /** The user's current profile and claims, or empty when the user no longer exists. */
    public Optional<UserProfile> user(String userId) {
        try {
            return Optional.of(api.user(userId));
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 404) {
                return Optional.empty();
            }
            throw unavailable(e);
        } catch (ProcessingException e) {
            throw unavailable(e);
        }
    }

    /** The user of a login id (email address), or empty; malformed ids never reach tenant-service. */
    public Optional<UserProfile> userByLoginId(String loginId) {
        if (loginId == null || !Emails.isLoginId(loginId.trim())) {
            return Optional.empty();
        }
        try {
            return Optional.of(api.userByLoginId(loginId.trim()));
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 404 || e.getResponse().getStatus() == 400) {
                return Optional.empty();
            }
            throw unavailable(e);
        } catch (ProcessingException e) {
            throw unavailable(e);
        }
    }

    public TenantServiceApi.ProvisionResult provision(TenantServiceApi.ExternalLogin login) {
        try {
            return api.provision(login);
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status == 403) {
                throw ApiException.forbidden("E062001", "this user is disabled");
            }
            if (status == 409 || status == 400) {
                throw ApiException.badRequest("E062002", "the identity could not be provisioned");
            }
            throw unavailable(e);
        } catch (ProcessingException e) {
            throw unavailable(e);
        }
    }

    /** By tenant id, or by an email address's SSO domain (home-realm discovery). */
    public Optional<TenantSso> tenant(String tenantOrEmail) {
        // Anything that cannot be a tenant id or an address is nobody's: it never reaches tenant-service.
        if (!Ids.isId(tenantOrEmail) && !Emails.isLoginId(tenantOrEmail)) {
            return Optional.empty();
        }
        try {
            return Optional.of(tenantOrEmail.contains("@") ? api.tenantByEmail(tenantOrEmail) : api.tenant(tenantOrEmail));
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status == 404 || status == 400) {
                return Optional.empty();
            }
            throw unavailable(e);
        } catch (ProcessingException e) {
            throw unavailable(e);
        }
    }

    /**
     * The id of the management key in {@code Authorization: Bearer <projectId>:<key>}, for the management API
     * auth-service serves itself (OAuth clients); tenant-service owns the keys.
     */
    public String managementKey(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7) || authorization.length() > 400) {
            throw ApiException.unauthorized("E011004", "send Authorization: Bearer <projectId>:<managementKey>");
        }
        try {
            return api.authenticateManagementKey(new TenantServiceApi.KeyCredential(authorization.substring(7).trim())).keyId();
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 401 || e.getResponse().getStatus() == 400) {
                throw ApiException.unauthorized("E011005", "unknown, revoked or expired management key");
            }
            throw unavailable(e);
        } catch (ProcessingException e) {
            throw unavailable(e);
        }
    }

    private static ApiException unavailable(Exception e) {
        LOG.errorf("tenant-service call failed: %s", e.getMessage());
        return new ApiException(503, "E503001", "the user directory is unavailable; try again shortly");
    }
}
