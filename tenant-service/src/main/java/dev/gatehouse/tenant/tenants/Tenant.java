package dev.gatehouse.tenant.tenants;

import dev.gatehouse.common.Jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** A customer company (table {@code tenant}). */
public class Tenant {

    /** The columns {@link #from} reads, in its order. */
    public static final String COLUMNS = "id, name, self_provisioning, sso_required, mfa_required, created_at, updated_at";

    public String id;
    public String name;
    public boolean selfProvisioning;
    /** Addresses of this tenant's verified domains sign in through its SSO only (no email codes or links). */
    public boolean ssoRequired;
    /** Members present a second factor when they sign in other than through this tenant's SSO. */
    public boolean mfaRequired;
    public Instant createdAt;
    public Instant updatedAt;

    static Tenant from(ResultSet row) throws SQLException {
        Tenant tenant = new Tenant();
        tenant.id = row.getString(1);
        tenant.name = row.getString(2);
        tenant.selfProvisioning = row.getBoolean(3);
        tenant.ssoRequired = row.getBoolean(4);
        tenant.mfaRequired = row.getBoolean(5);
        tenant.createdAt = Jdbc.instant(row.getTimestamp(6));
        tenant.updatedAt = Jdbc.instant(row.getTimestamp(7));
        return tenant;
    }
}
