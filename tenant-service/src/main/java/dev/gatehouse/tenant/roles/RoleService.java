package dev.gatehouse.tenant.roles;

import dev.gatehouse.tenant.access.Caller;
import dev.gatehouse.tenant.audit.AuditLog;
import dev.gatehouse.tenant.common.ApiException;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import dev.gatehouse.tenant.claims.ClaimsChanges;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

@ApplicationScoped
@Transactional
public class RoleService {

    @Inject
    ClaimsChanges claimsChanges;

    @Inject
    AuditLog auditLog;

    @Inject
    EntityManager em;

    public Role createRole(Caller caller, RoleRequests.RoleBody request) {
        if (Role.findById(request.name()) != null) {
            throw ApiException.conflict("a role named '" + request.name() + "' already exists");
        }
        Role role = new Role();
        role.name = request.name();
        role.description = request.description() == null ? "" : request.description();
        role.permissions = existingPermissions(request.permissions());
        role.persist();
        auditLog.success(caller, "role.create", null, role.name);
        return role;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Role> roles() {
        return Role.listAll(Sort.by("name"));
    }

    public Role updateRole(Caller caller, String name, RoleRequests.RoleBody request) {
        Role role = requireRole(name);
        if (!role.name.equals(request.name())) {
            if (role.builtIn) {
                throw ApiException.badRequest("the built-in role '" + name + "' cannot be renamed");
            }
            if (Role.findById(request.name()) != null) {
                throw ApiException.conflict("a role named '" + request.name() + "' already exists");
            }
            // The primary key changes; grants and mappings follow through ON UPDATE CASCADE.
            em.flush();
            em.createNativeQuery("update role set name = ?1 where name = ?2")
                    .setParameter(1, request.name()).setParameter(2, name).executeUpdate();
            em.clear();
            role = requireRole(request.name());
        }
        role.description = request.description() == null ? "" : request.description();
        role.permissions.clear();
        role.permissions.addAll(existingPermissions(request.permissions()));
        claimsChanges.everyone();
        auditLog.success(caller, "role.update", null, name.equals(role.name) ? name : name + " -> " + role.name);
        return role;
    }

    public void deleteRole(Caller caller, String name) {
        Role role = requireRole(name);
        if (role.builtIn) {
            throw ApiException.badRequest("the built-in role '" + name + "' cannot be deleted");
        }
        role.delete();
        claimsChanges.everyone();
        auditLog.success(caller, "role.delete", null, name);
    }

    public Permission createPermission(Caller caller, RoleRequests.PermissionBody request) {
        if (Permission.findById(request.name()) != null) {
            throw ApiException.conflict("a permission named '" + request.name() + "' already exists");
        }
        Permission permission = new Permission();
        permission.name = request.name();
        permission.description = request.description() == null ? "" : request.description();
        permission.persist();
        auditLog.success(caller, "permission.create", null, permission.name);
        return permission;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Permission> permissions() {
        return Permission.listAll(Sort.by("name"));
    }

    public void deletePermission(Caller caller, String name) {
        Permission permission = Permission.<Permission>findByIdOptional(name)
                .orElseThrow(() -> ApiException.notFound("no permission " + name));
        permission.delete();
        claimsChanges.everyone();
        auditLog.success(caller, "permission.delete", null, name);
    }

    public Role requireRole(String name) {
        return Role.<Role>findByIdOptional(name).orElseThrow(() -> ApiException.notFound("no role " + name));
    }

    private static Set<String> existingPermissions(List<String> names) {
        Set<String> result = new TreeSet<>();
        if (names != null) {
            for (String name : names) {
                if (Permission.findById(name) == null) {
                    throw ApiException.badRequest("no permission " + name + "; create it first");
                }
                result.add(name);
            }
        }
        return result;
    }
}
