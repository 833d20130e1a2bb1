package dev.gatehouse.tenant.tenants;

import dev.gatehouse.common.Jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** A tenant's claim on an email domain: pending until proven by DNS (or a project admin), then verified. */
public class SsoDomain {

    public static final String VERIFIED = "verified";
    public static final String PENDING = "pending";
    public static final String CHALLENGE_PREFIX = "_gatehouse-challenge.";

    static final String COLUMNS = "domain, tenant_id, status, verification_token, created_at, verified_at, last_checked_at";

    public String domain;
    public String tenantId;
    public String status;
    public String verificationToken;
    public Instant createdAt;
    public Instant verifiedAt;
    public Instant lastCheckedAt;

    public boolean verified() {
        return VERIFIED.equals(status);
    }

    public String txtName() {
        return CHALLENGE_PREFIX + domain;
    }

    public String txtValue() {
        return "gh-verify=" + verificationToken;
    }

    static SsoDomain from(ResultSet row) throws SQLException {
        SsoDomain claim = new SsoDomain();
        claim.domain = row.getString(1);
        claim.tenantId = row.getString(2);
        claim.status = row.getString(3);
        claim.verificationToken = row.getString(4);
        claim.createdAt = Jdbc.instant(row.getTimestamp(5));
        claim.verifiedAt = Jdbc.instant(row.getTimestamp(6));
        claim.lastCheckedAt = Jdbc.instant(row.getTimestamp(7));
        return claim;
    }
}
