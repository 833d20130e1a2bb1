package dev.gatehouse.auth.oidc;

import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.common.AuthConfig;
import dev.gatehouse.common.Jdbc;
import dev.gatehouse.auth.tenants.AuditTrail;
import dev.gatehouse.common.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

import javax.sql.DataSource;
import java.net.URI;
import java.net.URISyntaxException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Registration of the provider's clients (the management API's part) and what the protocol endpoints ask of
 * them. Everything a client registers is checked here once, so the endpoints can trust it.
 */
@ApplicationScoped
public class OAuthClients {

    public static final String AUTHORIZATION_CODE = "authorization_code";
    public static final String REFRESH_TOKEN = "refresh_token";
    public static final String CLIENT_CREDENTIALS = "client_credentials";
    static final Set<String> GRANTS = Set.of(AUTHORIZATION_CODE, REFRESH_TOKEN, CLIENT_CREDENTIALS);
    static final List<String> DEFAULT_SCOPES = List.of("openid", "profile", "email", "offline_access");
    private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,64}");
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");
    private static final Duration LONGEST_OVERLAP = Duration.ofDays(30);
    /** What the protocol endpoints read of a client (a detached copy, {@link #find}). */
    private static final String CLIENT_COLUMNS = "c.id, c.name, c.type, c.token_auth_method, c.redirect_uris, "
            + "c.post_logout_redirect_uris, c.grant_types, c.scopes, c.jwks, c.created_at, c.updated_at";

    @Inject
    Clock clock;

    @Inject
    AuthConfig config;

    @Inject
    AuditTrail audit;

    @Inject
    Event<ClientOrigins.ClientsChanged> clientsChanged;

    @Inject
    DataSource dataSource;

    /** What a registration asks for, as the management API receives it. */
    public record Registration(String name, String type, String tokenEndpointAuthMethod, List<String> redirectUris,
                               List<String> postLogoutRedirectUris, List<String> grantTypes, List<String> scopes,
                               String jwks) {
    }

    public record Created(OAuthClient client, String secret) {
    }

    @Transactional
    public Created create(String actor, Registration registration) {
        OAuthClient client = new OAuthClient();
        client.id = Secrets.newId("C");
        client.createdAt = Instant.now(clock);
        apply(client, registration);
        store(client, true);
        String secret = usesSecret(client) ? addSecret(client.id, client.createdAt) : null;
        clientsChanged.fire(new ClientOrigins.ClientsChanged(client.id));
        audit.record(actor, "oauth-client.create", null, client.id, client.name);
        return new Created(client, secret);
    }

    @Transactional
    public OAuthClient update(String actor, String id, Registration registration) {
        OAuthClient client = require(id);
        boolean hadSecret = usesSecret(client);
        apply(client, registration);
        if (!hadSecret && usesSecret(client)) {
            throw ApiException.badRequest("E071010", "a client cannot change to secret authentication; register a new client");
        }
        store(client, false);
        clientsChanged.fire(new ClientOrigins.ClientsChanged(client.id));
        audit.record(actor, "oauth-client.update", null, client.id, client.name);
        return client;
    }

    /** Deletes the client and ends every session it holds. */
    @Transactional
    public void delete(String actor, String id) {
        OAuthClient client = require(id);
        Timestamp now = Timestamp.from(Instant.now(clock));
        Jdbc.write(dataSource, "delete OAuth client " + id, connection -> {
            try (PreparedStatement sessions = connection.prepareStatement("""
                    update auth_session set revoked_at = ?, revoke_reason = 'client-deleted'
                    where client_id = ? and revoked_at is null""");
                 PreparedStatement secrets = connection.prepareStatement("delete from oauth_client_secret where client_id = ?");
                 PreparedStatement row = connection.prepareStatement("delete from oauth_client where id = ?")) {
                sessions.setTimestamp(1, now);
                sessions.setString(2, client.id);
                sessions.executeUpdate();
                secrets.setString(1, client.id);
                secrets.executeUpdate();
                row.setString(1, client.id);
                return row.executeUpdate();
            }
        });
        clientsChanged.fire(new ClientOrigins.ClientsChanged(client.id));
        audit.record(actor, "oauth-client.delete", null, id, client.name);
    }

    /**
     * A new secret; those the client had keep working for {@code overlap} (zero ends them now), so the
     * application can be redeployed with the new one without a gap.
     */
    @Transactional
    public String rotateSecret(String actor, String id, Duration overlap) {
        OAuthClient client = require(id);
        if (!usesSecret(client)) {
            throw ApiException.badRequest("E071011", "client " + id + " does not authenticate with a secret");
        }
        if (overlap.isNegative() || overlap.compareTo(LONGEST_OVERLAP) > 0) {
            throw ApiException.badRequest("E071012", "overlap must be between 0 and 30 days");
        }
        Instant now = Instant.now(clock);
        Instant oldEnd = now.plus(overlap);
        Jdbc.write(dataSource, "end the secrets of OAuth client " + id, connection -> {
            try (PreparedStatement end = connection.prepareStatement("""
                    update oauth_client_secret set expires_at = ?
                    where client_id = ? and (expires_at is null or expires_at > ?)""");
                 PreparedStatement ended = connection.prepareStatement(
                         "delete from oauth_client_secret where client_id = ? and expires_at <= ?")) {
                end.setTimestamp(1, Timestamp.from(oldEnd));
                end.setString(2, id);
                end.setTimestamp(3, Timestamp.from(oldEnd));
                end.executeUpdate();
                ended.setString(1, id);
                ended.setTimestamp(2, Timestamp.from(now));
                return ended.executeUpdate();
            }
        });
        String secret = addSecret(id, now);
        audit.record(actor, "oauth-client.rotate-secret", null, id, "previous secrets end at " + oldEnd);
        return secret;
    }

    /** The registered client, for the management API; 404 when there is none. */
    public OAuthClient require(String id) {
        return find(id).orElseThrow(() -> ApiException.notFound("E071001", "no OAuth client " + id));
    }

    /**
     * The registered client, read for a protocol endpoint: one plain SQL query, a detached copy (the token and
     * authorize endpoints' hot path, issue #14; nothing the endpoints do changes a client).
     */
    public Optional<OAuthClient> find(String id) {
        return validId(id) ? readClient("select " + CLIENT_COLUMNS + " from oauth_client c where c.id = ?", id, null)
                : Optional.empty();
    }

    /** The client, if {@code secret} is one of its secrets that have not ended: one query. */
    Optional<OAuthClient> findBySecret(String id, String secret) {
        if (!mayHoldSecret(id, secret)) {
            return Optional.empty();
        }
        return readClient("select " + CLIENT_COLUMNS + " from oauth_client c join oauth_client_secret s on s.client_id = c.id"
                + " where c.id = ? and s.secret_hash = ? and (s.expires_at is null or s.expires_at > ?)", id, secret);
    }

    public List<OAuthClient> list() {
        return Jdbc.queryAll(dataSource, "the OAuth clients", "select " + CLIENT_COLUMNS
                + " from oauth_client c order by c.created_at", select -> { }, OAuthClients::client);
    }

    public List<OAuthClientSecret> secretsOf(String clientId) {
        return Jdbc.queryAll(dataSource, "the secrets of OAuth client " + clientId, """
                select id, client_id, secret_hash, created_at, expires_at from oauth_client_secret
                where client_id = ? order by created_at""", select -> select.setString(1, clientId), rows -> {
            OAuthClientSecret secret = new OAuthClientSecret();
            secret.id = rows.getString(1);
            secret.clientId = rows.getString(2);
            secret.secretHash = rows.getString(3);
            secret.createdAt = Jdbc.instant(rows.getTimestamp(4));
            secret.expiresAt = Jdbc.instant(rows.getTimestamp(5));
            return secret;
        });
    }

    /** Writes the client's registration: a new row, or the one it has. */
    private void store(OAuthClient client, boolean insert) {
        Jdbc.write(dataSource, "store OAuth client " + client.id, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(insert ? """
                    insert into oauth_client (name, type, token_auth_method, redirect_uris, post_logout_redirect_uris,
                        grant_types, scopes, jwks, updated_at, id, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""" : """
                    update oauth_client set name = ?, type = ?, token_auth_method = ?, redirect_uris = ?,
                        post_logout_redirect_uris = ?, grant_types = ?, scopes = ?, jwks = ?, updated_at = ?
                    where id = ?""")) {
                statement.setString(1, client.name);
                statement.setString(2, client.type);
                statement.setString(3, client.tokenAuthMethod);
                statement.setArray(4, connection.createArrayOf("varchar", client.redirectUris));
                statement.setArray(5, connection.createArrayOf("varchar", client.postLogoutRedirectUris));
                statement.setArray(6, connection.createArrayOf("varchar", client.grantTypes));
                statement.setArray(7, connection.createArrayOf("varchar", client.scopes));
                statement.setString(8, client.jwks);
                statement.setTimestamp(9, Timestamp.from(client.updatedAt));
                statement.setString(10, client.id);
                if (insert) {
                    statement.setTimestamp(11, Timestamp.from(client.createdAt));
                }
                return statement.executeUpdate();
            }
        });
    }

    private Optional<OAuthClient> readClient(String sql, String id, String secret) {
        return Jdbc.queryOne(dataSource, "OAuth client " + id, sql, select -> {
            select.setString(1, id);
            if (secret != null) {
                select.setString(2, Secrets.sha256(secret));
                select.setTimestamp(3, Timestamp.from(Instant.now(clock)));
            }
        }, OAuthClients::client);
    }

    /** A row of {@link #CLIENT_COLUMNS}. */
    private static OAuthClient client(ResultSet found) throws SQLException {
        OAuthClient client = new OAuthClient();
        client.id = found.getString(1);
        client.name = found.getString(2);
        client.type = found.getString(3);
        client.tokenAuthMethod = found.getString(4);
        client.redirectUris = Jdbc.strings(found.getArray(5));
        client.postLogoutRedirectUris = Jdbc.strings(found.getArray(6));
        client.grantTypes = Jdbc.strings(found.getArray(7));
        client.scopes = Jdbc.strings(found.getArray(8));
        client.jwks = found.getString(9);
        client.createdAt = found.getTimestamp(10).toInstant();
        client.updatedAt = found.getTimestamp(11).toInstant();
        return client;
    }

    /** Whether an id and a secret are of the shapes a client's can be (anything else is no client's). */
    static boolean mayHoldSecret(String id, String secret) {
        return validId(id) && secret != null && !secret.isEmpty() && secret.length() <= 200;
    }

    private static boolean validId(String id) {
        return id != null && !id.isBlank() && id.length() <= 40;
    }

    private static boolean usesSecret(OAuthClient client) {
        return client.tokenAuthMethod.startsWith("client_secret_");
    }

    private String addSecret(String clientId, Instant now) {
        String secret = Secrets.newSecret();
        Jdbc.update(dataSource, "add a secret to OAuth client " + clientId,
                "insert into oauth_client_secret (id, client_id, secret_hash, created_at) values (?, ?, ?, ?)",
                Secrets.newId("CS"), clientId, Secrets.sha256(secret), now);
        return secret;
    }

    private void apply(OAuthClient client, Registration r) {
        if (r == null || r.name() == null || r.name().isBlank() || r.name().length() > 200) {
            throw ApiException.badRequest("E071002", "name is required (at most 200 characters)");
        }
        String type = r.type() == null ? OAuthClient.CONFIDENTIAL : r.type();
        if (!type.equals(OAuthClient.PUBLIC) && !type.equals(OAuthClient.CONFIDENTIAL)) {
            throw ApiException.badRequest("E071003", "type is public or confidential");
        }
        String method = r.tokenEndpointAuthMethod() != null ? r.tokenEndpointAuthMethod()
                : type.equals(OAuthClient.PUBLIC) ? "none" : "client_secret_basic";
        boolean publicMethod = method.equals("none");
        if (!Set.of("none", "client_secret_basic", "client_secret_post", "private_key_jwt").contains(method)
                || publicMethod != type.equals(OAuthClient.PUBLIC)) {
            throw ApiException.badRequest("E071004", "tokenEndpointAuthMethod of a " + type + " client is "
                    + (type.equals(OAuthClient.PUBLIC) ? "none" : "client_secret_basic, client_secret_post or private_key_jwt"));
        }
        List<String> grants = r.grantTypes() == null ? List.of(AUTHORIZATION_CODE, REFRESH_TOKEN) : distinct(r.grantTypes());
        if (grants.isEmpty() || !GRANTS.containsAll(grants)) {
            throw ApiException.badRequest("E071005", "grantTypes are authorization_code, refresh_token and client_credentials");
        }
        if (grants.contains(CLIENT_CREDENTIALS) && type.equals(OAuthClient.PUBLIC)) {
            throw ApiException.badRequest("E071005", "a public client cannot use client_credentials");
        }
        List<String> redirects = checkedUris(r.redirectUris(), "redirectUris");
        if (grants.contains(AUTHORIZATION_CODE) && redirects.isEmpty()) {
            throw ApiException.badRequest("E071006", "redirectUris: the authorization_code grant needs at least one");
        }
        List<String> scopes = r.scopes() == null ? DEFAULT_SCOPES : distinct(r.scopes());
        if (scopes.size() > 50 || !scopes.stream().allMatch(scope -> SCOPE.matcher(scope).matches())) {
            throw ApiException.badRequest("E071007", "scopes: at most 50 scope tokens (RFC 6749 §3.3)");
        }
        client.name = r.name().strip();
        client.type = type;
        client.tokenAuthMethod = method;
        client.grantTypes = grants.toArray(String[]::new);
        client.redirectUris = redirects.toArray(String[]::new);
        client.postLogoutRedirectUris = checkedUris(r.postLogoutRedirectUris(), "postLogoutRedirectUris").toArray(String[]::new);
        client.scopes = scopes.toArray(String[]::new);
        client.jwks = method.equals("private_key_jwt") ? checkedJwks(r.jwks()) : null;
        client.updatedAt = Instant.now(clock);
    }

    /** Public keys only, RSA or EC, each with a kid or alone: a client's {@code private_key_jwt} verification keys. */
    static String checkedJwks(String jwks) {
        if (jwks == null || jwks.isBlank() || jwks.length() > 20_000) {
            throw ApiException.badRequest("E071008", "jwks (the client's public keys) is required for private_key_jwt");
        }
        try {
            List<JsonWebKey> keys = new JsonWebKeySet(jwks).getJsonWebKeys();
            boolean usable = !keys.isEmpty() && keys.stream().allMatch(key -> key instanceof PublicJsonWebKey pub
                    && pub.getPrivateKey() == null && (key.getKeyType().equals("RSA") || key.getKeyType().equals("EC")));
            if (!usable) {
                throw ApiException.badRequest("E071008", "jwks must hold RSA or EC public keys only");
            }
            return jwks;
        } catch (JoseException e) {
            throw ApiException.badRequest("E071008", "jwks is not a JWK set: " + e.getMessage());
        }
    }

    private List<String> checkedUris(List<String> uris, String field) {
        List<String> result = distinct(uris == null ? List.of() : uris);
        if (result.size() > 20) {
            throw ApiException.badRequest("E071009", field + ": at most 20");
        }
        for (String uri : result) {
            String problem = redirectUriProblem(uri);
            if (problem != null) {
                throw ApiException.badRequest("E071009", field + ": " + uri + " " + problem);
            }
        }
        return result;
    }

    /**
     * Why a redirect URI cannot be registered, or null: absolute, no fragment or user info; https, http on
     * loopback (RFC 8252 §7.3), or a private-use scheme in reverse-domain form for native apps (§7.1).
     */
    String redirectUriProblem(String value) {
        if (value == null || value.length() > 2048) {
            return "is too long";
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            return "is not a URI";
        }
        if (!uri.isAbsolute() || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            return "must be absolute, without fragment or user info";
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return uri.getHost() == null ? "has no host" : null;
        }
        if (scheme.equals("http")) {
            if (uri.getHost() == null) {
                return "has no host";
            }
            boolean loopback = LOOPBACK.contains(uri.getHost().toLowerCase(Locale.ROOT));
            return loopback || config.oidc().allowHttpRedirectUris() ? null : "must use https (plain http only on loopback)";
        }
        if (Set.of("javascript", "data", "file", "vbscript", "blob").contains(scheme) || !scheme.contains(".")) {
            return "must use https, loopback http or a reverse-domain private-use scheme";
        }
        return null;
    }

    private static List<String> distinct(List<String> values) {
        if (values.stream().anyMatch(value -> value == null || value.isBlank())) {
            throw ApiException.badRequest("E071013", "lists hold no empty values");
        }
        return new ArrayList<>(new LinkedHashSet<>(values));
    }
}
