package dev.gatehouse.auth.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.gatehouse.auth.login.LoginFailed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.MalformedURLException;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks an upstream provider's ID token (OIDC Core §3.1.3.7) with nimbus oauth2-oidc-sdk's {@link IDTokenValidator}:
 * a signature by a key of the issuer's JWKS with an asymmetric algorithm (never {@code none}, never HMAC),
 * {@code iss} exactly the discovered issuer, {@code aud} containing our client id, {@code azp} required with
 * several audiences and, when present, ours (checked here: nimbus checks it only with several audiences), {@code exp} and {@code iat} with two minutes of skew, and the login transaction's
 * {@code nonce}. The JWKS is fetched through the outbound policy ({@link UpstreamHttp}) and cached per URI by
 * nimbus (five minutes; an unknown kid fetches it again, at most every 30 s). Each refusal is named without
 * echoing the token.
 */
@ApplicationScoped
public class IdTokenVerifier {

    private static final Set<JWSAlgorithm> ASYMMETRIC = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.ES256, JWSAlgorithm.ES384);
    private static final int CLOCK_SKEW_SECONDS = 120;

    @Inject
    UpstreamHttp http;

    private final Map<String, JWKSource<SecurityContext>> keys = new ConcurrentHashMap<>();

    /** The verified claims, in a map the caller may complete from userinfo. */
    public Map<String, Object> verify(String clientId, OidcDiscovery.Endpoints endpoints, String idToken, String nonce) {
        if (nonce == null) {
            throw refused("nonce does not match the login transaction");
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(idToken);
        } catch (ParseException e) {
            throw refused("not a JWT");
        }
        IDTokenValidator validator = new IDTokenValidator(new Issuer(expectedIssuer(endpoints.issuer(), jwt)),
                new ClientID(clientId), new JWSVerificationKeySelector<>(ASYMMETRIC, jwks(endpoints.jwksUri())), null);
        validator.setMaxClockSkew(CLOCK_SKEW_SECONDS);
        Map<String, Object> claims;
        try {
            claims = new LinkedHashMap<>(validator.validate(jwt, new Nonce(nonce)).toJWTClaimsSet().getClaims());
        } catch (BadJOSEException e) {
            throw refused(describe(e));
        } catch (JOSEException | com.nimbusds.oauth2.sdk.ParseException e) {
            throw refused("signature could not be checked: " + e.getMessage());
        }
        // OIDC Core §3.1.3.7 (5): nimbus checks azp only when there are several audiences; a present azp is ours.
        Object azp = claims.get("azp");
        if (azp != null && !clientId.equals(azp)) {
            throw refused("azp is missing or not our client id (azp " + azp + ")");
        }
        return claims;
    }

    /**
     * The issuer the token must name: the discovered one, or for Microsoft's multi-tenant template the template
     * filled with the token's own {@code tid} (read before verification, so that the signature check below covers
     * both).
     */
    private static String expectedIssuer(String discovered, JWT jwt) {
        if (!MicrosoftIssuer.isTemplate(discovered)) {
            return discovered;
        }
        try {
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            if (!MicrosoftIssuer.matches(discovered, claims.getIssuer(), claims.getStringClaim("tid"))) {
                throw refused("issuer " + claims.getIssuer() + " does not match its tenant id");
            }
            return claims.getIssuer();
        } catch (ParseException e) {
            throw refused("malformed claims");
        }
    }

    private JWKSource<SecurityContext> jwks(String uri) {
        return keys.computeIfAbsent(uri, u -> {
            try {
                return JWKSourceBuilder.create(http.checked(u, "JWKS").toURL(), http.resourceRetriever("JWKS")).build();
            } catch (MalformedURLException e) {
                throw refused("JWKS URL is malformed");
            }
        });
    }

    /** nimbus's messages name the check; ours stay short and stable for the audit log. */
    private static String describe(BadJOSEException e) {
        String message = String.valueOf(e.getMessage());
        if (e instanceof BadJWSException || message.contains("no matching key") || message.contains("Unsecured")
                || message.contains("plain")) {
            return "signature not verifiable with the issuer's published keys, or a disallowed algorithm";
        }
        if (message.contains("Expired")) {
            return "expired";
        }
        if (message.contains("(azp)")) {
            return "azp is missing or not our client id (" + message + ")";
        }
        if (message.contains("audience")) {
            return "audience is not our client id";
        }
        if (message.contains("issuer")) {
            return "issuer mismatch";
        }
        if (message.contains("nonce")) {
            return "nonce does not match the login transaction";
        }
        return message;
    }

    private static LoginFailed refused(String reason) {
        return LoginFailed.invalidResponse("ID token refused: " + reason);
    }
}
