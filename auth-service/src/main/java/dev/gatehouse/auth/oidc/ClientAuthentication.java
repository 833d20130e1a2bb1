package dev.gatehouse.auth.oidc;

import dev.gatehouse.auth.common.AuthConfig;
import dev.gatehouse.auth.saml.AssertionReplayCache;
import dev.gatehouse.auth.session.ClientProof;
import dev.gatehouse.common.Secrets;
import dev.gatehouse.common.Text;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MultivaluedMap;
import org.jboss.logging.Logger;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Who is calling the token, revocation and introspection endpoints (RFC 6749 §2.3, OIDC Core §9):
 * {@code client_secret_basic}, {@code client_secret_post}, {@code private_key_jwt} (RFC 7523, each assertion
 * accepted once), or a public client's bare {@code client_id}. A secret client may use either secret method.
 */
@ApplicationScoped
public class ClientAuthentication {

    static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final Logger LOG = Logger.getLogger(ClientAuthentication.class);

    @Inject
    OAuthClients clients;

    @Inject
    AssertionReplayCache replayCache;

    @Inject
    AuthConfig config;

    @Inject
    Clock clock;

    public OAuthClient authenticate(String authorization, MultivaluedMap<String, String> form) {
        boolean basic = isBasic(authorization);
        String formId = form.getFirst("client_id");
        String formSecret = form.getFirst("client_secret");
        String assertion = form.getFirst("client_assertion");
        int methods = (basic ? 1 : 0) + (formSecret != null ? 1 : 0) + (assertion != null ? 1 : 0);
        if (methods > 1) {
            throw OAuthError.invalidRequest("use exactly one client authentication method");
        }
        if (basic) {
            String[] idAndSecret = basicCredentials(authorization);
            if (formId != null && !formId.equals(idAndSecret[0])) {
                throw OAuthError.invalidRequest("client_id differs from the one in the Authorization header");
            }
            return bySecret(idAndSecret[0], idAndSecret[1], true);
        }
        if (assertion != null) {
            if (!JWT_BEARER.equals(form.getFirst("client_assertion_type"))) {
                throw OAuthError.invalidRequest("client_assertion_type must be " + JWT_BEARER);
            }
            return byAssertion(assertion, formId);
        }
        if (formSecret != null) {
            return bySecret(formId, formSecret, false);
        }
        OAuthClient client = clients.find(formId).orElseThrow(() -> OAuthError.invalidClient("unknown client", false));
        if (!client.isPublic()) {
            throw OAuthError.invalidClient("client authentication is required for a confidential client", false);
        }
        return client;
    }

    /**
     * The client id and secret of a request that uses exactly one secret method, well formed, for a statement that
     * proves them where it works ({@link ClientProof}); empty for anything else, which {@link #authenticate} decides.
     */
    public Optional<ClientProof> presentedSecret(String authorization, MultivaluedMap<String, String> form) {
        boolean basic = isBasic(authorization);
        String formSecret = form.getFirst("client_secret");
        if ((basic == (formSecret != null)) || form.getFirst("client_assertion") != null) {
            return Optional.empty();
        }
        String[] idAndSecret = basic ? decodeBasic(authorization) : new String[]{form.getFirst("client_id"), formSecret};
        String formId = form.getFirst("client_id");
        if (idAndSecret == null || (basic && formId != null && !formId.equals(idAndSecret[0]))
                || !OAuthClients.mayHoldSecret(idAndSecret[0], idAndSecret[1])) {
            return Optional.empty();
        }
        return Optional.of(new ClientProof(idAndSecret[0], Secrets.sha256(idAndSecret[1])));
    }

    private OAuthClient bySecret(String clientId, String secret, boolean basic) {
        OAuthClient client = clients.findBySecret(clientId, secret).orElse(null);
        if (client == null || !client.tokenAuthMethod.startsWith("client_secret_")) {
            LOG.debugf("client %s: secret authentication failed", clientId);
            throw OAuthError.invalidClient("client authentication failed", basic);
        }
        return client;
    }

    /** RFC 7523 §3: iss and sub the client, aud one of our endpoints or the issuer, short-lived, jti once. */
    private OAuthClient byAssertion(String assertion, String formId) {
        if (assertion.length() > 8192) {
            throw OAuthError.invalidClient("client_assertion is too large", false);
        }
        try {
            JwtClaims unverified = new JwtConsumerBuilder().setSkipAllValidators().setDisableRequireSignature()
                    .setSkipSignatureVerification().build().processToClaims(assertion);
            String clientId = unverified.getIssuer();
            OAuthClient client = clients.find(clientId).orElse(null);
            if (client == null || !"private_key_jwt".equals(client.tokenAuthMethod) || client.jwks == null
                    || (formId != null && !formId.equals(clientId))) {
                throw OAuthError.invalidClient("client authentication failed", false);
            }
            String base = Text.withoutTrailingSlashes(config.publicUrl());
            JwtClaims claims = new JwtConsumerBuilder()
                    .setRequireExpirationTime()
                    .setMaxFutureValidityInMinutes(10)
                    .setRequireJwtId()
                    .setAllowedClockSkewInSeconds(30)
                    .setEvaluationTime(NumericDate.fromMilliseconds(clock.millis()))
                    .setExpectedIssuer(clientId)
                    .setExpectedSubject(clientId)
                    .setExpectedAudience(true, base + "/oauth2/token", base + "/oauth2/revoke", base + "/oauth2/introspect",
                            config.issuer())
                    .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256,
                            AlgorithmIdentifiers.RSA_PSS_USING_SHA256, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                    .setVerificationKeyResolver(new JwksVerificationKeyResolver(new JsonWebKeySet(client.jwks).getJsonWebKeys()))
                    .build()
                    .processToClaims(assertion);
            Instant expires = Instant.ofEpochSecond(claims.getExpirationTime().getValue());
            if (claims.getJwtId().length() > 256
                    || !replayCache.firstUse("oauth-client:" + clientId, claims.getJwtId(), expires.plusSeconds(30))) {
                throw OAuthError.invalidClient("this client_assertion was already used", false);
            }
            return client;
        } catch (InvalidJwtException | MalformedClaimException | JoseException e) {
            LOG.debugf("client_assertion refused: %s", e.getMessage());
            throw OAuthError.invalidClient("client_assertion is invalid: signature, issuer, audience or expiry", false);
        }
    }

    /** RFC 6749 §2.3.1: both parts form-urlencoded before Base64. */
    private static String[] basicCredentials(String authorization) {
        String[] idAndSecret = decodeBasic(authorization);
        if (idAndSecret == null) {
            throw OAuthError.invalidClient("malformed Basic credentials", true);
        }
        return idAndSecret;
    }

    private static boolean isBasic(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
    }

    /** The id and secret of Basic credentials, null when malformed. */
    private static String[] decodeBasic(String authorization) {
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon <= 0 ? null : new String[]{URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
