package dev.gatehouse.auth.oidc;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import dev.gatehouse.auth.support.CookieBrowser;
import dev.gatehouse.auth.support.MockOAuth2ServerResource;
import dev.gatehouse.auth.support.ProviderFace;
import dev.gatehouse.auth.support.TenantServiceStack;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.gatehouse.auth.oidc.OpenIdProviderTest.authorize;
import static dev.gatehouse.auth.oidc.OpenIdProviderTest.introspect;
import static dev.gatehouse.auth.oidc.OpenIdProviderTest.tokenError;
import static dev.gatehouse.auth.oidc.OpenIdProviderTest.tokens;
import static dev.gatehouse.auth.support.Gatehouse.PROJECT_ID;
import static dev.gatehouse.auth.support.ProviderFace.APP;
import static dev.gatehouse.auth.support.ProviderFace.ISSUER;
import static dev.gatehouse.auth.support.ProviderFace.endpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * What the provider refuses, each in the shape the spec gives it: a page where the redirect URI cannot be trusted,
 * an error on the redirect after that (RFC 6749 §4.1.2.1), RFC 6749 §5.2 JSON at the token endpoint. And the other
 * ways clients authenticate: client_secret_post, private_key_jwt, a public client with PKCE, client_credentials.
 */
@QuarkusTest
@WithTestResource(value = TenantServiceStack.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = MockOAuth2ServerResource.class, scope = TestResourceScope.GLOBAL)
class ProviderRefusalsTest {

    @jakarta.inject.Inject
    javax.sql.DataSource dataSource;

    @jakarta.inject.Inject
    dev.gatehouse.auth.support.MutableClock clock;

    @Test
    void anUnknownClientOrUnregisteredRedirectGetsAPageNotARedirect() {
        ProviderFace.Client client = ProviderFace.confidential("Strict RP");
        CookieBrowser.Stop unknown = new CookieBrowser().open(endpoint("authorize") + "?response_type=code&client_id=Cnobody"
                + "&redirect_uri=" + APP, "https://attacker.example");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("Unknown application");
        CookieBrowser.Stop elsewhere = new CookieBrowser().open(endpoint("authorize") + "?response_type=code&client_id="
                + client.id() + "&redirect_uri=https://attacker.example/cb", "https://attacker.example");
        assertThat(elsewhere.status()).isEqualTo(400);
        assertThat(elsewhere.body()).contains("not registered");
        // A prefix of a registered URI is not the URI (exact matching, OAuth 2.0 Security BCP §4.1.3).
        CookieBrowser.Stop longer = new CookieBrowser().open(endpoint("authorize") + "?response_type=code&client_id="
                + client.id() + "&redirect_uri=" + APP + "/more", "http://localhost:9999");
        assertThat(longer.status()).isEqualTo(400);
    }

    @Test
    void badParametersGoBackToTheClientWithTheirError() {
        ProviderFace.Client confidential = ProviderFace.confidential("Params RP");
        ProviderFace.Client pub = publicClient();
        assertRedirectError(confidential, "response_type=token", "unsupported_response_type");
        assertRedirectError(confidential, "response_type=code&scope=openid%20admin", "invalid_scope");
        assertRedirectError(confidential, "response_type=code&code_challenge=" + "a".repeat(43) + "&code_challenge_method=plain",
                "invalid_request");
        assertRedirectError(confidential, "response_type=code&response_mode=fragment", "invalid_request");
        assertRedirectError(confidential, "response_type=code&request=eyJhbGciOiJub25lIn0.e30.", "request_not_supported");
        assertRedirectError(confidential, "response_type=code&prompt=none%20login", "invalid_request");
        // A public client must use PKCE (OAuth 2.0 Security BCP §2.1.1).
        assertRedirectError(pub, "response_type=code&scope=openid", "invalid_request");
    }

    @Test
    void aReusedCodeIsRefusedAndRevokesTheSessionItStarted() throws Exception {
        ProviderFace.Client client = ProviderFace.confidential("Replay RP");
        ClientAuthentication auth = basic(client);
        ProviderFace.nextGoogleUser();
        ProviderFace.Request request = ProviderFace.authorization(client, Map.of("provider", "google"));
        AuthorizationSuccessResponse answer = authorize(new CookieBrowser(), request);
        AuthorizationCodeGrant grant = new AuthorizationCodeGrant(answer.getAuthorizationCode(), URI.create(APP), request.verifier());
        OIDCTokens first = tokens(auth, grant);
        assertThat(sessionOfCode(answer.getAuthorizationCode())).isEqualTo(first.getIDToken().getJWTClaimsSet().getStringClaim("sid"));
        assertThat(tokenError(auth, grant)).isEqualTo("invalid_grant");
        assertThat(introspect(auth, first.getRefreshToken()).isActive()).isFalse();
        assertThat(tokenError(auth, new RefreshTokenGrant(first.getRefreshToken()))).isEqualTo("invalid_grant");
    }

    /**
     * The code grant claims the code with one conditional UPDATE: of two redemptions at once, the second waits for
     * the first's row lock, finds the code used, and revokes the session the first started. Tokens once, and dead.
     */
    @Test
    void twoRedemptionsOfOneCodeAtOnceGetTokensOnceAndEndThatSession() throws Exception {
        ProviderFace.Client client = ProviderFace.confidential("Race RP");
        ClientAuthentication auth = basic(client);
        for (int attempt = 0; attempt < 3; attempt++) {
            ProviderFace.Request request = signedInRequest(client);
            AuthorizationCodeGrant grant = new AuthorizationCodeGrant(code(request), URI.create(APP), request.verifier());
            java.util.concurrent.Callable<TokenResponse> redeem =
                    () -> OIDCTokenResponseParser.parse(new TokenRequest(endpoint("token"), auth, grant).toHTTPRequest().send());
            List<TokenResponse> done = allAtOnce(List.of(redeem, redeem));
            assertThat(done).filteredOn(TokenResponse::indicatesSuccess).hasSize(1);
            assertThat(done).filteredOn(r -> !r.indicatesSuccess())
                    .singleElement().satisfies(r -> assertThat(r.toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_grant"));
            Tokens issued = done.stream().filter(TokenResponse::indicatesSuccess).findFirst().orElseThrow()
                    .toSuccessResponse().getTokens();
            assertThat(introspect(auth, issued.getRefreshToken()).isActive()).isFalse();
        }
    }

    /**
     * The code grant holds at most one pooled connection at a time (the user is resolved before it takes one):
     * twice as many exchanges at once as the pool has connections (20) all get tokens, none waits on itself.
     */
    @Test
    void aBurstOfExchangesBeyondTheConnectionPoolAllGetTokens() throws Exception {
        ProviderFace.Client client = ProviderFace.confidential("Burst RP");
        ClientAuthentication auth = basic(client);
        CookieBrowser browser = new CookieBrowser();
        ProviderFace.nextGoogleUser();
        List<AuthorizationCodeGrant> grants = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ProviderFace.Request request = ProviderFace.authorization(client, i == 0 ? Map.of("provider", "google") : Map.of());
            grants.add(new AuthorizationCodeGrant(authorize(browser, request).getAuthorizationCode(), URI.create(APP),
                    request.verifier()));
        }
        List<java.util.concurrent.Callable<OIDCTokens>> exchanges = grants.stream()
                .<java.util.concurrent.Callable<OIDCTokens>>map(grant -> () -> tokens(auth, grant)).toList();
        assertThat(allAtOnce(exchanges)).allSatisfy(issued -> assertThat(issued.getRefreshToken()).isNotNull());
    }

    /** Runs the calls on threads of their own, released together; their answers in order. */
    private static <T> List<T> allAtOnce(List<java.util.concurrent.Callable<T>> calls) throws Exception {
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(calls.size());
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        try {
            List<java.util.concurrent.Future<T>> answers = new java.util.ArrayList<>();
            for (java.util.concurrent.Callable<T> call : calls) {
                answers.add(threads.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> done = new java.util.ArrayList<>();
            for (var answer : answers) {
                done.add(answer.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            return done;
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aUserDisabledBeforeTheExchangeGetsNothingAndTheCodeIsSpent() throws Exception {
        ProviderFace.Client client = ProviderFace.confidential("Disabled RP");
        ClientAuthentication auth = basic(client);
        UsersCode code = newGoogleUsersCode(client);
        setEnabled(code.userId(), false);
        assertThat(tokenError(auth, code.grant())).isEqualTo("invalid_grant");
        // Spent: enabled again, the same code gets nothing either.
        setEnabled(code.userId(), true);
        assertThat(tokenError(auth, code.grant())).isEqualTo("invalid_grant");
    }

    /**
     * The code grant's common case reads the user's cached claims in the statement that claims the code. Claims not
     * fresh (older than 5 s), or a cached profile this version cannot read, leave the code unclaimed until
     * tenant-service has answered; a fresh cached profile of a disabled user spends the code for nothing.
     */
    @Test
    void theCodeGrantTakesFreshCachedClaimsAndAsksTenantServiceForAnyOthers() throws Exception {
        ProviderFace.Client client = ProviderFace.confidential("Claims RP");
        ClientAuthentication auth = basic(client);

        UsersCode stale = newGoogleUsersCode(client);
        changeCachedClaims(stale.userId(), "profile", clock.instant().minus(Duration.ofHours(1)));
        assertThat(tokens(auth, stale.grant()).getIDToken().getJWTClaimsSet().getSubject()).isEqualTo(stale.userId());
        assertThat(secondsSinceClaimsFetched(stale.userId())).isLessThan(5); // tenant-service answered, and was remembered

        UsersCode unreadable = newGoogleUsersCode(client);
        changeCachedClaims(unreadable.userId(), "'{\"userId\": ['", clock.instant());
        assertThat(tokens(auth, unreadable.grant()).getIDToken().getJWTClaimsSet().getSubject()).isEqualTo(unreadable.userId());

        UsersCode disabled = newGoogleUsersCode(client);
        changeCachedClaims(disabled.userId(), "replace(profile, '\"status\":\"enabled\"', '\"status\":\"disabled\"')",
                clock.instant());
        assertThat(tokenError(auth, disabled.grant())).isEqualTo("invalid_grant");
        assertThat(sessionOfCode(disabled.grant().getAuthorizationCode())).isNull(); // spent, without a session
        changeCachedClaims(disabled.userId(), "profile", clock.instant().minus(Duration.ofHours(1)));
        assertThat(tokenError(auth, disabled.grant())).isEqualTo("invalid_grant");
    }

    /**
     * Changes the user's row of the claims cache ({@code user_claims}): its profile to the SQL expression given, the
     * time it was fetched to {@code fetchedAt} (the service's clock runs ahead of PostgreSQL's in these tests).
     */
    private void changeCachedClaims(String userId, String profile, java.time.Instant fetchedAt) throws Exception {
        try (java.sql.Connection connection = dataSource.getConnection();
             java.sql.PreparedStatement update = connection.prepareStatement(
                     "update user_claims set profile = " + profile + ", fetched_at = ? where user_id = ? and profile is not null")) {
            update.setTimestamp(1, java.sql.Timestamp.from(fetchedAt));
            update.setString(2, userId);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
        if (profile.contains("disabled")) {
            assertThat(text("select profile from user_claims where user_id = ?", userId)).contains("\"status\":\"disabled\"");
        }
    }

    /** The one text value a query of one user's row answers. */
    private String text(String query, String userId) throws Exception {
        try (java.sql.Connection connection = dataSource.getConnection();
             java.sql.PreparedStatement select = connection.prepareStatement(query)) {
            select.setString(1, userId);
            try (java.sql.ResultSet row = select.executeQuery()) {
                assertThat(row.next()).isTrue();
                return row.getString(1);
            }
        }
    }

    private long secondsSinceClaimsFetched(String userId) throws Exception {
        return clock.instant().getEpochSecond() - Long.parseLong(text(
                "select extract(epoch from fetched_at)::bigint::text from user_claims where user_id = ?", userId));
    }

    @Test
    void aClientsRefreshForADisabledUserIsRefusedAndEndsTheSession() throws Exception {
        ProviderFace.Client client = ProviderFace.confidential("Disabled refresh RP");
        ClientAuthentication auth = basic(client);
        UsersCode code = newGoogleUsersCode(client);
        OIDCTokens refreshed = tokens(auth, new RefreshTokenGrant(tokens(auth, code.grant()).getRefreshToken()));
        setEnabled(code.userId(), false);
        assertThat(tokenError(auth, new RefreshTokenGrant(refreshed.getRefreshToken()))).isEqualTo("invalid_grant");
        // The session ended with the refusal: enabled again, the user's old tokens get nothing.
        setEnabled(code.userId(), true);
        assertThat(tokenError(auth, new RefreshTokenGrant(refreshed.getRefreshToken()))).isEqualTo("invalid_grant");
        assertThat(introspect(auth, refreshed.getAccessToken()).isActive()).isFalse();
    }

    @Test
    void theCodeIsBoundToItsVerifierRedirectUriAndClient() throws Exception {
        ProviderFace.Client client = ProviderFace.confidential("Binding RP");
        ProviderFace.Client other = ProviderFace.confidential("Other RP");
        ClientAuthentication auth = basic(client);

        ProviderFace.Request wrongVerifier = signedInRequest(client);
        com.nimbusds.oauth2.sdk.AuthorizationCode refusedCode = code(wrongVerifier);
        assertThat(tokenError(auth, new AuthorizationCodeGrant(refusedCode, URI.create(APP), new CodeVerifier())))
                .isEqualTo("invalid_grant");
        // Spent by the refusal, and without a session: presented again, there is none to end.
        assertThat(tokenError(auth, new AuthorizationCodeGrant(refusedCode, URI.create(APP), wrongVerifier.verifier())))
                .isEqualTo("invalid_grant");
        assertThat(sessionOfCode(refusedCode)).isNull();
        ProviderFace.Request noVerifier = signedInRequest(client);
        assertThat(tokenError(auth, new AuthorizationCodeGrant(code(noVerifier), URI.create(APP), null))).isEqualTo("invalid_grant");
        ProviderFace.Request otherRedirect = signedInRequest(client);
        assertThat(tokenError(auth, new AuthorizationCodeGrant(code(otherRedirect), URI.create(APP + "?x=1"), otherRedirect.verifier())))
                .isEqualTo("invalid_grant");
        ProviderFace.Request otherClient = signedInRequest(client);
        assertThat(tokenError(basic(other), new AuthorizationCodeGrant(code(otherClient), URI.create(APP), otherClient.verifier())))
                .isEqualTo("invalid_grant");
    }

    /**
     * A client with a secret has its code claimed by a statement that proves the secret as well (issue #14): whatever
     * that statement does not prove is decided as before, the client authenticated first, so a caller without the
     * client's live secret and grant neither spends the code nor learns anything about it. The user's cached claims
     * are kept fresh, so each attempt meets that statement first.
     */
    @Test
    void aCodeNeedsTheClientsLiveSecretAndGrantAndARefusedCallerSpendsNothing() throws Exception {
        ProviderFace.Client client = ProviderFace.confidential("Proving RP");
        ProviderFace.Client other = ProviderFace.confidential("Other proving RP");
        UsersCode code = newGoogleUsersCode(client);
        AuthorizationCodeGrant grant = code.grant();
        changeCachedClaims(code.userId(), "profile", clock.instant());
        assertThat(tokenError(new ClientSecretBasic(client.clientId(), new Secret("wrong")), grant)).isEqualTo("invalid_client");
        assertThat(tokenError(new ClientSecretPost(client.clientId(), new Secret("wrong")), grant)).isEqualTo("invalid_client");
        // Another client's live secret under this client's id proves nothing.
        assertThat(tokenError(new ClientSecretBasic(client.clientId(), new Secret(other.secret())), grant)).isEqualTo("invalid_client");
        // A secret ended by a rotation neither.
        String second = ProviderFace.clientManagement().body(Map.of("overlapSeconds", 0))
                .post("/v1/mgmt/oauth-clients/" + client.id() + "/secret").then().statusCode(200).extract().path("clientSecret");
        assertThat(tokenError(basic(client), grant)).isEqualTo("invalid_client");
        ClientSecretBasic current = new ClientSecretBasic(client.clientId(), new Secret(second));
        // A live secret of a client that no longer holds the code grant: unauthorized_client.
        ProviderFace.clientManagement().body(Map.of("name", "Proving RP", "redirectUris", List.of(APP),
                "grantTypes", List.of("client_credentials"))).put("/v1/mgmt/oauth-clients/" + client.id()).then().statusCode(200);
        assertThat(tokenError(current, grant)).isEqualTo("unauthorized_client");
        assertThat(sessionOfCode(grant.getAuthorizationCode())).isNull();
        // None of those spent the code. Given the grant back without refresh_token, the client gets no refresh token.
        ProviderFace.clientManagement().body(Map.of("name", "Proving RP", "redirectUris", List.of(APP),
                "grantTypes", List.of("authorization_code"))).put("/v1/mgmt/oauth-clients/" + client.id()).then().statusCode(200);
        changeCachedClaims(code.userId(), "profile", clock.instant());
        OIDCTokens issued = tokens(current, grant);
        assertThat(issued.getRefreshToken()).isNull();
        assertThat(sessionOfCode(grant.getAuthorizationCode())).isEqualTo(issued.getIDToken().getJWTClaimsSet().getStringClaim("sid"));
        assertThat(tokenError(current, grant)).isEqualTo("invalid_grant");
    }

    @Test
    void aWrongSecretIsInvalidClientWithAChallenge() throws Exception {
        ProviderFace.Client client = ProviderFace.confidential("Secret RP");
        HTTPResponse response = new TokenRequest(endpoint("token"), new ClientSecretBasic(client.clientId(), new Secret("wrong")),
                new ClientCredentialsGrant()).toHTTPRequest().send();
        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(response.getHeaderValue("WWW-Authenticate")).startsWith("Basic");
        assertThat(response.getBodyAsJSONObject().get("error")).isEqualTo("invalid_client");
        // Every refusal of the token endpoint is RFC 6749 JSON, never problem+json.
        RestAssured.given().formParam("client_id", client.id()).post("/oauth2/token").then().statusCode(400)
                .contentType(startsWith("application/json")).body("error", equalTo("invalid_request"));
        RestAssured.given().auth().preemptive().basic(client.id(), client.secret()).formParam("grant_type", "password")
                .post("/oauth2/token").then().statusCode(400).body("error", equalTo("unsupported_grant_type"));
        RestAssured.given().contentType("application/json").body("{}").post("/oauth2/token").then().statusCode(415)
                .body("error", equalTo("invalid_request"));
    }

    /** The form is read before the endpoint runs: whatever its shape, the answer is RFC 6749 JSON and says what is wrong. */
    @Test
    void aMalformedTokenRequestBodyIsInvalidRequest() throws Exception {
        ProviderFace.Client client = ProviderFace.confidential("Body RP");
        HttpClient http11 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        assertInvalidRequest("", 400, "grant_type is required");
        assertInvalidRequest("grant_type=client_credentials&grant_type=client_credentials", 400, "grant_type");
        assertInvalidRequest("grant_type=client_%zzcredentials", 400, "URL encoding");
        // Over quarkus.http.limits.max-body-size: refused by its length (the framework's bare 413), or as it arrives.
        // Refused by its length, the answer may come, and the connection close, while the client is still writing the
        // body: then the client sees the connection broken instead of the 413. Either way nothing past the limit is read.
        try {
            RestAssured.given().contentType("application/x-www-form-urlencoded").body("grant_type=" + "a".repeat(1_100_000))
                    .post("/oauth2/token").then().statusCode(413);
        } catch (Exception e) { // RestAssured throws the socket's IOException as it is
            assertThat(java.util.stream.Stream.iterate((Throwable) e, java.util.Objects::nonNull, Throwable::getCause))
                    .hasAtLeastOneElementOfType(java.net.SocketException.class);
        }
        HttpResponse<String> chunked = http11.send(
                HttpRequest.newBuilder(endpoint("token")).header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                                ("grant_type=" + "a".repeat(1_100_000)).getBytes(StandardCharsets.US_ASCII)))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(chunked.body()).contains("\"error\":\"invalid_request\"").contains("larger than 1048576 bytes");
        RestAssured.given().auth().preemptive().basic(client.id(), client.secret())
                .contentType("application/x-www-form-urlencoded; charset=UTF-8").body("grant_type=client_credentials&scope=")
                .post("/oauth2/token").then().statusCode(200).body("token_type", equalTo("Bearer"));
        // A client that asks before sending its body (curl does past 1 KB, as a private_key_jwt assertion is) is told to go on.
        HttpResponse<String> continued = http11.send(
                HttpRequest.newBuilder(endpoint("token")).expectContinue(true).timeout(Duration.ofSeconds(5))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                                (client.id() + ":" + client.secret()).getBytes(StandardCharsets.UTF_8)))
                        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(continued.statusCode()).isEqualTo(200);
    }

    private static void assertInvalidRequest(String body, int status, String detail) {
        RestAssured.given().contentType("application/x-www-form-urlencoded").body(body).post("/oauth2/token").then()
                .statusCode(status).contentType(startsWith("application/json")).body("error", equalTo("invalid_request"))
                .body("error_description", containsString(detail));
    }

    @Test
    void aRefreshTokenWorksOnlyForItsClientAndOnlyAtTheTokenEndpoint() throws Exception {
        ProviderFace.Client client = ProviderFace.confidential("Owner RP");
        ProviderFace.Client other = ProviderFace.confidential("Thief RP");
        OIDCTokens tokens = OpenIdProviderTest.signIn(new CookieBrowser(), client, basic(client));
        assertThat(tokenError(basic(other), new RefreshTokenGrant(tokens.getRefreshToken()))).isEqualTo("invalid_grant");
        RestAssured.given().header("Authorization", "Bearer " + PROJECT_ID + ":" + tokens.getRefreshToken().getValue())
                .post("/v1/auth/refresh").then().statusCode(401).body("errorCode", equalTo("E061104"));
        // Neither attempt spent it.
        assertThat(tokens(basic(client), new RefreshTokenGrant(tokens.getRefreshToken())).getAccessToken()).isNotNull();
    }

    @Test
    void aRefreshTokenWithAForgedSignatureIsInvalidGrantAndEndsNothing() throws Exception {
        ProviderFace.Client client = ProviderFace.confidential("Forged refresh RP");
        OIDCTokens tokens = OpenIdProviderTest.signIn(new CookieBrowser(), client, basic(client));
        String genuine = tokens.getRefreshToken().getValue();
        int signature = genuine.lastIndexOf('.') + 1;
        String forged = genuine.substring(0, signature) + new StringBuilder(genuine.substring(signature)).reverse();
        // Its claims are the genuine token's and its client's secret comes with it: refused as the forgery it is,
        // not as reuse (which would end the session it names), and not as a wider scope than granted either.
        assertThat(tokenError(basic(client), new RefreshTokenGrant(new RefreshToken(forged)))).isEqualTo("invalid_grant");
        TokenResponse widened = OIDCTokenResponseParser.parse(new TokenRequest(endpoint("token"), basic(client),
                new RefreshTokenGrant(new RefreshToken(forged)), new com.nimbusds.oauth2.sdk.Scope("openid", "admin"))
                .toHTTPRequest().send());
        assertThat(widened.toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_grant");
        assertThat(tokens(basic(client), new RefreshTokenGrant(tokens.getRefreshToken())).getAccessToken()).isNotNull();
    }

    @Test
    void clientSecretPostPrivateKeyJwtAndAPublicClientWithPkceAllWork() throws Exception {
        ProviderFace.Client post = ProviderFace.register(Map.of("name", "Post RP", "redirectUris", List.of(APP),
                "tokenEndpointAuthMethod", "client_secret_post"));
        assertThat(OpenIdProviderTest.signIn(new CookieBrowser(), post,
                new ClientSecretPost(post.clientId(), new Secret(post.secret()))).getIDToken()).isNotNull();

        RSAKey key = new RSAKeyGenerator(2048).keyID("rp-key-1").generate();
        ProviderFace.Client signed = ProviderFace.register(Map.of("name", "JWT RP", "redirectUris", List.of(APP),
                "tokenEndpointAuthMethod", "private_key_jwt", "jwks", new JWKSet(key.toPublicJWK()).toJSONObject()));
        assertThat(signed.secret()).isNull();
        ProviderFace.Request request = signedInRequest(signed);
        PrivateKeyJWT assertion = new PrivateKeyJWT(new JWTAuthenticationClaimsSet(signed.clientId(), new Audience(ISSUER)),
                JWSAlgorithm.RS256, key.toRSAPrivateKey(), key.getKeyID(), null);
        OIDCTokens tokens = tokens(assertion, new AuthorizationCodeGrant(code(request), URI.create(APP), request.verifier()));
        assertThat(tokens.getIDToken()).isNotNull();
        // Each assertion is accepted once (RFC 7523 §3, jti), and one signed by another key never.
        assertThat(tokenError(assertion, new RefreshTokenGrant(tokens.getRefreshToken()))).isEqualTo("invalid_client");
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("rp-key-1").generate();
        assertThat(tokenError(new PrivateKeyJWT(new JWTAuthenticationClaimsSet(signed.clientId(), new Audience(ISSUER)),
                JWSAlgorithm.RS256, stranger.toRSAPrivateKey(), "rp-key-1", null), new RefreshTokenGrant(tokens.getRefreshToken())))
                .isEqualTo("invalid_client");

        ProviderFace.Client pub = publicClient();
        ProviderFace.Request publicRequest = signedInRequest(pub);
        TokenResponse publicAnswer = OIDCTokenResponseParser.parse(new TokenRequest(endpoint("token"), pub.clientId(),
                new AuthorizationCodeGrant(code(publicRequest), URI.create(APP), publicRequest.verifier())).toHTTPRequest().send());
        assertThat(publicAnswer.indicatesSuccess()).isTrue();
        Tokens publicTokens = publicAnswer.toSuccessResponse().getTokens();
        assertThat(publicTokens.getAccessToken()).isNotNull();
    }

    @Test
    void aMachineClientGetsAnAccessTokenOfItsOwn() throws Exception {
        ProviderFace.Client machine = ProviderFace.register(Map.of("name", "Batch job", "grantTypes", List.of("client_credentials"),
                "scopes", List.of("reports:read")));
        var answer = RestAssured.given().auth().preemptive().basic(machine.id(), machine.secret())
                .formParam("grant_type", "client_credentials").post("/oauth2/token")
                .then().statusCode(200).header("Cache-Control", containsString("no-store")).header("Pragma", "no-cache")
                .body("token_type", equalTo("Bearer")).body("scope", equalTo("reports:read"))
                .body("refresh_token", org.hamcrest.Matchers.nullValue())
                .body("id_token", org.hamcrest.Matchers.nullValue()).extract();
        var introspected = introspect(basic(machine), new com.nimbusds.oauth2.sdk.token.BearerAccessToken(answer.path("access_token")));
        assertThat(introspected.isActive()).isTrue();
        assertThat(introspected.getClientID()).isEqualTo(machine.clientId());
        assertThat(introspected.getSubject().getValue()).isEqualTo(machine.id());
        // It is nobody's session: userinfo refuses it.
        RestAssured.given().header("Authorization", "Bearer " + answer.path("access_token")).get("/oauth2/userinfo")
                .then().statusCode(401).header("WWW-Authenticate", startsWith("Bearer error=\"invalid_token\""));
        RestAssured.given().auth().preemptive().basic(machine.id(), machine.secret())
                .formParam("grant_type", "client_credentials").formParam("scope", "openid").post("/oauth2/token")
                .then().statusCode(400).body("error", equalTo("invalid_scope"));
    }

    @Test
    void theHostedSignInPageOffersProvidersAndSso() {
        ProviderFace.Client client = ProviderFace.confidential("Page RP");
        CookieBrowser browser = new CookieBrowser();
        ProviderFace.Request request = ProviderFace.authorization(client, Map.of());
        CookieBrowser.Stop page = browser.open(request.uri().toString(), APP);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.location().getPath()).isEqualTo("/oauth2/signin");
        assertThat(page.body()).contains("Page RP").contains("Sign In with Google").contains("Sign in with SSO");
        String requestId = page.location().getQuery().substring("request=".length());

        CookieBrowser.Stop noTenant = browser.open(CookieBrowser.base() + "/oauth2/signin/start?request=" + requestId
                + "&email=someone%40nowhere.example", APP);
        assertThat(noTenant.status()).isEqualTo(400);
        assertThat(noTenant.body()).contains("no tenant has the SSO domain");
        // Another browser (without the request's cookie) cannot use the request.
        CookieBrowser.Stop stranger = new CookieBrowser().open(CookieBrowser.base() + "/oauth2/signin?request=" + requestId, APP);
        assertThat(stranger.status()).isEqualTo(400);
        assertThat(stranger.body()).contains("no longer valid");

        ProviderFace.nextGoogleUser();
        CookieBrowser.Stop done = browser.open(CookieBrowser.base() + "/oauth2/signin/start?request=" + requestId + "&provider=google", APP);
        AuthorizationResponse response = parse(done.location());
        assertThat(response.indicatesSuccess()).isTrue();
        assertThat(response.getState()).isEqualTo(request.state());
    }

    @Test
    void formPostAnswersWithAFormThatPostsToTheClient() throws Exception {
        ProviderFace.Client client = ProviderFace.confidential("Form RP");
        CookieBrowser browser = new CookieBrowser();
        OpenIdProviderTest.signIn(browser, client, basic(client));
        CookieBrowser.Stop page = browser.open(ProviderFace.authorization(client, Map.of("response_mode", "form_post",
                "prompt", "none")).uri().toString(), APP);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("action=\"" + APP + "\"").contains("name=\"code\"").contains("name=\"state\"")
                .contains("name=\"iss\"");
    }

    @Test
    void scriptsMayCallTheTokenEndpointOnlyFromARegisteredOrigin() {
        publicClient();
        String app = "http://localhost:9999";
        RestAssured.given().header("Origin", app).header("Access-Control-Request-Method", "POST")
                .options("/oauth2/token").then().statusCode(204).header("Access-Control-Allow-Origin", app);
        RestAssured.given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .options("/oauth2/token").then().statusCode(403);
        RestAssured.given().header("Origin", "https://evil.example").formParam("grant_type", "client_credentials")
                .post("/oauth2/token").then().header("Access-Control-Allow-Origin", org.hamcrest.Matchers.nullValue());
        RestAssured.given().header("Origin", "https://evil.example").get("/oauth2/jwks").then().statusCode(200)
                .header("Access-Control-Allow-Origin", "*");
    }

    private static ProviderFace.Client publicClient() {
        return ProviderFace.register(Map.of("name", "SPA", "type", "public", "redirectUris", List.of(APP)));
    }

    private static ClientAuthentication basic(ProviderFace.Client client) {
        return new ClientSecretBasic(client.clientId(), new Secret(client.secret()));
    }

    /** An authorization request carried through a fresh sign-in; its code is in {@link #code}. */
    private static ProviderFace.Request signedInRequest(ProviderFace.Client client) {
        ProviderFace.nextGoogleUser();
        ProviderFace.Request request = ProviderFace.authorization(client, Map.of("provider", "google"));
        CODES.put(request, authorizeQuietly(request));
        return request;
    }

    private static final Map<ProviderFace.Request, com.nimbusds.oauth2.sdk.AuthorizationCode> CODES =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** A code of a new Google user's first sign-in at this client, and the id of that user. */
    private record UsersCode(String userId, AuthorizationCodeGrant grant) {
    }

    private static UsersCode newGoogleUsersCode(ProviderFace.Client client) throws Exception {
        String email = ProviderFace.nextGoogleUser();
        ProviderFace.Request request = ProviderFace.authorization(client, Map.of("provider", "google"));
        AuthorizationSuccessResponse answer = authorize(new CookieBrowser(), request);
        String userId = dev.gatehouse.auth.support.Gatehouse.management().queryParam("email", email).get("/v1/mgmt/users")
                .then().statusCode(200).extract().path("items[0].userId");
        return new UsersCode(userId, new AuthorizationCodeGrant(answer.getAuthorizationCode(), URI.create(APP), request.verifier()));
    }

    private static void setEnabled(String userId, boolean enabled) {
        dev.gatehouse.auth.support.Gatehouse.management().post("/v1/mgmt/users/" + userId + (enabled ? "/enable" : "/disable"))
                .then().statusCode(200);
    }

    /** The session a code's redemption recorded, read from its row. */
    private String sessionOfCode(com.nimbusds.oauth2.sdk.AuthorizationCode code) throws Exception {
        try (java.sql.Connection connection = dataSource.getConnection();
             java.sql.PreparedStatement select = connection.prepareStatement(
                     "select session_id from authorization_code where code_hash = ?")) {
            select.setString(1, dev.gatehouse.common.Secrets.sha256(code.getValue()));
            try (java.sql.ResultSet row = select.executeQuery()) {
                assertThat(row.next()).isTrue();
                return row.getString(1);
            }
        }
    }

    private static com.nimbusds.oauth2.sdk.AuthorizationCode code(ProviderFace.Request request) {
        return CODES.remove(request);
    }

    private static com.nimbusds.oauth2.sdk.AuthorizationCode authorizeQuietly(ProviderFace.Request request) {
        try {
            return authorize(new CookieBrowser(), request).getAuthorizationCode();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void assertRedirectError(ProviderFace.Client client, String query, String error) {
        CookieBrowser.Stop stop = new CookieBrowser().open(endpoint("authorize") + "?client_id=" + client.id()
                + "&redirect_uri=" + APP + "&state=s1&" + query, APP);
        assertThat(stop.location()).as("redirect for %s", query).isNotNull();
        AuthorizationResponse response = parse(stop.location());
        assertThat(response.indicatesSuccess()).isFalse();
        assertThat(response.toErrorResponse().getErrorObject().getCode()).as(query).isEqualTo(error);
        assertThat(response.getState().getValue()).isEqualTo("s1");
    }

    private static AuthorizationResponse parse(URI uri) {
        try {
            return AuthorizationResponse.parse(uri);
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            throw new AssertionError(e);
        }
    }
}
