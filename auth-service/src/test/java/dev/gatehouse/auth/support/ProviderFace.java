package dev.gatehouse.auth.support;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the provider face's tests share: client registration, authorization requests as nimbus builds them, ID token checks. */
public final class ProviderFace {

    public static final String ISSUER = "http://localhost:8081/" + Gatehouse.PROJECT_ID;
    public static final String APP = "http://localhost:9999/app/callback";
    public static final String APP_SIGNED_OUT = "http://localhost:9999/app/signed-out";

    private ProviderFace() {
    }

    public record Client(String id, String secret) {
        public ClientID clientId() {
            return new ClientID(id);
        }
    }

    /** The management API of OAuth clients on auth-service, as a project admin. */
    public static RequestSpecification clientManagement() {
        return RestAssured.given().contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + Gatehouse.PROJECT_ID + ":" + TenantServiceStack.MANAGEMENT_KEY);
    }

    public static Client register(Map<String, Object> registration) {
        var created = clientManagement().body(registration).post("/v1/mgmt/oauth-clients").then().statusCode(201).extract();
        return new Client(created.path("client.clientId"), created.path("clientSecret"));
    }

    /** A confidential client of {@link #APP} with every grant. */
    public static Client confidential(String name) {
        return register(Map.of("name", name, "redirectUris", List.of(APP), "postLogoutRedirectUris", List.of(APP_SIGNED_OUT),
                "grantTypes", List.of("authorization_code", "refresh_token", "client_credentials")));
    }

    public static URI endpoint(String name) {
        return URI.create(CookieBrowser.base() + "/oauth2/" + name);
    }

    /** One authorization request as a relying party builds it: code flow, PKCE S256, state and nonce. */
    public record Request(State state, Nonce nonce, CodeVerifier verifier, URI uri) {
    }

    public static Request authorization(Client client, Map<String, String> extra) {
        State state = new State();
        Nonce nonce = new Nonce();
        CodeVerifier verifier = new CodeVerifier();
        AuthenticationRequest.Builder builder = new AuthenticationRequest.Builder(ResponseType.CODE,
                new Scope("openid", "email", "profile", "offline_access"), client.clientId(), URI.create(APP))
                .endpointURI(endpoint("authorize")).state(state).nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256);
        extra.forEach(builder::customParameter);
        return new Request(state, nonce, verifier, builder.build().toURI());
    }

    /** The upstream "Google" (mock-oauth2-server) signs in a new user at its next authorization request. */
    public static String nextGoogleUser() {
        String email = "op" + UUID.randomUUID().toString().substring(0, 8) + "@gmail.example";
        MockOAuth2ServerResource.server().enqueueCallback(new DefaultOAuth2TokenCallback("google", "sub-" + email, "JWT",
                List.of(MockOAuth2ServerResource.CLIENT_ID), Map.of("email", email, "email_verified", true,
                "name", "Olive Provider"), 3600));
        return email;
    }

    /** nimbus's ID token validator against our JWKS; {@code serviceAhead} is how far the service's test clock runs ahead. */
    public static IDTokenValidator idTokenValidator(Client client, Duration serviceAhead) {
        try {
            JWKSet jwks = JWKSet.parse(RestAssured.get("/oauth2/jwks").asString());
            IDTokenValidator validator = new IDTokenValidator(new Issuer(ISSUER), client.clientId(), JWSAlgorithm.RS256, jwks);
            validator.setMaxClockSkew((int) serviceAhead.toSeconds() + 60);
            return validator;
        } catch (java.text.ParseException e) {
            throw new AssertionError(e);
        }
    }
}
