package dev.gatehouse.auth.oidc;


import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.Token;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import dev.gatehouse.auth.support.CookieBrowser;
import dev.gatehouse.auth.support.Gatehouse;
import dev.gatehouse.auth.support.MockOAuth2ServerResource;
import dev.gatehouse.auth.support.MutableClock;
import dev.gatehouse.auth.support.ProviderFace;
import dev.gatehouse.auth.support.TenantServiceStack;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.gatehouse.auth.support.ProviderFace.APP;
import static dev.gatehouse.auth.support.ProviderFace.APP_SIGNED_OUT;
import static dev.gatehouse.auth.support.ProviderFace.ISSUER;
import static dev.gatehouse.auth.support.ProviderFace.endpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The OpenID Provider face with a relying party nobody here wrote (Connect2id's nimbus oauth2-oidc-sdk) and
 * mock-oauth2-server as the upstream "Google": discovery, code flow with PKCE, ID token validation, userinfo,
 * refresh with rotation and reuse detection, introspection, revocation, SSO across clients, logout.
 */
@QuarkusTest
@WithTestResource(value = TenantServiceStack.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = MockOAuth2ServerResource.class, scope = TestResourceScope.GLOBAL)
class OpenIdProviderTest {

    @Inject
    MutableClock clock;

    @Test
    void discoveryDescribesTheProviderAsNimbusReadsIt() throws Exception {
        String document = RestAssured.get("/" + Gatehouse.PROJECT_ID + "/.well-known/openid-configuration")
                .then().statusCode(200).extract().asString();
        OIDCProviderMetadata metadata = OIDCProviderMetadata.parse(document);
        assertThat(metadata.getIssuer().getValue()).isEqualTo(ISSUER);
        assertThat(metadata.getAuthorizationEndpointURI()).hasToString("http://localhost:8081/oauth2/authorize");
        assertThat(metadata.getTokenEndpointURI()).hasToString("http://localhost:8081/oauth2/token");
        assertThat(metadata.getJWKSetURI()).hasToString("http://localhost:8081/oauth2/jwks");
        assertThat(metadata.getEndSessionEndpointURI()).hasToString("http://localhost:8081/oauth2/logout");
        assertThat(metadata.getCodeChallengeMethods()).extracting(Object::toString).containsExactly("S256");
        assertThat(metadata.supportsAuthorizationResponseIssuerParam()).isTrue();
        // RFC 8414's location serves the same metadata; another project's does not exist.
        RestAssured.get("/.well-known/oauth-authorization-server/" + Gatehouse.PROJECT_ID).then().statusCode(200)
                .body("issuer", equalTo(ISSUER));
        RestAssured.get("/Pother0000000000000000000000/.well-known/openid-configuration").then().statusCode(404);
    }

    @Test
    void aConfidentialClientSignsInRefreshesReadsUserinfoAndRevokes() throws Exception {
        ProviderFace.Client client = ProviderFace.confidential("Nimbus RP");
        ClientAuthentication auth = new ClientSecretBasic(client.clientId(), new Secret(client.secret()));
        String email = ProviderFace.nextGoogleUser();
        ProviderFace.Request request = ProviderFace.authorization(client, Map.of("provider", "google"));

        AuthorizationSuccessResponse answer = authorize(new CookieBrowser(), request);
        assertThat(answer.getState()).isEqualTo(request.state());
        assertThat(answer.getIssuer().getValue()).isEqualTo(ISSUER);

        OIDCTokens tokens = tokens(auth, new AuthorizationCodeGrant(answer.getAuthorizationCode(), URI.create(APP),
                request.verifier()));
        IDTokenClaimsSet id = ProviderFace.idTokenValidator(client, clock.offset()).validate(tokens.getIDToken(), request.nonce());
        assertThat(id.getStringClaim("email")).isEqualTo(email);
        assertThat(id.getClaim("tenants")).isNotNull();
        assertThat(id.getStringClaim("sid")).startsWith("S");
        assertThat(id.getAuthenticationTime()).isNotNull();
        assertThat(tokens.getAccessToken().getScope().toStringList()).contains("openid", "email");

        UserInfo user = userinfo(tokens.getBearerAccessToken());
        assertThat(user.getEmailAddress()).isEqualTo(email);
        assertThat(user.getName()).isEqualTo("Olive Provider");
        assertThat(user.getSubject().getValue()).isEqualTo(id.getSubject().getValue());

        // Refresh: a new pair; the ID token says who, without a nonce (OIDC Core §12.2).
        OIDCTokens refreshed = tokens(auth, new RefreshTokenGrant(tokens.getRefreshToken()));
        assertThat(refreshed.getRefreshToken()).isNotEqualTo(tokens.getRefreshToken());
        assertThat(ProviderFace.idTokenValidator(client, clock.offset()).validate(refreshed.getIDToken(), null)
                .getSubject()).isEqualTo(id.getSubject());
        assertThat(introspect(auth, refreshed.getRefreshToken()).isActive()).isTrue();
        // The rotated token stays usable for the reuse interval (parallel refreshes), then is not.
        assertThat(introspect(auth, tokens.getRefreshToken()).isActive()).isTrue();
        clock.advance(Duration.ofSeconds(11));
        assertThat(introspect(auth, tokens.getRefreshToken()).isActive()).isFalse();
        TokenIntrospectionSuccessResponse access = introspect(auth, refreshed.getAccessToken());
        assertThat(access.isActive()).isTrue();
        assertThat(access.getClientID()).isEqualTo(client.clientId());
        assertThat(access.getSubject().getValue()).isEqualTo(id.getSubject().getValue());

        // Revoking the refresh token ends the session: its access token is inactive too, userinfo refuses it.
        HTTPResponse revoked = new TokenRevocationRequest(endpoint("revoke"), auth, refreshed.getRefreshToken())
                .toHTTPRequest().send();
        assertThat(revoked.getStatusCode()).isEqualTo(200);
        assertThat(introspect(auth, refreshed.getAccessToken()).isActive()).isFalse();
        assertThat(UserInfoResponse.parse(new UserInfoRequest(endpoint("userinfo"), refreshed.getBearerAccessToken())
                .toHTTPRequest().send()).indicatesSuccess()).isFalse();
        assertThat(tokenError(auth, new RefreshTokenGrant(refreshed.getRefreshToken()))).isEqualTo("invalid_grant");
    }

    @Test
    void reusingARotatedRefreshTokenRevokesTheSession() throws Exception {
        ProviderFace.Client client = ProviderFace.confidential("Reuse RP");
        ClientAuthentication auth = new ClientSecretBasic(client.clientId(), new Secret(client.secret()));
        OIDCTokens first = signIn(new CookieBrowser(), client, auth);
        OIDCTokens second = tokens(auth, new RefreshTokenGrant(first.getRefreshToken()));
        clock.advance(Duration.ofSeconds(11));
        assertThat(tokenError(auth, new RefreshTokenGrant(first.getRefreshToken()))).isEqualTo("invalid_grant");
        assertThat(tokenError(auth, new RefreshTokenGrant(second.getRefreshToken()))).isEqualTo("invalid_grant");
    }

    @Test
    void aSecondClientInTheSameBrowserNeedsNoSecondSignIn() throws Exception {
        ProviderFace.Client first = ProviderFace.confidential("First app");
        ProviderFace.Client second = ProviderFace.confidential("Second app");
        CookieBrowser browser = new CookieBrowser();
        OIDCTokens firstTokens = signIn(browser, first, new ClientSecretBasic(first.clientId(), new Secret(first.secret())));

        // No provider named, no upstream visit: the browser session answers at once, even for prompt=none.
        ProviderFace.Request silent = ProviderFace.authorization(second, Map.of("prompt", "none"));
        AuthorizationSuccessResponse answer = authorize(browser, silent);
        OIDCTokens secondTokens = tokens(new ClientSecretBasic(second.clientId(), new Secret(second.secret())),
                new AuthorizationCodeGrant(answer.getAuthorizationCode(), URI.create(APP), silent.verifier()));
        IDTokenClaimsSet id = ProviderFace.idTokenValidator(second, clock.offset()).validate(secondTokens.getIDToken(), silent.nonce());
        assertThat(id.getSubject().getValue()).isEqualTo(firstTokens.getIDToken().getJWTClaimsSet().getSubject());
        assertThat(id.getStringClaim("sid")).isNotEqualTo(firstTokens.getIDToken().getJWTClaimsSet().getStringClaim("sid"));

        // prompt=none in a browser without a session: login_required, on the redirect.
        AuthorizationResponse none = AuthorizationResponse.parse(new CookieBrowser()
                .open(ProviderFace.authorization(second, Map.of("prompt", "none")).uri().toString(), APP).location());
        assertThat(none.toErrorResponse().getErrorObject().getCode()).isEqualTo("login_required");
    }

    /** A browser session answers a silent request only when it is recent enough for max_age and of the tenant= named. */
    @Test
    void aBrowserSessionServesOnlyTheSignInsThatMaxAgeAndTenantAccept() throws Exception {
        ProviderFace.Client client = ProviderFace.confidential("Max age app");
        CookieBrowser browser = new CookieBrowser();
        signIn(browser, client, new ClientSecretBasic(client.clientId(), new Secret(client.secret())));
        // The sign-in was a moment ago (the service's clock is not moved here: other tests sign client assertions
        // with the real time).
        assertThat(silently(browser, client, Map.of("max_age", "600")).indicatesSuccess()).isTrue();
        assertThat(silently(browser, client, Map.of("max_age", "999999999999")).indicatesSuccess()).isTrue();
        assertThat(silently(browser, client, Map.of("max_age", "0")).toErrorResponse().getErrorObject().getCode())
                .isEqualTo("login_required");
        assertThat(silently(browser, client, Map.of("tenant", "T-another-tenant")).toErrorResponse().getErrorObject().getCode())
                .isEqualTo("login_required");
        assertThat(silently(new CookieBrowser(), client, Map.of()).toErrorResponse().getErrorObject().getCode())
                .isEqualTo("login_required");
    }

    /** A sign-in through a tenant's SSO (tenant= at authorize) then serves silent requests for that tenant only. */
    @Test
    void aSignInThroughATenantsSsoServesThatTenantsSilentRequestsOnly() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String tenant = "op-acme-" + suffix;
        String issuerId = "op-idp-" + suffix;
        Gatehouse.newOidcTenant(tenant, tenant + ".test", issuerId);
        String other = Gatehouse.newTenant();
        MockOAuth2ServerResource.server().enqueueCallback(new DefaultOAuth2TokenCallback(issuerId, "ann-" + suffix, "JWT",
                List.of(MockOAuth2ServerResource.CLIENT_ID), Map.of("email", "ann@" + tenant + ".test"), 3600));
        ProviderFace.Client client = ProviderFace.confidential("Tenant app");
        ClientAuthentication auth = new ClientSecretBasic(client.clientId(), new Secret(client.secret()));
        CookieBrowser browser = new CookieBrowser();

        ProviderFace.Request request = ProviderFace.authorization(client, Map.of("tenant", tenant));
        OIDCTokens tokens = tokens(auth, new AuthorizationCodeGrant(authorize(browser, request).getAuthorizationCode(),
                URI.create(APP), request.verifier()));
        assertThat(tokens.getIDToken().getJWTClaimsSet().getStringClaim("dct")).isEqualTo(tenant);

        AuthorizationResponse same = silently(browser, client, Map.of("tenant", tenant));
        assertThat(same.indicatesSuccess()).as("answer %s", same.toURI()).isTrue();
        assertThat(silently(browser, client, Map.of()).indicatesSuccess()).isTrue();
        assertThat(silently(browser, client, Map.of("tenant", other)).toErrorResponse().getErrorObject().getCode())
                .isEqualTo("login_required");
    }

    private static AuthorizationResponse silently(CookieBrowser browser, ProviderFace.Client client, Map<String, String> extra)
            throws Exception {
        Map<String, String> params = new HashMap<>(extra);
        params.put("prompt", "none");
        return AuthorizationResponse.parse(browser.open(ProviderFace.authorization(client, params).uri().toString(), APP).location());
    }

    @Test
    void rpInitiatedLogoutEndsTheBrowserSessionAndItsClientsSessions() throws Exception {
        ProviderFace.Client client = ProviderFace.confidential("Logout RP");
        ClientAuthentication auth = new ClientSecretBasic(client.clientId(), new Secret(client.secret()));
        CookieBrowser browser = new CookieBrowser();
        OIDCTokens tokens = signIn(browser, client, auth);

        URI logout = new LogoutRequest(endpoint("logout"), tokens.getIDToken(), URI.create(APP_SIGNED_OUT),
                new com.nimbusds.oauth2.sdk.id.State("bye")).toURI();
        CookieBrowser.Stop stop = browser.open(logout.toString(), APP_SIGNED_OUT);
        assertThat(stop.location()).hasToString(APP_SIGNED_OUT + "?state=bye");
        assertThat(tokenError(auth, new RefreshTokenGrant(tokens.getRefreshToken()))).isEqualTo("invalid_grant");
        AuthorizationResponse afterwards = AuthorizationResponse.parse(browser
                .open(ProviderFace.authorization(client, Map.of("prompt", "none")).uri().toString(), APP).location());
        assertThat(afterwards.toErrorResponse().getErrorObject().getCode()).isEqualTo("login_required");
    }

    @Test
    void logoutRefusesAnUnregisteredReturnAndAsksWhenNotHinted() throws Exception {
        ProviderFace.Client client = ProviderFace.confidential("Logout checks");
        CookieBrowser browser = new CookieBrowser();
        OIDCTokens tokens = signIn(browser, client, new ClientSecretBasic(client.clientId(), new Secret(client.secret())));

        CookieBrowser.Stop elsewhere = browser.open(new LogoutRequest(endpoint("logout"), tokens.getIDToken(),
                URI.create("https://attacker.example/"), null).toURI().toString(), "https://attacker.example");
        assertThat(elsewhere.status()).isEqualTo(400);
        assertThat(elsewhere.body()).contains("post_logout_redirect_uri is not registered");

        // Without an id_token_hint the user confirms on our page (a cross-site form cannot: the cookie is SameSite=Lax).
        CookieBrowser.Stop ask = browser.open(endpoint("logout").toString(), APP_SIGNED_OUT);
        assertThat(ask.status()).isEqualTo(200);
        assertThat(ask.body()).contains("Sign out?").contains("name=\"confirm\"");
        assertThat(introspect(new ClientSecretBasic(client.clientId(), new Secret(client.secret())), tokens.getRefreshToken())
                .isActive()).isTrue();
        assertThat(browser.post("/oauth2/logout", "confirm=yes").body()).contains("You are signed out");
        assertThat(introspect(new ClientSecretBasic(client.clientId(), new Secret(client.secret())), tokens.getRefreshToken())
                .isActive()).isFalse();
    }

    static OIDCTokens signIn(CookieBrowser browser, ProviderFace.Client client, ClientAuthentication auth) throws Exception {
        ProviderFace.nextGoogleUser();
        ProviderFace.Request request = ProviderFace.authorization(client, Map.of("provider", "google"));
        AuthorizationSuccessResponse answer = authorize(browser, request);
        return tokens(auth, new AuthorizationCodeGrant(answer.getAuthorizationCode(), URI.create(APP), request.verifier()));
    }

    static AuthorizationSuccessResponse authorize(CookieBrowser browser, ProviderFace.Request request) throws Exception {
        CookieBrowser.Stop stop = browser.open(request.uri().toString(), APP);
        assertThat(stop.location()).as("the browser ends at the client, not on page %s", stop.body()).isNotNull();
        AuthorizationResponse response = AuthorizationResponse.parse(stop.location());
        assertThat(response.indicatesSuccess()).as("authorization answer %s", stop.location()).isTrue();
        return response.toSuccessResponse();
    }

    static OIDCTokens tokens(ClientAuthentication auth, AuthorizationGrant grant) throws Exception {
        TokenResponse response = OIDCTokenResponseParser.parse(new TokenRequest(endpoint("token"), auth, grant).toHTTPRequest().send());
        if (!response.indicatesSuccess()) {
            throw new AssertionError("token request refused: " + response.toErrorResponse().getErrorObject().toJSONObject());
        }
        return ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();
    }

    static String tokenError(ClientAuthentication auth, AuthorizationGrant grant) throws Exception {
        TokenResponse response = OIDCTokenResponseParser.parse(new TokenRequest(endpoint("token"), auth, grant).toHTTPRequest().send());
        assertThat(response.indicatesSuccess()).isFalse();
        return ((TokenErrorResponse) response).getErrorObject().getCode();
    }

    static TokenIntrospectionSuccessResponse introspect(ClientAuthentication auth, Token token) throws Exception {
        TokenIntrospectionResponse response = TokenIntrospectionResponse.parse(
                new TokenIntrospectionRequest(endpoint("introspect"), auth, token).toHTTPRequest().send());
        return response.toSuccessResponse();
    }

    static UserInfo userinfo(BearerAccessToken token) throws Exception {
        UserInfoResponse response = UserInfoResponse.parse(new UserInfoRequest(endpoint("userinfo"), token).toHTTPRequest().send());
        return response.toSuccessResponse().getUserInfo();
    }
}
