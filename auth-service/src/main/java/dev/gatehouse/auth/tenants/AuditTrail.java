package dev.gatehouse.auth.tenants;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Security events of auth-service (sign-ins, failures, refresh-token reuse, logouts) go to tenant-service's
 * append-only audit log. Always logged here as well, so an event survives tenant-service being down.
 */
@ApplicationScoped
public class AuditTrail {

    private static final Logger LOG = Logger.getLogger("gatehouse.audit");

    @Inject
    @RestClient
    TenantServiceApi api;

    public void record(String actor, String action, String tenantId, String target, String detail) {
        LOG.infof("actor=%s action=%s tenant=%s target=%s detail=%s", actor, action, tenantId, target, detail);
        try {
            api.audit(new TenantServiceApi.AuditEntry(actor, action, tenantId, target, outcomeOf(action), detail));
        } catch (RuntimeException e) {
            LOG.warnf("audit event %s could not be sent to tenant-service: %s", action, e.getMessage());
        }
    }

    private static String outcomeOf(String action) {
        return action.endsWith("-reuse") || action.endsWith(".failure") ? "failure" : "success";
    }
}
