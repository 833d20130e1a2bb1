package dev.gatehouse.tenant.roles;

import dev.gatehouse.tenant.access.Caller;
import dev.gatehouse.tenant.audit.AuditLog;
import dev.gatehouse.tenant.claims.ClaimsChanges;
import dev.gatehouse.tenant.common.ApiException;
import dev.gatehouse.tenant.common.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    Database db;

    public Role createRole(Caller caller, RoleRequests.RoleBody request) {
        if (findRole(request.name()).isPresent()) {
            throw ApiException.conflict("a role named '" + request.name() + "' already exists");
        }
        Role role = new Role();
        role.name = request.name();
        role.description = request.description() == null ? "" : request.description();
        role.permissions = existingPermissions(request.permissions());
        db.update("insert into role (name, description, built_in) values (?, ?, false)", role.name, role.description);
        savePermissions(role);
        auditLog.success(caller, "role.create", null, role.name);
        return role;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Role> roles() {
        return roles("");
    }

    public Role updateRole(Caller caller, String name, RoleRequests.RoleBody request) {
        Role role = requireRole(name);
        if (!role.name.equals(request.name())) {
            if (role.builtIn) {
                throw ApiException.badRequest("the built-in role '" + name + "' cannot be renamed");
            }
            if (findRole(request.name()).isPresent()) {
                throw ApiException.conflict("a role named '" + request.name() + "' already exists");
            }
            // The primary key changes; permissions, grants and mappings follow through ON UPDATE CASCADE.
            db.update("update role set name = ? where name = ?", request.name(), name);
            role.name = request.name();
        }
        role.description = request.description() == null ? "" : request.description();
        role.permissions = existingPermissions(request.permissions());
        db.update("update role set description = ? where name = ?", role.description, role.name);
        savePermissions(role);
        claimsChanges.everyone();
        auditLog.success(caller, "role.update", null, name.equals(role.name) ? name : name + " -> " + role.name);
        return role;
    }

    public void deleteRole(Caller caller, String name) {
        Role role = requireRole(name);
        if (role.builtIn) {
            throw ApiException.badRequest("the built-in role '" + name + "' cannot be deleted");
        }
        db.update("delete from role where name = ?", role.name);
        claimsChanges.everyone();
        auditLog.success(caller, "role.delete", null, name);
    }

    public Permission createPermission(Caller caller, RoleRequests.PermissionBody request) {
        if (permissionExists(request.name())) {
            throw ApiException.conflict("a permission named '" + request.name() + "' already exists");
        }
        Permission permission = new Permission();
        permission.name = request.name();
        permission.description = request.description() == null ? "" : request.description();
        db.update("insert into permission (name, description) values (?, ?)", permission.name, permission.description);
        auditLog.success(caller, "permission.create", null, permission.name);
        return permission;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Permission> permissions() {
        return db.list("select name, description from permission order by name", row -> {
            Permission permission = new Permission();
            permission.name = row.getString(1);
            permission.description = row.getString(2);
            return permission;
        });
    }

    public void deletePermission(Caller caller, String name) {
        if (db.update("delete from permission where name = ?", name) == 0) {
            throw ApiException.notFound("no permission " + name);
        }
        claimsChanges.everyone();
        auditLog.success(caller, "permission.delete", null, name);
    }

    public Role requireRole(String name) {
        return findRole(name).orElseThrow(() -> ApiException.notFound("no role " + name));
    }

    private Optional<Role> findRole(String name) {
        return roles("where r.name = ?", name).stream().findFirst();
    }

    /** The roles {@code where} selects, by name, each with its permissions. */
    private List<Role> roles(String where, Object... values) {
        Map<String, Role> roles = new LinkedHashMap<>();
        db.each("select r.name, r.description, r.built_in, p.permission_name from role r "
                + "left join role_permission p on p.role_name = r.name " + where + " order by r.name", row -> {
            Role role = roles.computeIfAbsent(row.getString(1), name -> new Role());
            role.name = row.getString(1);
            role.description = row.getString(2);
            role.builtIn = row.getBoolean(3);
            if (row.getString(4) != null) {
                role.permissions.add(row.getString(4));
            }
        }, values);
        return List.copyOf(roles.values());
    }

    /** A role's permissions become exactly {@code role.permissions}. */
    private void savePermissions(Role role) {
        db.update("delete from role_permission where role_name = ? and permission_name <> all(?)", role.name,
                role.permissions);
        db.update("""
                insert into role_permission (role_name, permission_name) select ?, unnest(?::varchar[])
                on conflict do nothing""", role.name, role.permissions);
    }

    private boolean permissionExists(String name) {
        return db.exists("select 1 from permission where name = ?", name);
    }

    private Set<String> existingPermissions(List<String> names) {
        Set<String> result = new TreeSet<>();
        if (names != null) {
            for (String name : names) {
                if (!permissionExists(name)) {
                    throw ApiException.badRequest("no permission " + name + "; create it first");
                }
                result.add(name);
            }
        }
        return result;
    }
}
