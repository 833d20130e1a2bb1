package dev.gatehouse.tenant.users;

import dev.gatehouse.tenant.common.Violations;
import dev.gatehouse.common.Text;
import dev.gatehouse.tenant.audit.AuditLog;
import dev.gatehouse.tenant.common.ApiException;
import dev.gatehouse.tenant.common.Database;
import dev.gatehouse.tenant.scim.ScimUsers;
import dev.gatehouse.tenant.sso.SsoConnection;
import dev.gatehouse.tenant.sso.SsoConnections;
import dev.gatehouse.tenant.tenants.DomainNames;
import dev.gatehouse.tenant.tenants.SsoDomains;
import dev.gatehouse.tenant.tenants.Tenant;
import dev.gatehouse.tenant.tenants.TenantService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Just-in-time provisioning from a verified external identity (design.md §3, §6 tenant isolation).
 *
 * <p>An identity belongs to the connection that asserted it: {@code social:<provider>} for a configured social
 * provider, {@code tenant:<tenant>:<connection id>} for a tenant's SAML/OIDC connection. The issuer the IdP
 * claims is never part of the key, because a tenant admin or setup-link holder types it and could name another
 * tenant's IdP or a social issuer. An existing account is joined by email only when that email is trustworthy for
 * this login (verified by a social provider, or inside the signing-in tenant's own verified SSO domains), and
 * only the connection that owns a user changes that user's name and email.
 */
@ApplicationScoped
@Transactional
public class Provisioning {

    @Inject
    Database db;

    @Inject
    Users users;

    @Inject
    SsoDomains domains;

    @Inject
    SsoConnections connections;

    @Inject
    Clock clock;

    @Inject
    TenantRoles tenantRoles;

    @Inject
    UserClaims userClaims;

    @Inject
    TenantService tenants;

    @Inject
    AuditLog auditLog;

    @Inject
    ScimUsers scimUsers;

    public Result provision(ExternalLogin login) {
        Tenant tenant = login.tenantId() == null ? null : tenants.require(login.tenantId());
        String connection = assertingConnection(login, tenant);
        String email = trustedEmail(login, tenant);
        boolean firstSeen = false;
        User user = linkedUser(connection, login.subject()).orElse(null);
        if (user == null && tenant != null) {
            // The tenant's directory (SCIM) may already know this person: the same user, not a second account.
            user = scimUsers.matching(tenant.id, login.subject(), login.email())
                    .flatMap(match -> users.find(match.userId())).orElse(null);
            if (user != null) {
                link(login, connection, user);
            }
        }
        if (user == null) {
            User sameEmail = users.withEmail(email).orElse(null);
            if (sameEmail != null) {
                user = sameEmail;
            } else {
                user = newUser(email, connection);
                firstSeen = true;
            }
            link(login, connection, user);
        }
        if (tenant != null && scimUsers.deactivated(tenant.id, user.id)) {
            auditLog.failure("user:" + user.id, "user.login", tenant.id, login.issuer(),
                    "the user is deactivated in the tenant's directory (SCIM)");
            throw ApiException.forbidden("user " + user.id + " is deactivated in the directory of tenant " + tenant.id);
        }
        if (!user.enabled()) {
            auditLog.failure("user:" + user.id, "user.login", login.tenantId(), login.issuer(), "user is disabled");
            throw ApiException.forbidden("user " + user.id + " is disabled");
        }
        if (owns(connection, user, tenant)) {
            user.ownerConnection = connection;
            if (email != null && !email.equals(user.email) && users.withEmail(email).isEmpty()) {
                user.email = email;
            }
            updateNames(user, login);
        }
        user.lastLoginAt = Instant.now(clock);
        users.save(user);
        if (firstSeen) {
            auditLog.event("user:" + user.id, "user.create", null, user.id, "just-in-time at first sign-in through " + connection);
        }
        if (tenant != null) {
            joined(user, tenant.id, connection);
            if (login.groups() != null) {
                syncMappedRoles(user.id, tenant.id, login.groups());
            }
        } else if (email != null) {
            selfProvision(user, email, connection);
        }
        auditLog.event("user:" + user.id, "user.login", login.tenantId(), login.kind() + ":" + login.provider(),
                firstSeen ? "first sign-in" : null);
        return new Result(userClaims.profile(user), firstSeen);
    }

    /**
     * The key of the connection that asserted this login. An enterprise login must come through its tenant's
     * current connection, of the same protocol and for the IdP that connection trusts; anything else (a
     * connection replaced mid-login, a forged tenant id) is refused rather than guessed.
     */
    private String assertingConnection(ExternalLogin login, Tenant tenant) {
        if (tenant == null) {
            if ("email".equals(login.kind())) {
                return emailConnection(login);
            }
            if (!"oauth".equals(login.kind())) {
                throw ApiException.badRequest("an enterprise (" + login.kind() + ") sign-in needs its tenant");
            }
            return "social:" + login.provider();
        }
        SsoConnection current = connections.find(tenant.id).orElse(null);
        if (current == null || !current.type.equals(login.kind()) || !current.connectionId.equals(login.connectionId())
                || !sameIssuer(login.issuer(), current.idpIdentity())) {
            auditLog.failure("auth-service", "user.login", tenant.id, login.issuer(),
                    "the sign-in did not come through the tenant's current SSO connection");
            throw ApiException.conflict("the SSO connection of tenant " + tenant.id
                    + " changed during this sign-in; start the sign-in again");
        }
        return current.identityKey();
    }

    /**
     * Sign-in by email (a code or link that reached the mailbox): the address is the identity and is verified. A
     * tenant that requires SSO for its verified domain keeps its addresses out of it (defence in depth: auth-service
     * refuses before it sends any mail).
     */
    private String emailConnection(ExternalLogin login) {
        String email = User.normaliseEmail(login.email());
        if (email == null || !login.emailVerified() || !email.equals(login.subject())) {
            throw ApiException.badRequest("an email sign-in names its verified address as the subject");
        }
        domains.verifiedClaim(DomainNames.ofEmail(email))
                .flatMap(d -> tenants.find(d.tenantId))
                .filter(t -> t.ssoRequired)
                .ifPresent(t -> {
                    auditLog.failure("auth-service", "user.login", t.id, "email", "the tenant requires SSO for its domains");
                    throw ApiException.forbidden("addresses of this domain sign in through the SSO of tenant " + t.id);
                });
        return "email";
    }

    /**
     * Defence in depth only (the key is the connection, not the issuer): an OIDC issuer is stored without a
     * trailing slash, while a discovery document may declare one (Auth0's do), as auth-service then reports it.
     */
    private static boolean sameIssuer(String asserted, String trusted) {
        return trusted != null && Text.withoutTrailingSlashes(asserted).equals(Text.withoutTrailingSlashes(trusted));
    }

    /**
     * Only the owning connection writes a user's profile. A tenant that replaced its IdP takes over the users
     * its previous connection owned (same tenant, same admins), and those its own directory (SCIM) made; no other
     * connection ever does. Connection ids
     * hold no colon, so the owner's tenant is everything between {@code tenant:} and the last colon.
     */
    private static boolean owns(String connection, User user, Tenant tenant) {
        String owner = user.ownerConnection;
        if (owner == null || owner.equals(connection)) {
            return true;
        }
        if (tenant != null && owner.equals("scim:" + tenant.id)) {
            return true;
        }
        return tenant != null && owner.startsWith("tenant:")
                && owner.substring("tenant:".length(), owner.lastIndexOf(':')).equals(tenant.id);
    }

    private String trustedEmail(ExternalLogin login, Tenant tenant) {
        String email = User.normaliseEmail(login.email());
        if (email == null || !email.contains("@")) {
            return null;
        }
        if (tenant == null) {
            return login.emailVerified() ? email : null;
        }
        // An enterprise IdP speaks for its own domains only: anything else it asserts is not proof of ownership.
        String domain = DomainNames.ofEmail(email);
        return domains.verifiedClaim(domain).filter(d -> d.tenantId.equals(tenant.id)).isPresent()
                ? email : null;
    }

    /** A social sign-in with a verified email joins the tenants that opted into self-provisioning for its domain. */
    private void selfProvision(User user, String email, String connection) {
        domains.verifiedClaim(DomainNames.ofEmail(email))
                .flatMap(d -> tenants.find(d.tenantId))
                .filter(t -> t.selfProvisioning)
                .ifPresent(t -> joined(user, t.id, connection));
    }

    /** The tenant roles the IdP's groups map to; each one granted or taken away is audited (and so evented). */
    private void syncMappedRoles(String userId, String tenantId, List<String> groups) {
        var changes = tenantRoles.syncMapped(userId, tenantId, tenantRoles.mappedRoles(tenantId, groups), "sso");
        changes.granted().forEach(role -> auditLog.event("user:" + userId, "user.tenant-role.grant", tenantId,
                userId + " " + role, "group mapping at sign-in"));
        changes.revoked().forEach(role -> auditLog.event("user:" + userId, "user.tenant-role.revoke", tenantId,
                userId + " " + role, "group mapping at sign-in"));
    }

    private void joined(User user, String tenantId, String connection) {
        if (scimUsers.deactivated(tenantId, user.id)) {
            return; // the tenant's directory took them out; a sign-in does not bring them back
        }
        if (tenantRoles.join(user.id, tenantId)) {
            auditLog.event("user:" + user.id, "user.tenant.add", tenantId, user.id, "at sign-in through " + connection);
        }
    }

    private Optional<User> linkedUser(String connection, String subject) {
        return db.one("select user_id from external_identity where connection = ? and subject = ?",
                row -> row.getString(1), connection, subject).flatMap(users::find);
    }

    private void link(ExternalLogin login, String connection, User user) {
        db.update("""
                insert into external_identity (connection, subject, issuer, user_id, kind, provider, created_at)
                values (?, ?, ?, ?, ?, ?, ?)""", connection, login.subject(), login.issuer(), user.id, login.kind(),
                login.provider(), Instant.now(clock));
    }

    private User newUser(String email, String connection) {
        User user = User.create(email, Instant.now(clock));
        user.ownerConnection = connection;
        users.insert(user);
        return user;
    }

    private static void updateNames(User user, ExternalLogin login) {
        if (login.givenName() != null && !login.givenName().isBlank()) {
            user.givenName = login.givenName();
        }
        if (login.familyName() != null && !login.familyName().isBlank()) {
            user.familyName = login.familyName();
        }
        if (login.name() != null && !login.name().isBlank()) {
            user.name = login.name();
        } else if (user.givenName != null || user.familyName != null) {
            user.name = String.join(" ", java.util.stream.Stream.of(user.givenName, user.familyName)
                    .filter(part -> part != null && !part.isBlank()).toList());
        }
    }

    /**
     * A verified sign-in at an upstream provider. {@code tenantId} and {@code connectionId} (the connection whose
     * certificates or keys verified it) are set for enterprise SSO; {@code groups} is null when the IdP sent no
     * groups attribute (then mapped roles stay as they are).
     */
    public record ExternalLogin(String issuer,
                                String subject,
                                String kind,
                                String provider,
                                String tenantId,
                                String connectionId,
                                String email,
                                boolean emailVerified,
                                String name,
                                String givenName,
                                String familyName,
                                List<String> groups) implements Violations.Body {
        private static final Pattern KIND = Pattern.compile("oauth|oidc|saml|email");

        @Override
        public Violations violations() {
            return Violations.none().notBlank("issuer", issuer).size("issuer", issuer, 0, 1024)
                    .notBlank("subject", subject).size("subject", subject, 0, 512)
                    .notBlank("kind", kind).matches("kind", kind, KIND)
                    .notBlank("provider", provider).size("provider", provider, 0, 100)
                    .size("tenantId", tenantId, 0, 64).size("connectionId", connectionId, 0, 40)
                    .size("email", email, 0, 320).size("name", name, 0, 200).size("givenName", givenName, 0, 100)
                    .size("familyName", familyName, 0, 100).size("groups", groups, 0, 500)
                    .each("groups", groups, false, 256);
        }
    }

    public record Result(UserProfile user, boolean firstSeen) {
    }
}
