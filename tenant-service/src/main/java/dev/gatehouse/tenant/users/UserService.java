package dev.gatehouse.tenant.users;

import dev.gatehouse.tenant.access.Caller;
import dev.gatehouse.tenant.audit.AuditLog;
import dev.gatehouse.tenant.common.ApiException;
import dev.gatehouse.tenant.common.Page;
import dev.gatehouse.tenant.roles.RoleService;
import dev.gatehouse.tenant.tenants.TenantService;
import jakarta.enterprise.context.ApplicationScoped;
import dev.gatehouse.tenant.claims.ClaimsChanges;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

@ApplicationScoped
@Transactional
public class UserService {

    @Inject
    ClaimsChanges claimsChanges;

    @Inject
    Clock clock;

    @Inject
    AuditLog auditLog;

    @Inject
    TenantRoles tenantRoles;

    @Inject
    UserClaims userClaims;

    @Inject
    TenantService tenants;

    @Inject
    RoleService roles;

    @Inject
    Users users;

    public UserProfile create(Caller caller, UserRequests.NewUser request) {
        String email = User.normaliseEmail(request.email());
        requireFreeEmail(email, null);
        User user = User.create(email, Instant.now(clock));
        user.name = request.name();
        user.givenName = request.givenName();
        user.familyName = request.familyName();
        users.insert(user);
        auditLog.success(caller, "user.create", null, user.id);
        if (request.tenants() != null) {
            for (UserRequests.TenantGrant grant : request.tenants()) {
                tenants.require(grant.tenantId());
                tenantRoles.join(user.id, grant.tenantId());
                auditLog.success(caller, "user.tenant.add", grant.tenantId(), user.id);
                if (grant.roleNames() != null) {
                    for (String role : grant.roleNames()) {
                        String name = roles.requireRole(role).name;
                        tenantRoles.grant(user.id, grant.tenantId(), name, "manual");
                        auditLog.success(caller, "user.tenant-role.grant", grant.tenantId(), user.id + " " + name);
                    }
                }
            }
        }
        if (request.roleNames() != null) {
            for (String role : request.roleNames()) {
                String name = roles.requireRole(role).name;
                tenantRoles.grantProject(user.id, name);
                auditLog.success(caller, "user.role.grant", null, user.id + " " + name);
            }
        }
        return userClaims.profile(user);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public UserProfile get(String id) {
        return userClaims.profile(require(id));
    }

    /** The user whose (normalised) email this is. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<UserProfile> withEmail(String email) {
        return users.withEmail(email).map(userClaims::profile);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<UserProfile> search(String email, String text, String tenantId, int page, int size) {
        List<String> where = new ArrayList<>(List.of("true"));
        List<Object> values = new ArrayList<>();
        if (email != null && !email.isBlank()) {
            where.add("email = ?");
            values.add(User.normaliseEmail(email));
        }
        if (text != null && !text.isBlank()) {
            where.add("(lower(name) like ? or email like ?)");
            String pattern = "%" + text.trim().toLowerCase(Locale.ROOT).replace("%", "\\%").replace("_", "\\_") + "%";
            values.add(pattern);
            values.add(pattern);
        }
        if (tenantId != null) {
            where.add("id in (select m.user_id from tenant_membership m where m.tenant_id = ?)");
            values.add(tenantId);
        }
        String condition = String.join(" and ", where);
        return users.page(condition, page, size, values.toArray()).map(userClaims::profile);
    }

    public UserProfile update(Caller caller, String id, UserRequests.UserUpdate request) {
        User user = require(id);
        if (request.email() != null) {
            String email = User.normaliseEmail(request.email());
            requireFreeEmail(email, id);
            user.email = email;
        }
        if (request.name() != null) {
            user.name = request.name();
        }
        if (request.givenName() != null) {
            user.givenName = request.givenName();
        }
        if (request.familyName() != null) {
            user.familyName = request.familyName();
        }
        users.save(user);
        claimsChanges.user(id);
        auditLog.success(caller, "user.update", null, id);
        return userClaims.profile(user);
    }

    public UserProfile setStatus(Caller caller, String id, boolean enabled) {
        User user = require(id);
        user.status = enabled ? User.ENABLED : User.DISABLED;
        users.save(user);
        claimsChanges.user(id);
        auditLog.success(caller, enabled ? "user.enable" : "user.disable", null, id);
        return userClaims.profile(user);
    }

    public void delete(Caller caller, String id) {
        users.delete(require(id).id);
        claimsChanges.user(id);
        auditLog.success(caller, "user.delete", null, id);
    }

    public UserProfile grantTenantRole(Caller caller, String id, String tenantId, String role) {
        User user = require(id);
        tenants.require(tenantId);
        tenantRoles.grant(user.id, tenantId, roles.requireRole(role).name, "manual");
        claimsChanges.user(id);
        auditLog.success(caller, "user.tenant-role.grant", tenantId, id + " " + role);
        return userClaims.profile(user);
    }

    public UserProfile revokeTenantRole(Caller caller, String id, String tenantId, String role) {
        User user = require(id);
        if (!tenantRoles.revoke(user.id, tenantId, role)) {
            throw ApiException.notFound("user " + id + " does not hold role " + role + " in tenant " + tenantId);
        }
        claimsChanges.user(id);
        auditLog.success(caller, "user.tenant-role.revoke", tenantId, id + " " + role);
        return userClaims.profile(user);
    }

    public UserProfile addToTenant(Caller caller, String id, String tenantId) {
        User user = require(id);
        tenants.require(tenantId);
        if (tenantRoles.join(user.id, tenantId)) {
            claimsChanges.user(id);
            auditLog.success(caller, "user.tenant.add", tenantId, id);
        }
        return userClaims.profile(user);
    }

    public UserProfile removeFromTenant(Caller caller, String id, String tenantId) {
        User user = require(id);
        if (!tenantRoles.leave(user.id, tenantId)) {
            throw ApiException.notFound("user " + id + " is not a member of tenant " + tenantId);
        }
        claimsChanges.user(id);
        auditLog.success(caller, "user.tenant.remove", tenantId, id);
        return userClaims.profile(user);
    }

    public UserProfile grantProjectRole(Caller caller, String id, String role) {
        User user = require(id);
        tenantRoles.grantProject(user.id, roles.requireRole(role).name);
        claimsChanges.user(id);
        auditLog.success(caller, "user.role.grant", null, id + " " + role);
        return userClaims.profile(user);
    }

    public UserProfile revokeProjectRole(Caller caller, String id, String role) {
        User user = require(id);
        if (!tenantRoles.revokeProject(user.id, role)) {
            throw ApiException.notFound("user " + id + " does not hold project role " + role);
        }
        claimsChanges.user(id);
        auditLog.success(caller, "user.role.revoke", null, id + " " + role);
        return userClaims.profile(user);
    }

    public User require(String id) {
        return users.find(id).orElseThrow(() -> ApiException.notFound("no user " + id));
    }

    private void requireFreeEmail(String email, String exceptId) {
        User other = users.withEmail(email).orElse(null);
        if (other != null && !other.id.equals(exceptId)) {
            throw ApiException.conflict("another user already has the email " + email);
        }
    }
}
