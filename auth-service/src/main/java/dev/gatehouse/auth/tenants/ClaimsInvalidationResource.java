package dev.gatehouse.auth.tenants;

import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.common.Ids;
import dev.gatehouse.auth.common.InternalToken;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;

/** tenant-service tells auth-service whose claims changed; the next refresh of those users asks it again. */
@Path("/internal/claims/invalidate")
public class ClaimsInvalidationResource {

    private static final int MAX_USERS = 10_000;

    @Inject
    InternalToken internalToken;

    @Inject
    UserDirectory directory;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Forget the cached claims of some users, or of everyone")
    public void invalidate(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, Invalidation request) {
        internalToken.require(authorization);
        if (request == null || (request.userIds() == null && !request.everyone())) {
            throw ApiException.badRequest("E011007", "name userIds, or set everyone to true");
        }
        if (request.everyone()) {
            directory.invalidateEveryone();
            return;
        }
        if (!Ids.areIds(request.userIds(), MAX_USERS)) {
            throw ApiException.badRequest("E011007", "userIds must be at most " + MAX_USERS + " user ids");
        }
        directory.invalidate(request.userIds());
    }

    public record Invalidation(List<String> userIds, boolean everyone) {
    }
}
