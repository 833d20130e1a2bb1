package dev.gatehouse.tenant.scim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.common.Secrets;
import dev.gatehouse.common.Jdbc;
import dev.gatehouse.tenant.audit.AuditLog;
import dev.gatehouse.tenant.common.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SCIM Groups of one tenant. Members are that tenant's directory users only (another tenant's user id is an
 * invalid value, never a way into this tenant), and membership drives tenant roles through the tenant's group→role
 * mapping ({@link ScimGroupRoles}) for active members.
 */
@ApplicationScoped
@Transactional
public class ScimGroups {

    private static final Pattern MEMBER_FILTER = Pattern.compile("members\\[\\s*value\\s+eq\\s+\"([^\"]+)\"\\s*]", Pattern.CASE_INSENSITIVE);

    @Inject
    Database db;

    @Inject
    Clock clock;

    @Inject
    AuditLog auditLog;

    @Inject
    ScimUsers users;

    @Inject
    ScimGroupRoles groupRoles;

    record Row(String id, String displayName, String externalId, List<String> members, int version, Instant created,
               Instant updated) {

        Row withMembers(List<String> members) {
            return new Row(id, displayName, externalId, members, version, created, updated);
        }
    }

    Row create(ScimTokens.Client client, JsonNode body) {
        String tenantId = client.tenantId();
        String displayName = displayName(body);
        requireUnique(tenantId, displayName, null);
        String id = Secrets.newId("G");
        Instant now = Instant.now(clock);
        db.update("""
                insert into scim_group (id, tenant_id, display_name, external_id, created_at, updated_at)
                values (?, ?, ?, ?, ?, ?)""", id, tenantId, displayName, body.path("externalId").asText(null), now, now);
        Set<String> members = memberIds(tenantId, body.path("members"));
        members.forEach(member -> addMember(id, member));
        auditLog.event(client.auditName(), "scim.group.create", tenantId, id, displayName + ": " + members.size() + " member(s)");
        resync(client, tenantId, members);
        return require(tenantId, id);
    }

    Row replace(ScimTokens.Client client, String id, JsonNode body, String ifMatch) {
        String tenantId = client.tenantId();
        Row row = require(tenantId, id);
        ScimEtag.check(ifMatch, row.version());
        String displayName = displayName(body);
        requireUnique(tenantId, displayName, id);
        Set<String> members = memberIds(tenantId, body.path("members"));
        db.update("delete from scim_group_member where group_id = ?", id);
        members.forEach(member -> addMember(id, member));
        touch(id, displayName, body.has("externalId") ? body.path("externalId").asText(null) : row.externalId());
        auditLog.event(client.auditName(), "scim.group.update", tenantId, id, displayName + ": " + members.size() + " member(s)");
        Set<String> affected = new LinkedHashSet<>(row.members());
        affected.addAll(members);
        resync(client, tenantId, affected);
        return require(tenantId, id);
    }

    Row patch(ScimTokens.Client client, String id, JsonNode body, String ifMatch) {
        String tenantId = client.tenantId();
        Row row = require(tenantId, id);
        ScimEtag.check(ifMatch, row.version());
        String displayName = row.displayName();
        String externalId = row.externalId();
        Set<String> affected = new LinkedHashSet<>();
        for (JsonNode operation : ScimPatch.operations(body)) {
            String op = ScimPatch.verb(operation);
            String path = operation.path("path").asText("").trim();
            JsonNode value = operation.get("value");
            if (path.isEmpty()) {
                if (value == null || !value.isObject()) {
                    throw ScimError.badRequest("invalidValue", op + " without a path needs an object of attributes");
                }
                for (var it = value.fields(); it.hasNext(); ) {
                    var field = it.next();
                    String name = field.getKey().toLowerCase(Locale.ROOT);
                    switch (name) {
                        case "displayname" -> displayName = field.getValue().asText();
                        case "externalid" -> externalId = field.getValue().asText(null);
                        case "members" -> affected.addAll(members(tenantId, id, op, field.getValue()));
                        case "id" -> { }
                        default -> throw ScimError.badRequest("invalidPath", "a Group has no attribute " + field.getKey());
                    }
                }
                continue;
            }
            Matcher one = MEMBER_FILTER.matcher(path);
            if (one.matches() && op.equals("remove")) {
                db.update("delete from scim_group_member where group_id = ? and user_id = ?", id, one.group(1));
                affected.add(one.group(1));
            } else if (path.equalsIgnoreCase("members")) {
                affected.addAll(members(tenantId, id, op, value));
            } else if (path.equalsIgnoreCase("displayName")) {
                if (op.equals("remove")) {
                    throw ScimError.badRequest("mutability", "displayName is required");
                }
                displayName = value.asText();
            } else if (path.equalsIgnoreCase("externalId")) {
                externalId = op.equals("remove") ? null : value.asText(null);
            } else {
                throw ScimError.badRequest("invalidPath", "'" + path + "' is not a Group path this service understands");
            }
        }
        if (displayName == null || displayName.isBlank() || displayName.length() > 256) {
            throw ScimError.badRequest("invalidValue", "displayName must be 1 to 256 characters");
        }
        requireUnique(tenantId, displayName, id);
        touch(id, displayName, externalId);
        auditLog.event(client.auditName(), "scim.group.update", tenantId, id, displayName);
        if (!displayName.equals(row.displayName())) {
            affected.addAll(require(tenantId, id).members());
        }
        resync(client, tenantId, affected);
        return require(tenantId, id);
    }

    void delete(ScimTokens.Client client, String id, String ifMatch) {
        String tenantId = client.tenantId();
        Row row = require(tenantId, id);
        ScimEtag.check(ifMatch, row.version());
        db.update("delete from scim_group where id = ?", id);
        auditLog.event(client.auditName(), "scim.group.delete", tenantId, id, row.displayName());
        resync(client, tenantId, new LinkedHashSet<>(row.members()));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    Row require(String tenantId, String id) {
        return find(tenantId, id).orElseThrow(() -> ScimError.notFound("no Group " + id + " in this directory"));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    List<Row> all(String tenantId) {
        List<String> ids = db.strings("select id from scim_group where tenant_id = ? order by created_at, id", tenantId);
        return ids.stream().map(id -> require(tenantId, id)).toList();
    }

    /** The tenant's group, and then its members: a group of another tenant is not there, members and all. */
    private Optional<Row> find(String tenantId, String id) {
        return db.one("""
                select id, display_name, external_id, version, created_at, updated_at from scim_group
                where tenant_id = ? and id = ?""", row -> new Row(row.getString(1), row.getString(2), row.getString(3),
                List.of(), row.getInt(4), Jdbc.instant(row.getTimestamp(5)), Jdbc.instant(row.getTimestamp(6))), tenantId, id)
                .map(group -> group.withMembers(
                        db.strings("select user_id from scim_group_member where group_id = ? order by user_id", id)));
    }

    /** add, replace or remove members given as [{"value": id}]; returns whose membership may have changed. */
    private Set<String> members(String tenantId, String groupId, String op, JsonNode value) {
        Set<String> affected = new LinkedHashSet<>();
        if (op.equals("replace")) {
            affected.addAll(require(tenantId, groupId).members());
            db.update("delete from scim_group_member where group_id = ?", groupId);
        }
        if (op.equals("remove") && (value == null || value.isNull())) {
            affected.addAll(require(tenantId, groupId).members());
            db.update("delete from scim_group_member where group_id = ?", groupId);
            return affected;
        }
        Set<String> ids = op.equals("remove") ? rawIds(value) : memberIds(tenantId, value);
        for (String member : ids) {
            if (op.equals("remove")) {
                db.update("delete from scim_group_member where group_id = ? and user_id = ?", groupId, member);
            } else {
                addMember(groupId, member);
            }
            affected.add(member);
        }
        return affected;
    }

    /** Member ids that are users of this tenant's directory; anyone else is refused by name. */
    private Set<String> memberIds(String tenantId, JsonNode members) {
        Set<String> ids = rawIds(members);
        for (String id : ids) {
            if (users.find(tenantId, id).isEmpty()) {
                throw ScimError.badRequest("invalidValue", "member " + id + " is not a User of this directory");
            }
        }
        return ids;
    }

    private static Set<String> rawIds(JsonNode members) {
        Set<String> ids = new LinkedHashSet<>();
        if (members == null || members.isNull() || members.isMissingNode()) {
            return ids;
        }
        if (!members.isArray()) {
            throw ScimError.badRequest("invalidValue", "members is a list of {\"value\": userId}");
        }
        for (JsonNode member : members) {
            String id = member.isObject() ? member.path("value").asText("") : member.asText("");
            if (id.isBlank()) {
                throw ScimError.badRequest("invalidValue", "a member needs a value (the User's id)");
            }
            ids.add(id);
        }
        return ids;
    }

    private void addMember(String groupId, String userId) {
        db.update("insert into scim_group_member (group_id, user_id) values (?, ?) on conflict do nothing", groupId, userId);
    }

    private void touch(String id, String displayName, String externalId) {
        db.update("""
                update scim_group set display_name = ?, external_id = ?, version = version + 1, updated_at = ?
                where id = ?""", displayName, externalId, Instant.now(clock), id);
    }

    /** Active directory users' roles follow their groups; inactive ones have none in this tenant anyway. */
    private void resync(ScimTokens.Client client, String tenantId, Set<String> userIds) {
        for (String userId : userIds) {
            users.find(tenantId, userId).filter(ScimUsers.Row::active)
                    .ifPresent(u -> groupRoles.sync(client, tenantId, userId));
        }
    }

    private void requireUnique(String tenantId, String displayName, String self) {
        if (db.exists("""
                select 1 from scim_group where tenant_id = ? and lower(display_name) = lower(?) and id <> ?""",
                tenantId, displayName, self == null ? "" : self)) {
            throw ScimError.conflict("a Group named " + displayName + " already exists in this directory");
        }
    }

    private static String displayName(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ScimError.badRequest("invalidSyntax", "a Group is a JSON object");
        }
        String name = body.path("displayName").asText("");
        if (name.isBlank() || name.length() > 256) {
            throw ScimError.badRequest("invalidValue", "displayName must be 1 to 256 characters");
        }
        return name;
    }
}
