package dev.gatehouse.ui.session;

import dev.gatehouse.common.jwt.SessionJwtConsumer;
import dev.gatehouse.ui.UiConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Verifies session JWTs locally against auth-service's JWKS with common's {@link SessionJwtConsumer} (an unknown
 * kid re-reads the JWKS, a vanished key is forgotten within {@code gatehouse.auth.jwks-max-age}), and tells an
 * expired session (refresh it) from an invalid one (sign out).
 */
@ApplicationScoped
public class SessionVerifier {

    private static final Logger LOG = Logger.getLogger(SessionVerifier.class);

    private final JwtConsumer consumer;

    @Inject
    public SessionVerifier(UiConfig config) {
        this.consumer = SessionJwtConsumer.create(config.authInternalUrl() + "/oauth2/jwks", config.auth().publicUrl(),
                config.projectId(), config.auth().jwksMaxAge(), config.auth().jwksRefetchGap());
    }

    public Result verify(String jwt) {
        if (jwt == null || jwt.isBlank()) {
            return Result.absent();
        }
        try {
            JwtClaims claims = consumer.processToClaims(jwt);
            if (!"DS".equals(claims.getClaimValueAsString("drn"))) {
                return Result.invalid();
            }
            return Result.valid(visitor(claims, jwt));
        } catch (InvalidJwtException e) {
            if (e.hasExpired() && e.getErrorDetails().size() == 1) {
                return Result.expired();
            }
            LOG.infof("refused a session JWT: %s", e.getErrorDetails());
            return Result.invalid();
        } catch (Exception e) {
            LOG.warnf("could not verify a session JWT: %s", e.getMessage());
            return Result.invalid();
        }
    }

    @SuppressWarnings("unchecked")
    private static Visitor visitor(JwtClaims claims, String jwt) throws Exception {
        Map<String, List<String>> tenantRoles = new LinkedHashMap<>();
        Object tenants = claims.getClaimValue("tenants");
        if (tenants instanceof Map<?, ?> map) {
            map.forEach((tenant, grants) -> {
                Object roles = grants instanceof Map<?, ?> g ? g.get("roles") : null;
                tenantRoles.put(String.valueOf(tenant), roles instanceof List<?> list
                        ? list.stream().map(String::valueOf).toList() : List.of());
            });
        }
        Object amr = claims.getClaimValue("amr");
        List<String> methods = amr instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
        Object pending = claims.getClaimValue("mfa_pending");
        List<String> mfaPending = pending instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
        return new Visitor(claims.getSubject(), claims.getClaimValueAsString("name"), claims.getClaimValueAsString("email"),
                claims.getClaimValueAsString("dct"), tenantRoles, methods, mfaPending, jwt);
    }

    public record Result(State state, Visitor visitor) {
        public enum State { ABSENT, VALID, EXPIRED, INVALID }

        static Result absent() {
            return new Result(State.ABSENT, null);
        }

        static Result valid(Visitor visitor) {
            return new Result(State.VALID, visitor);
        }

        static Result expired() {
            return new Result(State.EXPIRED, null);
        }

        static Result invalid() {
            return new Result(State.INVALID, null);
        }
    }
}
