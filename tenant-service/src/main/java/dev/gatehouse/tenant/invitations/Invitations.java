package dev.gatehouse.tenant.invitations;

import dev.gatehouse.common.Secrets;
import dev.gatehouse.tenant.access.Caller;
import dev.gatehouse.tenant.accounts.AuthServiceAccounts;
import dev.gatehouse.tenant.audit.AuditLog;
import dev.gatehouse.tenant.claims.ClaimsChanges;
import dev.gatehouse.tenant.common.ApiException;
import dev.gatehouse.tenant.common.Database;
import dev.gatehouse.tenant.common.TenantServiceConfig;
import dev.gatehouse.tenant.roles.RoleService;
import dev.gatehouse.tenant.tenants.Tenant;
import dev.gatehouse.tenant.tenants.TenantService;
import dev.gatehouse.tenant.users.TenantRoles;
import dev.gatehouse.tenant.users.User;
import dev.gatehouse.tenant.users.Users;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Invitations into a tenant. The link's token (256 random bits, stored hashed) works once, until it expires, is
 * revoked or is replaced by a resend, and only for a signed-in user whose verified address is the invited one: a
 * forwarded or leaked link admits nobody else. Accepting adds the membership and roles like a tenant admin's grant
 * (audited, so evented, and pushed to auth-service's claims cache).
 */
@ApplicationScoped
public class Invitations {

    private static final Logger LOG = Logger.getLogger(Invitations.class);
    private static final Duration RESEND_GAP = Duration.ofMinutes(1);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    @Inject
    Clock clock;

    @Inject
    TenantServiceConfig config;

    @Inject
    TenantService tenants;

    @Inject
    RoleService roles;

    @Inject
    TenantRoles tenantRoles;

    @Inject
    AuditLog auditLog;

    @Inject
    ClaimsChanges claimsChanges;

    @Inject
    AuthServiceAccounts authService;

    @Inject
    Database db;

    @Inject
    Users users;

    public record Sent(Invitation invitation, boolean mailed, String mailProblem) {
    }

    public Sent invite(Caller caller, String tenantId, String email, List<String> roleNames) {
        String address = User.normaliseEmail(email);
        String token = Secrets.newSecret();
        Invitation invitation = QuarkusTransaction.requiringNew().call(() -> {
            Tenant tenant = tenants.require(tenantId);
            List<String> granted = roleNames == null ? List.of()
                    : roleNames.stream().map(r -> roles.requireRole(r).name).distinct().toList();
            Instant now = Instant.now(clock);
            if (db.exists("""
                    select 1 from invitation where tenant_id = ? and email = ? and accepted_at is null
                    and revoked_at is null and expires_at > ?""", tenant.id, address, now)) {
                throw ApiException.conflict(address + " already has a pending invitation to " + tenant.id
                        + "; resend or revoke it");
            }
            User existing = users.withEmail(address).orElse(null);
            if (existing != null && tenantRoles.isMember(existing.id, tenant.id)) {
                throw ApiException.conflict(address + " is already a member of " + tenant.id);
            }
            requireWithinRate(tenant.id, now);
            Invitation created = new Invitation();
            created.id = Secrets.newId("inv_");
            created.tenantId = tenant.id;
            created.email = address;
            created.roleNames = String.join(",", granted);
            created.tokenHash = Secrets.sha256(token);
            created.invitedBy = caller.auditName();
            created.createdAt = now;
            created.expiresAt = now.plus(config.invitations().validFor());
            db.update("insert into invitation (" + Invitation.COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    created.id, created.tenantId, created.email, created.roleNames, created.tokenHash, created.invitedBy,
                    created.createdAt, created.expiresAt, created.lastSentAt, created.sentCount, created.acceptedAt,
                    created.acceptedBy, created.revokedAt);
            auditLog.success(caller, "invitation.create", tenant.id, created.id);
            return created;
        });
        return mail(caller, invitation, token);
    }

    /** A new link (the old one stops working) and a new validity period, mailed again. */
    public Sent resend(Caller caller, String tenantId, String id) {
        String token = Secrets.newSecret();
        Invitation invitation = QuarkusTransaction.requiringNew().call(() -> {
            Invitation found = require(tenantId, id, " for update");
            Instant now = Instant.now(clock);
            if (found.acceptedAt != null || found.revokedAt != null) {
                throw ApiException.conflict("invitation " + id + " is " + found.status(now) + "; invite again instead");
            }
            if (found.lastSentAt != null && found.lastSentAt.plus(RESEND_GAP).isAfter(now)) {
                throw new ApiException(429, "Too many requests", "invitation " + id + " was sent less than a minute ago");
            }
            requireWithinRate(tenantId, now);
            found.tokenHash = Secrets.sha256(token);
            found.expiresAt = now.plus(config.invitations().validFor());
            db.update("update invitation set token_hash = ?, expires_at = ? where id = ?", found.tokenHash, found.expiresAt,
                    found.id);
            auditLog.success(caller, "invitation.resend", tenantId, id);
            return found;
        });
        return mail(caller, invitation, token);
    }

    @Transactional
    public void revoke(Caller caller, String tenantId, String id) {
        Invitation invitation = require(tenantId, id, " for update");
        if (invitation.acceptedAt != null) {
            throw ApiException.conflict("invitation " + id + " was already accepted; remove the member instead");
        }
        if (invitation.revokedAt == null) {
            db.update("update invitation set revoked_at = ? where id = ?", Instant.now(clock), id);
            auditLog.success(caller, "invitation.revoke", tenantId, id);
        }
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Invitation> list(String tenantId) {
        tenants.require(tenantId);
        return db.list("select " + Invitation.COLUMNS + " from invitation where tenant_id = ? order by created_at desc",
                Invitation::from, tenantId);
    }

    /** What the link's landing page may show before sign-in: which tenant, for which address, until when. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Preview preview(String token) {
        Invitation invitation = usable(token, Instant.now(clock), "");
        Tenant tenant = tenants.require(invitation.tenantId);
        return new Preview(tenant.id, tenant.name, invitation.email, invitation.expiresAt, tenant.ssoRequired);
    }

    public record Preview(String tenantId, String tenantName, String email, Instant expiresAt, boolean ssoRequired) {
    }

    /** The signed-in user takes the invitation: only with the invited address, once. */
    @Transactional
    public Invitation accept(Caller.SessionUser caller, String token) {
        Instant now = Instant.now(clock);
        // Read under a row lock: of two concurrent accepts, the second waits and then sees the first's acceptedAt.
        Invitation invitation = usable(token, now, " for update");
        User user = users.find(caller.userId())
                .orElseThrow(() -> ApiException.forbidden("the signed-in user no longer exists"));
        if (!user.enabled()) {
            throw ApiException.forbidden("user " + user.id + " is disabled");
        }
        if (user.email == null || !user.email.equals(invitation.email)) {
            auditLog.failure(caller.auditName(), "invitation.accept", invitation.tenantId, invitation.id,
                    "signed in as another address than the invited one");
            throw ApiException.forbidden("this invitation is for " + masked(invitation.email)
                    + "; sign in with that address to accept it");
        }
        if (tenantRoles.join(user.id, invitation.tenantId)) {
            auditLog.success(caller, "user.tenant.add", invitation.tenantId, user.id);
        }
        for (String role : invitation.roles()) {
            tenantRoles.grant(user.id, invitation.tenantId, role, "manual");
            auditLog.success(caller, "user.tenant-role.grant", invitation.tenantId, user.id + " " + role);
        }
        invitation.acceptedAt = now;
        invitation.acceptedBy = user.id;
        db.update("update invitation set accepted_at = ?, accepted_by = ? where id = ?", now, user.id, invitation.id);
        auditLog.success(caller, "invitation.accept", invitation.tenantId, invitation.id);
        claimsChanges.user(user.id);
        return invitation;
    }

    private Invitation usable(String token, Instant now, String lock) {
        Invitation invitation = token == null || token.isBlank() ? null
                : db.one("select " + Invitation.COLUMNS + " from invitation where token_hash = ?" + lock, Invitation::from,
                Secrets.sha256(token)).orElse(null);
        if (invitation == null) {
            throw ApiException.notFound("no such invitation: the link is wrong, or a newer one was sent");
        }
        if (invitation.revokedAt != null) {
            throw gone("this invitation was revoked; ask the tenant's admin for a new one");
        }
        if (invitation.acceptedAt != null) {
            throw gone("this invitation was already accepted");
        }
        if (!invitation.expiresAt.isAfter(now)) {
            throw gone("this invitation expired on " + DAY.format(invitation.expiresAt) + "; ask for a new one");
        }
        return invitation;
    }

    private Sent mail(Caller caller, Invitation invitation, String token) {
        String link = config.invitations().acceptUrl() + "?invitation=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        try {
            authService.sendInvitation(invitation.email, tenants.require(invitation.tenantId).name, inviter(caller), link,
                    DAY.format(invitation.expiresAt));
        } catch (ApiException e) {
            LOG.warnf("invitation %s was not mailed: %s", invitation.id, e.getMessage());
            return new Sent(invitation, false, e.getMessage());
        }
        QuarkusTransaction.requiringNew().run(() -> db.update(
                "update invitation set last_sent_at = ?, sent_count = sent_count + 1 where id = ?", Instant.now(clock),
                invitation.id));
        invitation.sentCount++;
        invitation.lastSentAt = Instant.now(clock);
        return new Sent(invitation, true, null);
    }

    private String inviter(Caller caller) {
        if (caller instanceof Caller.SessionUser user) {
            User found = users.find(user.userId()).orElse(null);
            if (found != null) {
                return found.name != null && !found.name.isBlank() ? found.name + " (" + found.email + ")" : found.email;
            }
        }
        return "An administrator";
    }

    private void requireWithinRate(String tenantId, Instant now) {
        Instant hourAgo = now.minus(Duration.ofHours(1));
        if (db.count("select count(*) from invitation where tenant_id = ? and (created_at > ? or last_sent_at > ?)",
                tenantId, hourAgo, hourAgo) >= config.invitations().perTenantPerHour()) {
            throw new ApiException(429, "Too many requests", "tenant " + tenantId + " sent "
                    + config.invitations().perTenantPerHour() + " invitations in the last hour; try again later");
        }
    }

    /** The tenant's invitation, read with {@code lock} (" for update", or "" for none). */
    private Invitation require(String tenantId, String id, String lock) {
        return db.one("select " + Invitation.COLUMNS + " from invitation where id = ? and tenant_id = ?" + lock,
                        Invitation::from, id, tenantId)
                .orElseThrow(() -> ApiException.notFound("no invitation " + id + " in tenant " + tenantId));
    }

    private static ApiException gone(String detail) {
        return new ApiException(410, "Gone", detail);
    }

    static String masked(String email) {
        int at = email.indexOf('@');
        return at <= 1 ? "***" + email.substring(Math.max(at, 0)) : email.charAt(0) + "***" + email.substring(at);
    }
}
