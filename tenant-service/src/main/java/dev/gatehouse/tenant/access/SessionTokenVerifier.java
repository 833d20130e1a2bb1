package dev.gatehouse.tenant.access;

import dev.gatehouse.common.crypto.NativeCrypto;
import dev.gatehouse.common.jwt.SessionClaims;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.Set;

/**
 * Verifies auth-service session JWTs with quarkus-smallrye-jwt (application.properties, {@code mp.jwt.*}): the
 * signature by a key of auth-service's JWKS chosen by {@code kid}, only RS256 or ES256 (never {@code none}, never
 * HMAC), and {@code iss}, {@code aud}, {@code exp}. The parser rather than smallrye-jwt's HTTP mechanism: the same
 * bearer header also carries management keys and setup links ({@link Authenticator}). ES256 is verified by the
 * native provider ({@link NativeCrypto#preferForEcdsa()}), RS256 by the JDK's.
 */
@ApplicationScoped
public class SessionTokenVerifier {

    private static final Logger LOG = Logger.getLogger(SessionTokenVerifier.class);

    @Inject
    JWTParser parser;

    @PostConstruct
    void nativeEcdsa() {
        NativeCrypto.preferForEcdsa();
    }

    /** A valid session JWT's user, and the tenants whose second-factor policy this session has not met yet. */
    public record Verified(String userId, Set<String> mfaPending) {
    }

    /** The user of a valid session JWT. */
    public Optional<Verified> verify(String jwt) {
        try {
            JsonWebToken token = parser.parse(jwt);
            // auth-service marks refresh JWTs "drn": "DSR"; only session JWTs ("DS") authenticate API calls.
            if (!"DS".equals(SessionClaims.string(token, "drn"))) {
                LOG.debug("refused a refresh JWT presented as a session JWT");
                return Optional.empty();
            }
            return Optional.of(new Verified(token.getSubject(), Set.copyOf(SessionClaims.strings(token, "mfa_pending"))));
        } catch (ParseException e) {
            LOG.debugf("refused session JWT: %s", e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
            return Optional.empty();
        } catch (RuntimeException e) {
            LOG.warnf("could not verify a session JWT: %s", e.getMessage());
            return Optional.empty();
        }
    }
}
