package dev.gatehouse.tenant.sso;

import dev.gatehouse.tenant.common.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Reads and writes tenants' SSO connections ({@code sso_connection}) and group→role mappings, in the caller's transaction. */
@ApplicationScoped
public class SsoConnections {

    private static final String UPDATES = Arrays.stream(SsoConnection.COLUMNS.split(","))
            .map(String::strip).filter(column -> !column.equals("tenant_id"))
            .map(column -> column + " = excluded." + column).collect(Collectors.joining(", "));
    private static final String PLACEHOLDERS = Arrays.stream(SsoConnection.COLUMNS.split(","))
            .map(column -> "?").collect(Collectors.joining(", "));

    @Inject
    Database db;

    public Optional<SsoConnection> find(String tenantId) {
        return db.one("select " + SsoConnection.COLUMNS + " from sso_connection where tenant_id = ?", SsoConnection::from,
                tenantId);
    }

    /** The tenants whose SAML connection reads its IdP's metadata from a URL. */
    List<String> withMetadataUrl() {
        return db.strings("select tenant_id from sso_connection where saml_metadata_url is not null order by tenant_id");
    }

    /** Inserts the tenant's connection, or replaces every column of the one it has. */
    void save(SsoConnection connection) {
        db.update("insert into sso_connection (" + SsoConnection.COLUMNS + ") values (" + PLACEHOLDERS + ") "
                + "on conflict (tenant_id) do update set " + UPDATES, connection.values());
    }

    /** The connection and the tenant's group mappings. */
    boolean delete(String tenantId) {
        db.update("delete from group_role_mapping where tenant_id = ?", tenantId);
        return db.update("delete from sso_connection where tenant_id = ?", tenantId) == 1;
    }

    List<SsoRequests.GroupMapping> groupMappings(String tenantId) {
        return db.list("select group_name, role_name from group_role_mapping where tenant_id = ? order by group_name, role_name",
                row -> new SsoRequests.GroupMapping(row.getString(1), row.getString(2)), tenantId);
    }

    /** The tenant's group mappings become exactly {@code mappings}. */
    void replaceGroupMappings(String tenantId, List<SsoRequests.GroupMapping> mappings) {
        db.update("delete from group_role_mapping where tenant_id = ?", tenantId);
        for (SsoRequests.GroupMapping mapping : mappings) {
            db.update("insert into group_role_mapping (tenant_id, group_name, role_name) values (?, ?, ?)", tenantId,
                    mapping.group(), mapping.role());
        }
    }
}
