package dev.gatehouse.tenant.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.tenant.accounts.AuthServiceAccounts;
import dev.gatehouse.tenant.audit.AuditLog;
import dev.gatehouse.tenant.common.ApiException;
import dev.gatehouse.tenant.common.TenantServiceConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The SCIM 2.0 service provider of one tenant, {@code /scim/v2/{tenantId}} (RFC 7643/7644): Users and Groups,
 * filters, paging, attribute selection, PATCH, ETags, and the discovery endpoints. Authenticated by
 * {@link ScimAuthentication} with that tenant's token only.
 */
@Path("/scim/v2/{tenantId}")
@Produces({ScimError.MEDIA_TYPE, MediaType.APPLICATION_JSON})
@Consumes({ScimError.MEDIA_TYPE, MediaType.APPLICATION_JSON})
public class ScimResource {

    private static final Logger LOG = Logger.getLogger(ScimResource.class);
    private static final int MAX_COUNT = 500;

    @Inject
    ScimAuthentication.CurrentClient current;

    @Inject
    ScimUsers users;

    @Inject
    ScimGroups groups;

    @Inject
    ObjectMapper json;

    @Inject
    AuthServiceAccounts authService;

    @Inject
    AuditLog auditLog;

    @Context
    UriInfo uri;

    @Inject
    TenantServiceConfig config;

    @GET
    @Path("/Users")
    public Response listUsers(@QueryParam("filter") String filter, @QueryParam("startIndex") Integer startIndex,
                              @QueryParam("count") Integer count, @QueryParam("attributes") String attributes,
                              @QueryParam("excludedAttributes") String excluded) {
        ScimTokens.Client client = current.get();
        List<ObjectNode> all = users.all(client.tenantId()).stream().map(this::user).toList();
        return list(all, filter, startIndex, count, attributes, excluded);
    }

    @GET
    @Path("/Users/{id}")
    public Response getUser(@PathParam("id") String id, @QueryParam("attributes") String attributes,
                            @QueryParam("excludedAttributes") String excluded) {
        ScimUsers.Row row = users.require(current.get().tenantId(), id);
        return resource(200, project(user(row), attributes, excluded), row.version());
    }

    @POST
    @Path("/Users")
    public Response createUser(String body) {
        ScimUsers.Row row = users.create(current.get(), parse(body)).row();
        return resource(201, user(row), row.version());
    }

    @PUT
    @Path("/Users/{id}")
    public Response replaceUser(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, String body) {
        return changed(users.replace(current.get(), id, parse(body), ifMatch));
    }

    @PATCH
    @Path("/Users/{id}")
    public Response patchUser(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, String body) {
        return changed(users.patch(current.get(), id, parse(body), ifMatch));
    }

    @DELETE
    @Path("/Users/{id}")
    public Response deleteUser(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
        endSessions(users.delete(current.get(), id, ifMatch));
        return Response.noContent().build();
    }

    @GET
    @Path("/Groups")
    public Response listGroups(@QueryParam("filter") String filter, @QueryParam("startIndex") Integer startIndex,
                               @QueryParam("count") Integer count, @QueryParam("attributes") String attributes,
                               @QueryParam("excludedAttributes") String excluded) {
        List<ObjectNode> all = groups.all(current.get().tenantId()).stream().map(this::group).toList();
        return list(all, filter, startIndex, count, attributes, excluded);
    }

    @GET
    @Path("/Groups/{id}")
    public Response getGroup(@PathParam("id") String id, @QueryParam("attributes") String attributes,
                             @QueryParam("excludedAttributes") String excluded) {
        ScimGroups.Row row = groups.require(current.get().tenantId(), id);
        return resource(200, project(group(row), attributes, excluded), row.version());
    }

    @POST
    @Path("/Groups")
    public Response createGroup(String body) {
        ScimGroups.Row row = groups.create(current.get(), parse(body));
        return resource(201, group(row), row.version());
    }

    @PUT
    @Path("/Groups/{id}")
    public Response replaceGroup(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, String body) {
        ScimGroups.Row row = groups.replace(current.get(), id, parse(body), ifMatch);
        return resource(200, group(row), row.version());
    }

    @PATCH
    @Path("/Groups/{id}")
    public Response patchGroup(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, String body) {
        ScimGroups.Row row = groups.patch(current.get(), id, parse(body), ifMatch);
        return resource(200, group(row), row.version());
    }

    @DELETE
    @Path("/Groups/{id}")
    public Response deleteGroup(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
        groups.delete(current.get(), id, ifMatch);
        return Response.noContent().build();
    }

    @GET
    @Path("/ServiceProviderConfig")
    public Response serviceProviderConfig() {
        current.get();
        return Response.ok(ScimDiscovery.serviceProviderConfig(json, base())).type(ScimError.MEDIA_TYPE).build();
    }

    @GET
    @Path("/ResourceTypes")
    public Response resourceTypes() {
        current.get();
        return Response.ok(ScimDiscovery.resourceTypes(json, base())).type(ScimError.MEDIA_TYPE).build();
    }

    @GET
    @Path("/Schemas")
    public Response schemas() {
        current.get();
        return Response.ok(ScimDiscovery.schemas(json)).type(ScimError.MEDIA_TYPE).build();
    }

    private Response changed(ScimUsers.Changed changed) {
        if (changed.deprovisioned()) {
            endSessions(changed.row().userId());
        }
        return resource(200, user(changed.row()), changed.row().version());
    }

    /** After the commit that took the user out: their sessions end now (next refresh refused), not in 30 days. */
    private void endSessions(String userId) {
        try {
            int ended = authService.endSessions(userId, null);
            auditLog.event(current.get().auditName(), "user.sessions.revoke", current.get().tenantId(), userId,
                    ended + " session(s) ended by directory sync");
        } catch (ApiException e) {
            LOG.warnf("directory sync took user %s out of tenant %s, but their sessions could not be ended now: %s",
                    userId, current.get().tenantId(), e.getMessage());
            auditLog.failure(current.get().auditName(), "user.sessions.revoke", current.get().tenantId(), userId,
                    "sessions not ended: " + e.getMessage() + "; refreshes lose the tenant within the claims bound");
        }
    }

    private ObjectNode user(ScimUsers.Row row) {
        ObjectNode out = json.createObjectNode();
        ArrayNode schemas = out.putArray("schemas").add(Scim.USER_SCHEMA);
        if (row.resource().has(Scim.ENTERPRISE_SCHEMA)) {
            schemas.add(Scim.ENTERPRISE_SCHEMA);
        }
        out.put("id", row.userId());
        out.setAll(row.resource());
        out.put("userName", row.userName());
        out.put("active", row.active());
        meta(out, "User", "/Users/" + row.userId(), row.created(), row.updated(), row.version());
        return out;
    }

    private ObjectNode group(ScimGroups.Row row) {
        ObjectNode out = json.createObjectNode();
        out.putArray("schemas").add(Scim.GROUP_SCHEMA);
        out.put("id", row.id());
        out.put("displayName", row.displayName());
        if (row.externalId() != null) {
            out.put("externalId", row.externalId());
        }
        ArrayNode members = out.putArray("members");
        for (String member : row.members()) {
            members.addObject().put("value", member).put("$ref", base() + "/Users/" + member).put("type", "User");
        }
        meta(out, "Group", "/Groups/" + row.id(), row.created(), row.updated(), row.version());
        return out;
    }

    private void meta(ObjectNode out, String type, String path, java.time.Instant created, java.time.Instant updated,
                      int version) {
        ObjectNode meta = out.putObject("meta");
        meta.put("resourceType", type);
        meta.put("created", created.toString());
        meta.put("lastModified", updated.toString());
        meta.put("location", base() + path);
        meta.put("version", ScimEtag.of(version));
    }

    private Response list(List<ObjectNode> all, String filter, Integer startIndex, Integer count, String attributes,
                          String excluded) {
        Predicate<JsonNode> matches = ScimFilter.parse(filter);
        List<ObjectNode> found = all.stream().filter(matches).toList();
        int start = startIndex == null || startIndex < 1 ? 1 : startIndex;
        int size = count == null ? 100 : Math.max(0, Math.min(count, MAX_COUNT));
        List<ObjectNode> page = found.stream().skip(start - 1L).limit(size).toList();
        ObjectNode answer = json.createObjectNode();
        answer.putArray("schemas").add(Scim.LIST_SCHEMA);
        answer.put("totalResults", found.size());
        answer.put("startIndex", start);
        answer.put("itemsPerPage", page.size());
        ArrayNode resources = answer.putArray("Resources");
        page.forEach(resource -> resources.add(project(resource, attributes, excluded)));
        return Response.ok(answer.toString()).type(ScimError.MEDIA_TYPE).build();
    }

    /** {@code attributes} keeps only those (plus id, schemas, meta); {@code excludedAttributes} drops those. */
    private static ObjectNode project(ObjectNode resource, String attributes, String excluded) {
        if (attributes != null && !attributes.isBlank()) {
            Set<String> keep = names(attributes);
            keep.addAll(Set.of("id", "schemas", "meta"));
            ObjectNode projected = resource.deepCopy();
            projected.retain(resource.properties().stream().map(java.util.Map.Entry::getKey)
                    .filter(k -> keep.contains(k.toLowerCase(Locale.ROOT))).toList());
            return projected;
        }
        if (excluded != null && !excluded.isBlank()) {
            Set<String> drop = names(excluded);
            drop.removeAll(Set.of("id", "schemas"));
            ObjectNode projected = resource.deepCopy();
            projected.remove(resource.properties().stream().map(java.util.Map.Entry::getKey)
                    .filter(k -> drop.contains(k.toLowerCase(Locale.ROOT))).toList());
            return projected;
        }
        return resource;
    }

    private static Set<String> names(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(ScimFilter::attributePath).map(p -> p.contains(".") ? p.substring(0, p.indexOf('.')) : p)
                .collect(Collectors.toCollection(java.util.HashSet::new));
    }

    private Response resource(int status, ObjectNode body, int version) {
        return Response.status(status).type(ScimError.MEDIA_TYPE).header("ETag", ScimEtag.of(version))
                .header("Location", body.path("meta").path("location").asText()).entity(body.toString()).build();
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw ScimError.badRequest("invalidSyntax", "the request has no JSON body");
        }
        try {
            return json.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ScimError.badRequest("invalidSyntax", "the body is not JSON: " + e.getOriginalMessage());
        }
    }

    private String base() {
        return Scim.baseUrl(config, uri, current.get().tenantId());
    }
}
