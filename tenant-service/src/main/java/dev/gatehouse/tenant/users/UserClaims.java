package dev.gatehouse.tenant.users;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Reads what a user is (profile, memberships, roles, permissions, linked identities) in a few indexed queries. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class UserClaims {

    @Inject
    EntityManager em;

    public UserProfile profile(User user) {
        Map<String, String> tenantNames = new LinkedHashMap<>();
        Map<String, Boolean> mfaRequired = new TreeMap<>();
        for (Object[] row : rows("""
                select m.tenant_id, t.name, t.mfa_required from tenant_membership m join tenant t on t.id = m.tenant_id
                where m.user_id = ?1 order by m.tenant_id""", user.id)) {
            tenantNames.put((String) row[0], (String) row[1]);
            mfaRequired.put((String) row[0], Boolean.TRUE.equals(row[2]));
        }
        Map<String, Grants> tenants = new TreeMap<>();
        tenantNames.keySet().forEach(id -> tenants.put(id, new Grants()));
        for (Object[] row : rows("""
                select g.tenant_id, g.role_name, rp.permission_name from tenant_role_grant g
                left join role_permission rp on rp.role_name = g.role_name where g.user_id = ?1""", user.id)) {
            tenants.computeIfAbsent((String) row[0], id -> new Grants()).add((String) row[1], (String) row[2]);
        }
        Grants project = new Grants();
        for (Object[] row : rows("""
                select g.role_name, rp.permission_name from project_role_grant g
                left join role_permission rp on rp.role_name = g.role_name where g.user_id = ?1""", user.id)) {
            project.add((String) row[0], (String) row[1]);
        }
        boolean saml = false;
        Map<String, Boolean> oauth = new TreeMap<>();
        for (Object[] row : rows("select kind, provider from external_identity where user_id = ?1", user.id)) {
            if ("saml".equals(row[0])) {
                saml = true;
            } else if ("oauth".equals(row[0])) {
                oauth.put((String) row[1], true);
            }
        }

        List<UserProfile.UserTenant> userTenants = new ArrayList<>();
        Map<String, Claims.TenantClaims> tenantClaims = new TreeMap<>();
        tenants.forEach((id, grants) -> {
            userTenants.add(new UserProfile.UserTenant(id, tenantNames.get(id), List.copyOf(grants.roles)));
            tenantClaims.put(id, new Claims.TenantClaims(List.copyOf(grants.roles), List.copyOf(grants.permissions),
                    mfaRequired.getOrDefault(id, false)));
        });
        Claims claims = new Claims(tenantClaims, List.copyOf(project.roles), List.copyOf(project.permissions));
        return UserProfile.of(user, userTenants, saml, oauth, claims);
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> rows(String sql, String userId) {
        return em.createNativeQuery(sql).setParameter(1, userId).getResultList();
    }

    private static final class Grants {
        final TreeSet<String> roles = new TreeSet<>();
        final TreeSet<String> permissions = new TreeSet<>();

        void add(String role, String permission) {
            roles.add(role);
            if (permission != null) {
                permissions.add(permission);
            }
        }
    }
}
