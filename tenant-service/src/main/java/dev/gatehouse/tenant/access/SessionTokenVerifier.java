package dev.gatehouse.tenant.access;

import dev.gatehouse.common.jwt.SessionJwtConsumer;
import dev.gatehouse.tenant.common.TenantServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Verifies auth-service session JWTs: signature by a key of its JWKS chosen by {@code kid}, only RS256 or
 * ES256 (never {@code none}, never HMAC), and {@code iss}, {@code aud}, {@code exp}.
 */
@ApplicationScoped
public class SessionTokenVerifier {

    private static final Logger LOG = Logger.getLogger(SessionTokenVerifier.class);

    private final JwtConsumer consumer;

    @Inject
    public SessionTokenVerifier(TenantServiceConfig config) {
        this.consumer = SessionJwtConsumer.create(config.auth().jwksUrl(), config.auth().publicUrl(), config.projectId(),
                config.auth().jwksMaxAge(), config.auth().jwksRefetchGap());
    }

    /** A valid session JWT's user, and the tenants whose second-factor policy this session has not met yet. */
    public record Verified(String userId, Set<String> mfaPending) {
    }

    /** The user of a valid session JWT. */
    public Optional<Verified> verify(String jwt) {
        try {
            var claims = consumer.processToClaims(jwt);
            // auth-service marks refresh JWTs "drn": "DSR"; only session JWTs ("DS") authenticate API calls.
            if (!"DS".equals(claims.getClaimValueAsString("drn"))) {
                LOG.debug("refused a refresh JWT presented as a session JWT");
                return Optional.empty();
            }
            Object pending = claims.getClaimValue("mfa_pending");
            Set<String> mfaPending = pending instanceof List<?> list
                    ? list.stream().map(String::valueOf).collect(Collectors.toUnmodifiableSet()) : Set.of();
            return Optional.of(new Verified(claims.getSubject(), mfaPending));
        } catch (InvalidJwtException e) {
            LOG.debugf("refused session JWT: %s", e.getMessage());
            return Optional.empty();
        } catch (Exception e) {
            LOG.warnf("could not verify a session JWT: %s", e.getMessage());
            return Optional.empty();
        }
    }
}
