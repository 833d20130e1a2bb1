package dev.gatehouse.tenant.users;

import dev.gatehouse.tenant.common.Database;
import dev.gatehouse.tenant.roles.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Tenant memberships and the roles granted in them. A grant remembers whether it was made by hand or by a
 * group mapping at SSO sign-in, so that sign-in only ever adds and removes the roles it granted itself.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class TenantRoles {

    @Inject
    Database db;

    @Inject
    Clock clock;

    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean isTenantAdmin(String userId, String tenantId) {
        return db.exists("""
                select 1 from tenant_role_grant g join app_user u on u.id = g.user_id
                where g.user_id = ? and g.tenant_id = ? and g.role_name = ? and u.status = 'enabled'""",
                userId, tenantId, Role.TENANT_ADMIN);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean isTenantAdminAnywhere(String userId) {
        return db.exists("""
                select 1 from tenant_role_grant g join app_user u on u.id = g.user_id
                where g.user_id = ? and g.role_name = ? and u.status = 'enabled' limit 1""", userId, Role.TENANT_ADMIN);
    }

    /** Whether the user belongs to any tenant besides this one. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean isMemberElsewhere(String userId, String tenantId) {
        return db.exists("select 1 from tenant_membership where user_id = ? and tenant_id <> ? limit 1", userId, tenantId);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean isMember(String userId, String tenantId) {
        return db.exists("select 1 from tenant_membership where user_id = ? and tenant_id = ?", userId, tenantId);
    }

    /** Returns true when the user was not yet a member. */
    public boolean join(String userId, String tenantId) {
        return db.update("""
                insert into tenant_membership (user_id, tenant_id, created_at) values (?, ?, ?)
                on conflict do nothing""", userId, tenantId, Instant.now(clock)) == 1;
    }

    public boolean leave(String userId, String tenantId) {
        return db.update("delete from tenant_membership where user_id = ? and tenant_id = ?", userId, tenantId) == 1;
    }

    /** A manual grant wins over, and survives, a mapped one. */
    public void grant(String userId, String tenantId, String role, String source) {
        join(userId, tenantId);
        db.update("""
                insert into tenant_role_grant (user_id, tenant_id, role_name, source) values (?, ?, ?, ?)
                on conflict (user_id, tenant_id, role_name) do update
                set source = case when excluded.source = 'manual' then 'manual' else tenant_role_grant.source end""",
                userId, tenantId, role, source);
    }

    public boolean revoke(String userId, String tenantId, String role) {
        return db.update("delete from tenant_role_grant where user_id = ? and tenant_id = ? and role_name = ?",
                userId, tenantId, role) == 1;
    }

    /** What a sign-in's group mapping changed: roles granted and roles taken away. */
    public record MappedChanges(List<String> granted, List<String> revoked) {
    }

    /**
     * Makes the roles that {@code source} ({@code sso} at sign-in, {@code scim} from directory groups) granted in one
     * tenant exactly {@code roles}; hand-made grants and the other source's stay as they are.
     */
    public MappedChanges syncMapped(String userId, String tenantId, Collection<String> roles, String source) {
        join(userId, tenantId);
        List<String> before = rolesIn(userId, tenantId);
        db.update("delete from tenant_role_grant where user_id = ? and tenant_id = ? and source = ? and role_name <> all(?)",
                userId, tenantId, source, roles);
        for (String role : roles) {
            grant(userId, tenantId, role, source);
        }
        List<String> after = rolesIn(userId, tenantId);
        return new MappedChanges(after.stream().filter(r -> !before.contains(r)).sorted().toList(),
                before.stream().filter(r -> !after.contains(r)).sorted().toList());
    }

    private List<String> rolesIn(String userId, String tenantId) {
        return db.strings("select role_name from tenant_role_grant where user_id = ? and tenant_id = ?", userId, tenantId);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<String> mappedRoles(String tenantId, Collection<String> groups) {
        if (groups.isEmpty()) {
            return List.of();
        }
        return db.strings("""
                select distinct role_name from group_role_mapping
                where tenant_id = ? and group_name = any(?) order by role_name""", tenantId, groups);
    }

    public void grantProject(String userId, String role) {
        db.update("insert into project_role_grant (user_id, role_name) values (?, ?) on conflict do nothing", userId, role);
    }

    public boolean revokeProject(String userId, String role) {
        return db.update("delete from project_role_grant where user_id = ? and role_name = ?", userId, role) == 1;
    }
}
