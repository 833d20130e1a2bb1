package dev.gatehouse.auth.login;

import dev.gatehouse.auth.common.AuthConfig;
import dev.gatehouse.auth.common.RateLimiter;
import dev.gatehouse.auth.common.RedirectAllowList;
import dev.gatehouse.auth.session.ProjectBearer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * What every login start passes before anything upstream is contacted: the project's bearer, the client's
 * login rate limit, and a redirect URL on the allow-list (no open redirects, OAuth 2.0 Security BCP §4.1).
 */
@ApplicationScoped
public class LoginStartGate {

    @Inject
    AuthConfig config;

    @Inject
    RateLimiter rateLimiter;

    @Inject
    RedirectAllowList allowList;

    public void check(String authorization, String redirectUrl) {
        ProjectBearer.requireProject(authorization, config.projectId());
        rateLimiter.checkClient("login", config.rateLimit().loginPerMinute());
        allowList.require(redirectUrl);
    }
}
