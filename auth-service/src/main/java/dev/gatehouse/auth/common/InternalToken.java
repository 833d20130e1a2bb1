package dev.gatehouse.auth.common;

import dev.gatehouse.common.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The operator's and tenant-service's credential on auth-service's {@code /internal/*} endpoints. */
@ApplicationScoped
public class InternalToken {

    @Inject
    AuthConfig config;

    public void require(String authorization) {
        if (authorization == null || !Secrets.sameSecret(authorization, "Bearer " + config.internalToken())) {
            throw ApiException.unauthorized("E011005", "the internal service token is required");
        }
    }
}
