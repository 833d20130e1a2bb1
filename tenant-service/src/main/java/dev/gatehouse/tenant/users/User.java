package dev.gatehouse.tenant.users;

import dev.gatehouse.common.Jdbc;
import dev.gatehouse.common.Secrets;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Locale;

/** A person (table {@code app_user}); {@link Users} reads and writes them. */
public class User {

    public static final String ENABLED = "enabled";
    public static final String DISABLED = "disabled";

    static final String COLUMNS = "id, email, name, given_name, family_name, status, created_at, last_login_at, owner_connection";

    public String id;
    /** Set only when the address is known to belong to this user; unique. */
    public String email;
    public String name;
    public String givenName;
    public String familyName;
    public String status;
    public Instant createdAt;
    public Instant lastLoginAt;
    /** The connection whose sign-ins may change this user's name and email; see {@code Provisioning}. */
    public String ownerConnection;

    /** A new, enabled user with a fresh id; the caller inserts it ({@link Users#insert}). */
    public static User create(String email, Instant now) {
        User user = new User();
        user.id = Secrets.newId("U");
        user.email = email;
        user.status = ENABLED;
        user.createdAt = now;
        return user;
    }

    public boolean enabled() {
        return ENABLED.equals(status);
    }

    public static String normaliseEmail(String email) {
        return email == null || email.isBlank() ? null : email.trim().toLowerCase(Locale.ROOT);
    }

    static User from(ResultSet row) throws SQLException {
        User user = new User();
        user.id = row.getString(1);
        user.email = row.getString(2);
        user.name = row.getString(3);
        user.givenName = row.getString(4);
        user.familyName = row.getString(5);
        user.status = row.getString(6);
        user.createdAt = Jdbc.instant(row.getTimestamp(7));
        user.lastLoginAt = Jdbc.instant(row.getTimestamp(8));
        user.ownerConnection = row.getString(9);
        return user;
    }
}
