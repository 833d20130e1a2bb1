package dev.gatehouse.tenant.users;

import dev.gatehouse.tenant.roles.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
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
    EntityManager em;

    @Inject
    Clock clock;

    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean isTenantAdmin(String userId, String tenantId) {
        return !em.createNativeQuery("""
                        select 1 from tenant_role_grant g join app_user u on u.id = g.user_id
                        where g.user_id = ?1 and g.tenant_id = ?2 and g.role_name = ?3 and u.status = 'enabled'""")
                .setParameter(1, userId).setParameter(2, tenantId).setParameter(3, Role.TENANT_ADMIN)
                .getResultList().isEmpty();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean isTenantAdminAnywhere(String userId) {
        return !em.createNativeQuery("""
                        select 1 from tenant_role_grant g join app_user u on u.id = g.user_id
                        where g.user_id = ?1 and g.role_name = ?2 and u.status = 'enabled'""")
                .setParameter(1, userId).setParameter(2, Role.TENANT_ADMIN).getResultList().isEmpty();
    }

    /** Whether the user belongs to any tenant besides this one. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean isMemberElsewhere(String userId, String tenantId) {
        return !em.createNativeQuery("select 1 from tenant_membership where user_id = ?1 and tenant_id <> ?2")
                .setParameter(1, userId).setParameter(2, tenantId).setMaxResults(1).getResultList().isEmpty();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean isMember(String userId, String tenantId) {
        return !em.createNativeQuery("select 1 from tenant_membership where user_id = ?1 and tenant_id = ?2")
                .setParameter(1, userId).setParameter(2, tenantId).getResultList().isEmpty();
    }

    /** Returns true when the user was not yet a member. */
    public boolean join(String userId, String tenantId) {
        return em.createNativeQuery("""
                        insert into tenant_membership (user_id, tenant_id, created_at) values (?1, ?2, ?3)
                        on conflict do nothing""")
                .setParameter(1, userId).setParameter(2, tenantId).setParameter(3, Instant.now(clock))
                .executeUpdate() == 1;
    }

    public boolean leave(String userId, String tenantId) {
        return em.createNativeQuery("delete from tenant_membership where user_id = ?1 and tenant_id = ?2")
                .setParameter(1, userId).setParameter(2, tenantId).executeUpdate() == 1;
    }

    /** A manual grant wins over, and survives, a mapped one. */
    public void grant(String userId, String tenantId, String role, String source) {
        join(userId, tenantId);
        em.createNativeQuery("""
                        insert into tenant_role_grant (user_id, tenant_id, role_name, source) values (?1, ?2, ?3, ?4)
                        on conflict (user_id, tenant_id, role_name) do update
                        set source = case when excluded.source = 'manual' then 'manual' else tenant_role_grant.source end""")
                .setParameter(1, userId).setParameter(2, tenantId).setParameter(3, role).setParameter(4, source)
                .executeUpdate();
    }

    public boolean revoke(String userId, String tenantId, String role) {
        return em.createNativeQuery("delete from tenant_role_grant where user_id = ?1 and tenant_id = ?2 and role_name = ?3")
                .setParameter(1, userId).setParameter(2, tenantId).setParameter(3, role).executeUpdate() == 1;
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
        var delete = em.createNativeQuery(roles.isEmpty()
                        ? "delete from tenant_role_grant where user_id = ?1 and tenant_id = ?2 and source = ?3"
                        : "delete from tenant_role_grant where user_id = ?1 and tenant_id = ?2 and source = ?3 and role_name not in (?4)")
                .setParameter(1, userId).setParameter(2, tenantId).setParameter(3, source);
        if (!roles.isEmpty()) {
            delete.setParameter(4, roles);
        }
        delete.executeUpdate();
        for (String role : roles) {
            grant(userId, tenantId, role, source);
        }
        List<String> after = rolesIn(userId, tenantId);
        return new MappedChanges(after.stream().filter(r -> !before.contains(r)).sorted().toList(),
                before.stream().filter(r -> !after.contains(r)).sorted().toList());
    }

    private List<String> rolesIn(String userId, String tenantId) {
        @SuppressWarnings("unchecked")
        List<String> roles = em.createNativeQuery("select role_name from tenant_role_grant where user_id = ?1 and tenant_id = ?2")
                .setParameter(1, userId).setParameter(2, tenantId).getResultList();
        return roles;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<String> mappedRoles(String tenantId, Collection<String> groups) {
        if (groups.isEmpty()) {
            return List.of();
        }
        @SuppressWarnings("unchecked")
        List<String> roles = em.createNativeQuery("""
                        select distinct role_name from group_role_mapping
                        where tenant_id = ?1 and group_name in (?2) order by role_name""")
                .setParameter(1, tenantId).setParameter(2, groups).getResultList();
        return roles;
    }

    public void grantProject(String userId, String role) {
        em.createNativeQuery("insert into project_role_grant (user_id, role_name) values (?1, ?2) on conflict do nothing")
                .setParameter(1, userId).setParameter(2, role).executeUpdate();
    }

    public boolean revokeProject(String userId, String role) {
        return em.createNativeQuery("delete from project_role_grant where user_id = ?1 and role_name = ?2")
                .setParameter(1, userId).setParameter(2, role).executeUpdate() == 1;
    }
}
