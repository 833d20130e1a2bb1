package dev.gatehouse.tenant.scim;

import dev.gatehouse.common.Jdbc;
import dev.gatehouse.common.Text;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.tenant.audit.AuditLog;
import dev.gatehouse.tenant.claims.ClaimsChanges;
import dev.gatehouse.tenant.tenants.DomainNames;
import dev.gatehouse.tenant.tenants.SsoDomains;
import dev.gatehouse.tenant.users.TenantRoles;
import dev.gatehouse.tenant.users.User;
import dev.gatehouse.tenant.users.Users;
import dev.gatehouse.tenant.common.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * SCIM Users of one tenant. A SCIM user is one of our users with the tenant's directory view of them (the stored
 * resource). Who is who, so that a tenant's directory can never reach another tenant's people:
 * <ul>
 *   <li>A new SCIM user joins an existing account only by an email inside the tenant's own verified domains (the
 *       same rule as SSO); otherwise a new account is made, with that email only if the domain is the tenant's.</li>
 *   <li>An SSO sign-in through the same tenant's connection is that user when its subject (NameID / {@code sub}) or
 *       email equals the SCIM {@code userName}, or its subject equals the {@code externalId} ({@link #matching}).</li>
 *   <li>{@code active=false} or DELETE takes the user out of the tenant at once: membership and roles there go,
 *       their sessions end (the caller does that after commit), and sign-in through the tenant's SSO is refused
 *       while the directory says inactive.</li>
 * </ul>
 */
@ApplicationScoped
@Transactional
public class ScimUsers {

    @Inject
    Database db;

    @Inject
    Users users;

    @Inject
    SsoDomains domains;

    @Inject
    Clock clock;

    @Inject
    ObjectMapper json;

    @Inject
    TenantRoles tenantRoles;

    @Inject
    AuditLog auditLog;

    @Inject
    ClaimsChanges claimsChanges;

    @Inject
    ScimGroupRoles groupRoles;

    private static final String COLUMNS =
            "user_id, user_name, external_id, active, resource, version, created_at, updated_at";

    /** A stored SCIM user. */
    record Row(String userId, String userName, String externalId, boolean active, ObjectNode resource, int version,
               Instant created, Instant updated) {
    }

    /** What a change did; {@code deprovisioned}: the caller ends the user's sessions once this has committed. */
    record Changed(Row row, boolean deprovisioned) {
    }

    Changed create(ScimTokens.Client client, JsonNode body) {
        ObjectNode resource = cleaned(body);
        String userName = userName(resource);
        String tenantId = client.tenantId();
        requireUnique(tenantId, userName, text(resource, "externalId"), null);
        Instant now = Instant.now(clock);
        String email = tenantEmail(tenantId, resource);
        User user = users.withEmail(email).orElse(null);
        if (user != null && find(tenantId, user.id).isPresent()) {
            throw ScimError.conflict("the directory already has this person as another userName");
        }
        if (user == null) {
            user = User.create(email, now);
            user.ownerConnection = "scim:" + tenantId;
            names(user, resource);
            users.insert(user);
            auditLog.event(client.auditName(), "user.create", null, user.id, "provisioned by the directory of " + tenantId);
        }
        boolean active = !resource.has("active") || resource.get("active").asBoolean(true);
        resource.put("active", active);
        db.update("""
                insert into scim_user (tenant_id, user_id, user_name, external_id, active, resource, created_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?)""", tenantId, user.id, userName, text(resource, "externalId"), active,
                resource.toString(), now, now);
        auditLog.event(client.auditName(), "scim.user.create", tenantId, user.id, "userName " + userName);
        if (active) {
            admit(client, tenantId, user.id);
        }
        return new Changed(require(tenantId, user.id), false);
    }

    Changed replace(ScimTokens.Client client, String userId, JsonNode body, String ifMatch) {
        Row row = require(client.tenantId(), userId);
        ScimEtag.check(ifMatch, row.version());
        ObjectNode resource = cleaned(body);
        userName(resource);
        if (!resource.has("active")) {
            resource.put("active", row.active());
        }
        return store(client, row, resource);
    }

    Changed patch(ScimTokens.Client client, String userId, JsonNode body, String ifMatch) {
        Row row = require(client.tenantId(), userId);
        ScimEtag.check(ifMatch, row.version());
        ObjectNode resource = row.resource().deepCopy();
        for (JsonNode operation : ScimPatch.operations(body)) {
            ScimPatch.apply(resource, operation);
        }
        userName(resource);
        return store(client, row, resource);
    }

    /** Out of the tenant and out of its directory; an account this directory made and nobody else uses goes too. */
    String delete(ScimTokens.Client client, String userId, String ifMatch) {
        String tenantId = client.tenantId();
        Row row = require(tenantId, userId);
        ScimEtag.check(ifMatch, row.version());
        leave(client, tenantId, userId);
        db.update("delete from scim_user where tenant_id = ? and user_id = ?", tenantId, userId);
        auditLog.event(client.auditName(), "scim.user.delete", tenantId, userId, "userName " + row.userName());
        User user = users.find(userId).orElse(null);
        if (user != null && ownedBy(user, tenantId)
                && !db.exists("select 1 from tenant_membership where user_id = ? limit 1", userId)) {
            users.delete(userId);
            auditLog.event(client.auditName(), "user.delete", null, userId, "removed from the directory of " + tenantId);
        }
        claimsChanges.user(userId);
        return userId;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    Optional<Row> find(String tenantId, String userId) {
        return db.one("select " + COLUMNS + " from scim_user where tenant_id = ? and user_id = ?", this::row,
                tenantId, userId);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    Row require(String tenantId, String userId) {
        return find(tenantId, userId).orElseThrow(() -> ScimError.notFound("no User " + userId + " in this directory"));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    List<Row> all(String tenantId) {
        return db.list("select " + COLUMNS + " from scim_user where tenant_id = ? order by created_at, user_id",
                this::row, tenantId);
    }

    /**
     * The SCIM user of {@code tenantId} an SSO sign-in through that tenant's own connection is: subject equal to the
     * userName or externalId, or the asserted email equal to the userName. Both sides are the tenant's own data.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Match> matching(String tenantId, String subject, String email) {
        return db.one("""
                select user_id, active from scim_user where tenant_id = ?
                and (lower(user_name) = lower(?) or external_id = ? or lower(user_name) = lower(?))
                order by created_at limit 1""", row -> new Match(row.getString(1), row.getBoolean(2)),
                tenantId, subject, subject, email == null ? "" : email);
    }

    /** Whether the tenant's directory holds this user as deactivated. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean deactivated(String tenantId, String userId) {
        return db.exists("select 1 from scim_user where tenant_id = ? and user_id = ? and not active", tenantId, userId);
    }

    public record Match(String userId, boolean active) {
    }

    private Changed store(ScimTokens.Client client, Row row, ObjectNode resource) {
        String tenantId = client.tenantId();
        String userName = userName(resource);
        String externalId = text(resource, "externalId");
        requireUnique(tenantId, userName, externalId, row.userId());
        boolean active = resource.path("active").asBoolean(true);
        resource.put("active", active);
        db.update("""
                update scim_user set user_name = ?, external_id = ?, active = ?, resource = ?,
                version = version + 1, updated_at = ? where tenant_id = ? and user_id = ?""",
                userName, externalId, active, resource.toString(), Instant.now(clock), tenantId, row.userId());
        User user = users.find(row.userId()).orElse(null);
        if (user != null && ownedBy(user, tenantId)) {
            names(user, resource);
            users.save(user);
            auditLog.event(client.auditName(), "user.update", null, user.id, "from the directory of " + tenantId);
        }
        boolean deprovisioned = false;
        if (row.active() && !active) {
            leave(client, tenantId, row.userId());
            auditLog.event(client.auditName(), "scim.user.deactivate", tenantId, row.userId(), "userName " + userName);
            deprovisioned = true;
        } else if (!row.active() && active) {
            admit(client, tenantId, row.userId());
            auditLog.event(client.auditName(), "scim.user.update", tenantId, row.userId(), "reactivated");
        } else {
            auditLog.event(client.auditName(), "scim.user.update", tenantId, row.userId(), "userName " + userName);
        }
        claimsChanges.user(row.userId());
        return new Changed(require(tenantId, row.userId()), deprovisioned);
    }

    /** An account this tenant made: by its directory, or just in time through its own SSO connection. */
    private static boolean ownedBy(User user, String tenantId) {
        String owner = user.ownerConnection;
        return owner != null && (owner.equals("scim:" + tenantId) || owner.startsWith("tenant:" + tenantId + ":"));
    }

    private void admit(ScimTokens.Client client, String tenantId, String userId) {
        if (tenantRoles.join(userId, tenantId)) {
            auditLog.event(client.auditName(), "user.tenant.add", tenantId, userId, "by directory sync");
        }
        groupRoles.sync(client, tenantId, userId);
        claimsChanges.user(userId);
    }

    private void leave(ScimTokens.Client client, String tenantId, String userId) {
        db.update("delete from tenant_role_grant where user_id = ? and tenant_id = ?", userId, tenantId);
        if (tenantRoles.leave(userId, tenantId)) {
            auditLog.event(client.auditName(), "user.tenant.remove", tenantId, userId, "by directory sync");
        }
        claimsChanges.user(userId);
    }

    private void requireUnique(String tenantId, String userName, String externalId, String self) {
        String external = externalId == null ? "" : externalId;
        if (db.exists("""
                select 1 from scim_user where tenant_id = ? and user_id <> ?
                and (lower(user_name) = lower(?) or (? <> '' and external_id = ?))""",
                tenantId, self == null ? "" : self, userName, external, external)) {
            throw ScimError.conflict("userName " + userName + (externalId == null ? "" : " or externalId " + externalId)
                    + " is already taken in this directory");
        }
    }

    /** The address we may treat as the person's own: inside the tenant's verified domains, else none. */
    private String tenantEmail(String tenantId, ObjectNode resource) {
        String email = null;
        for (JsonNode candidate : resource.path("emails")) {
            if (email == null || candidate.path("primary").asBoolean(false)) {
                email = candidate.path("value").asText(null);
            }
        }
        if (email == null && userName(resource).contains("@")) {
            email = userName(resource);
        }
        String normalised = User.normaliseEmail(email);
        if (normalised == null || !normalised.contains("@")) {
            return null;
        }
        return domains.verifiedClaim(DomainNames.ofEmail(normalised)).filter(d -> d.tenantId.equals(tenantId)).isPresent()
                ? normalised : null;
    }

    private static void names(User user, ObjectNode resource) {
        JsonNode name = resource.path("name");
        String given = name.path("givenName").asText(null);
        String family = name.path("familyName").asText(null);
        String formatted = name.path("formatted").asText(resource.path("displayName").asText(null));
        user.givenName = Text.atMost(given, 100);
        user.familyName = Text.atMost(family, 100);
        user.name = Text.atMost(formatted != null ? formatted
                : given == null && family == null ? null : String.join(" ", given == null ? "" : given, family == null ? "" : family).trim(), 200);
    }

    static String userName(ObjectNode resource) {
        String userName = text(resource, "userName");
        if (userName == null || userName.isBlank()) {
            throw ScimError.badRequest("invalidValue", "userName is required");
        }
        if (userName.length() > 320) {
            throw ScimError.badRequest("invalidValue", "userName is longer than 320 characters");
        }
        return userName;
    }

    private static String text(ObjectNode resource, String name) {
        JsonNode value = resource.get(ScimPatch.existingName(resource, name));
        return value == null || value.isNull() ? null : value.asText();
    }

    /** The client's resource without what the service owns (id, meta, schemas); attribute names as sent. */
    private ObjectNode cleaned(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ScimError.badRequest("invalidSyntax", "a User is a JSON object");
        }
        ObjectNode resource = ((ObjectNode) body).deepCopy();
        // Never kept: what the service owns, and passwords (Okta sends one; sign-in is the IdP's business).
        for (String owned : List.of("id", "meta", "schemas", "groups", "password")) {
            resource.remove(ScimPatch.existingName(resource, owned));
        }
        if (resource.has("userName") || !resource.has(ScimPatch.existingName(resource, "userName"))) {
            return resource;
        }
        resource.set("userName", resource.remove(ScimPatch.existingName(resource, "userName")));
        return resource;
    }

    private Row row(ResultSet row) throws SQLException {
        try {
            return new Row(row.getString(1), row.getString(2), row.getString(3), row.getBoolean(4),
                    (ObjectNode) json.readTree(row.getString(5)), row.getInt(6), Jdbc.instant(row.getTimestamp(7)),
                    Jdbc.instant(row.getTimestamp(8)));
        } catch (IOException e) {
            throw new IllegalStateException("a stored SCIM user is not JSON", e);
        }
    }
}
