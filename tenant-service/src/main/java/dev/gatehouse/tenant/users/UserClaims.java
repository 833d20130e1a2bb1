package dev.gatehouse.tenant.users;

import dev.gatehouse.tenant.common.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
    Database db;

    public UserProfile profile(User user) {
        Map<String, String> tenantNames = new LinkedHashMap<>();
        Map<String, Boolean> mfaRequired = new TreeMap<>();
        db.each("""
                select m.tenant_id, t.name, t.mfa_required from tenant_membership m join tenant t on t.id = m.tenant_id
                where m.user_id = ? order by m.tenant_id""", row -> {
            tenantNames.put(row.getString(1), row.getString(2));
            mfaRequired.put(row.getString(1), row.getBoolean(3));
        }, user.id);
        Map<String, Grants> tenants = new TreeMap<>();
        tenantNames.keySet().forEach(id -> tenants.put(id, new Grants()));
        db.each("""
                select g.tenant_id, g.role_name, rp.permission_name from tenant_role_grant g
                left join role_permission rp on rp.role_name = g.role_name where g.user_id = ?""", row -> {
            tenants.computeIfAbsent(row.getString(1), id -> new Grants()).add(row.getString(2), row.getString(3));
        }, user.id);
        Grants project = new Grants();
        db.each("""
                select g.role_name, rp.permission_name from project_role_grant g
                left join role_permission rp on rp.role_name = g.role_name where g.user_id = ?""", row -> {
            project.add(row.getString(1), row.getString(2));
        }, user.id);
        boolean saml = false;
        Map<String, Boolean> oauth = new TreeMap<>();
        for (String[] identity : db.list("select kind, provider from external_identity where user_id = ?",
                row -> new String[] {row.getString(1), row.getString(2)}, user.id)) {
            if ("saml".equals(identity[0])) {
                saml = true;
            } else if ("oauth".equals(identity[0])) {
                oauth.put(identity[1], true);
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
