package dev.gatehouse.ui.session;

import dev.gatehouse.common.crypto.NativeCrypto;
import dev.gatehouse.common.jwt.SessionClaims;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.jose4j.jwt.consumer.InvalidJwtException;

/**
 * Verifies session JWTs with quarkus-smallrye-jwt against auth-service's JWKS (the {@code mp.jwt.*} and
 * {@code smallrye.jwt.*} settings in application.properties: issuer, audience, RS256/ES256 only, an unknown kid
 * re-reads the JWKS at once but at most once a minute, a vanished key is forgotten when the JWKS's max-age runs
 * out), and tells an expired session (refresh it) from an invalid one (sign out). The parser rather than
 * smallrye-jwt's HTTP mechanism: an expired {@code DS} cookie is refreshed here, never answered with a 401.
 * ES256 is verified by the native provider ({@link NativeCrypto#preferForEcdsa()}), RS256 by the JDK's.
 */
@ApplicationScoped
public class SessionVerifier {

    private static final Logger LOG = Logger.getLogger(SessionVerifier.class);

    private final JWTParser parser;

    @Inject
    public SessionVerifier(JWTParser parser) {
        NativeCrypto.preferForEcdsa();
        this.parser = parser;
    }

    public Result verify(String jwt) {
        if (jwt == null || jwt.isBlank()) {
            return Result.absent();
        }
        try {
            JsonWebToken token = parser.parse(jwt);
            // auth-service marks refresh JWTs "drn": "DSR"; only session JWTs ("DS") sign anyone in.
            if (!"DS".equals(SessionClaims.string(token, "drn"))) {
                return Result.invalid();
            }
            return Result.valid(visitor(token, jwt));
        } catch (ParseException e) {
            if (e.getCause() instanceof InvalidJwtException invalid && invalid.hasExpired()
                    && invalid.getErrorDetails().size() == 1) {
                return Result.expired();
            }
            LOG.infof("refused a session JWT: %s", e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
            return Result.invalid();
        } catch (RuntimeException e) {
            LOG.warnf("could not verify a session JWT: %s", e.getMessage());
            return Result.invalid();
        }
    }

    private static Visitor visitor(JsonWebToken token, String jwt) {
        return new Visitor(token.getSubject(), SessionClaims.string(token, "name"), SessionClaims.string(token, "email"),
                SessionClaims.string(token, "dct"), SessionClaims.tenantRoles(token), SessionClaims.strings(token, "amr"),
                SessionClaims.strings(token, "mfa_pending"), SessionClaims.epochSeconds(token, "auth_time"), jwt);
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
