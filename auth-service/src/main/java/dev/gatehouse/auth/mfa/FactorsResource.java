package dev.gatehouse.auth.mfa;

import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.common.Ids;
import dev.gatehouse.auth.common.InternalToken;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Second factors as tenant-service shows and resets them for admins (internal token): tenant-service decides who
 * may see or reset whose factors and audits it; this service holds the factors.
 */
@Path("/internal/factors")
@Produces(MediaType.APPLICATION_JSON)
public class FactorsResource {

    private static final int MAX_USERS = 500;

    @Inject
    InternalToken internalToken;

    @Inject
    SecondFactors factors;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Which second factors these users have enrolled")
    public Map<String, SecondFactors.Enrolled> enrolled(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, Users users) {
        internalToken.require(authorization);
        if (users == null || !Ids.areIds(users.userIds(), MAX_USERS)) {
            throw ApiException.badRequest("E011008", "userIds must be at most " + MAX_USERS + " user ids");
        }
        Map<String, SecondFactors.Enrolled> answer = new LinkedHashMap<>();
        users.userIds().forEach(id -> answer.put(id, factors.enrolled(id)));
        return answer;
    }

    @DELETE
    @Path("/{userId}")
    @Operation(summary = "Remove a user's second factors (lost device) and end their sessions")
    public SecondFactors.Reset reset(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                     @PathParam("userId") String userId) {
        internalToken.require(authorization);
        if (!Ids.isId(userId)) {
            throw ApiException.badRequest("E011008", "not a user id");
        }
        return factors.reset(userId);
    }

    public record Users(List<String> userIds) {
    }
}
