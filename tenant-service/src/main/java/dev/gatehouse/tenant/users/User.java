package dev.gatehouse.tenant.users;

import dev.gatehouse.common.Secrets;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Locale;

@Entity
@Table(name = "app_user")
public class User extends PanacheEntityBase {

    public static final String ENABLED = "enabled";
    public static final String DISABLED = "disabled";

    @Id
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

    /** A new, enabled user with a fresh id; the caller persists it. */
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
}
