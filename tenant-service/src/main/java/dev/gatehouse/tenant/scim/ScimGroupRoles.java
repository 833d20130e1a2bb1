package dev.gatehouse.tenant.scim;

import dev.gatehouse.tenant.audit.AuditLog;
import dev.gatehouse.tenant.users.TenantRoles;
import dev.gatehouse.tenant.common.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.List;

/**
 * A directory user's tenant roles from their SCIM groups, through the tenant's one group→role mapping (the one SAML
 * and OIDC sign-ins use). Roles granted this way are the directory's ({@code scim}); hand-made and SSO grants stay.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class ScimGroupRoles {

    @Inject
    Database db;

    @Inject
    TenantRoles tenantRoles;

    @Inject
    AuditLog auditLog;

    void sync(ScimTokens.Client client, String tenantId, String userId) {
        List<String> groups = db.strings("""
                select g.display_name from scim_group g join scim_group_member m on m.group_id = g.id
                where g.tenant_id = ? and m.user_id = ?""", tenantId, userId);
        var changes = tenantRoles.syncMapped(userId, tenantId, tenantRoles.mappedRoles(tenantId, groups), "scim");
        changes.granted().forEach(role -> auditLog.event(client.auditName(), "user.tenant-role.grant", tenantId,
                userId + " " + role, "directory group mapping"));
        changes.revoked().forEach(role -> auditLog.event(client.auditName(), "user.tenant-role.revoke", tenantId,
                userId + " " + role, "directory group mapping"));
    }
}
