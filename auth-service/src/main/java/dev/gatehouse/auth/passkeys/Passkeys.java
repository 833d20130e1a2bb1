package dev.gatehouse.auth.passkeys;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecord;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.data.extension.authenticator.AuthenticationExtensionsAuthenticatorOutputs;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.verifier.exception.BadOriginException;
import com.webauthn4j.verifier.exception.MaliciousCounterValueException;
import com.webauthn4j.verifier.exception.VerificationException;
import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.common.AuthConfig;
import dev.gatehouse.common.Jdbc;
import dev.gatehouse.auth.tenants.AuditTrail;
import dev.gatehouse.auth.tenants.UserProfile;
import dev.gatehouse.common.Secrets;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Passkey ceremonies (WebAuthn Level 3) verified by webauthn4j: registration adds a credential to a signed-in user;
 * authentication proves one. User verification is required both times (a passkey is then a sign-in of its own and a
 * second factor); attestation is not asked for ({@code none}): we trust the user's choice of authenticator, not a
 * vendor list. Each challenge is random, bound to its ceremony, used once and void after
 * {@code gatehouse.passkeys.ceremony-ttl}; the client data's origin must be one of {@link RelyingParty#origins()}; a
 * signature counter that does not grow (a cloned authenticator) is refused and audited.
 */
@ApplicationScoped
public class Passkeys {

    private static final String PASSKEY_COLUMNS = "credential_id, user_id, attested_credential_data, sign_count, uv_initialized, "
            + "backup_eligible, backup_state, transports, created_at, last_used_at";
    private static final Logger LOG = Logger.getLogger(Passkeys.class);
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<PublicKeyCredentialParameters> ALGORITHMS = List.of(
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.ES256),
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.EdDSA),
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.RS256));

    private final WebAuthnManager webAuthn = WebAuthnManager.createNonStrictWebAuthnManager();
    private final AttestedCredentialDataConverter attestedData = new AttestedCredentialDataConverter(new ObjectConverter());

    @Inject
    RelyingParty relyingParty;

    @Inject
    AuthConfig config;

    @Inject
    AuditTrail audit;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    @Inject
    DataSource dataSource;

    /** A started ceremony: the wire's {@code transactionId} and {@code options} (a JSON string for the browser). */
    public record Started(String transactionId, String options) {
    }

    /** A proved passkey: whose it is. */
    public record Proved(String userId, String sessionId) {
    }

    public boolean any(String userId) {
        return Jdbc.queryOne(dataSource, "whether a user has passkeys", "select 1 from passkey where user_id = ? limit 1",
                select -> select.setString(1, userId), row -> true).isPresent();
    }

    public List<Passkey> of(String userId) {
        return Jdbc.queryAll(dataSource, "a user's passkeys", "select " + PASSKEY_COLUMNS
                + " from passkey where user_id = ? order by created_at", select -> select.setString(1, userId),
                Passkeys::passkey);
    }

    public long removeAll(String userId) {
        return QuarkusTransaction.requiringNew().call(() ->
                Jdbc.update(dataSource, "remove a user's passkeys", "delete from passkey where user_id = ?", userId));
    }

    /** Creation options for adding a passkey to this signed-in user (resident key, user verification required). */
    public Started startRegistration(UserProfile user, String sessionId) {
        PasskeyCeremony ceremony = newCeremony(PasskeyCeremony.REGISTER, user.email(), user.userId(), sessionId);
        ObjectNode publicKey = json.createObjectNode();
        publicKey.put("challenge", ceremony.challenge);
        publicKey.putObject("rp").put("id", relyingParty.id()).put("name", relyingParty.name());
        publicKey.putObject("user").put("id", userHandle(user.userId())).put("name", user.email())
                .put("displayName", user.name() == null ? user.email() : user.name());
        ArrayNode params = publicKey.putArray("pubKeyCredParams");
        ALGORITHMS.forEach(p -> params.addObject().put("type", "public-key").put("alg", p.getAlg().getValue()));
        publicKey.put("timeout", config.passkeys().ceremonyTtl().toMillis());
        publicKey.put("attestation", "none");
        publicKey.putObject("authenticatorSelection").put("residentKey", "required").put("requireResidentKey", true)
                .put("userVerification", "required");
        describe(publicKey.putArray("excludeCredentials"), of(user.userId()));
        return new Started(ceremony.id, options(publicKey));
    }

    /**
     * Request options for a sign-in: with a login id, that user's passkeys (none for an unknown login id: the
     * answer looks the same, and the ceremony cannot succeed); without one, any passkey of this site.
     */
    public Started startAuthentication(String loginId, String userId, String stepUpSessionId) {
        PasskeyCeremony ceremony = newCeremony(PasskeyCeremony.AUTHENTICATE, loginId, userId, stepUpSessionId);
        ObjectNode publicKey = json.createObjectNode();
        publicKey.put("challenge", ceremony.challenge);
        publicKey.put("rpId", relyingParty.id());
        publicKey.put("timeout", config.passkeys().ceremonyTtl().toMillis());
        publicKey.put("userVerification", "required");
        describe(publicKey.putArray("allowCredentials"), userId == null ? List.of() : of(userId));
        return new Started(ceremony.id, options(publicKey));
    }

    /** Verifies the browser's registration response and stores the passkey; the ceremony's session must be the caller's. */
    public Passkey finishRegistration(String transactionId, String response, String sessionId) {
        PasskeyCeremony ceremony = consume(transactionId, PasskeyCeremony.REGISTER);
        if (!ceremony.sessionId.equals(sessionId)) {
            throw refused("E065011", "this registration was started by another session");
        }
        RegistrationData data;
        try {
            data = webAuthn.verifyRegistrationResponseJSON(response, new RegistrationParameters(
                    serverProperty(ceremony), ALGORITHMS, true, true));
        } catch (VerificationException e) {
            audit.record("user:" + ceremony.userId, "passkey.register.failure", null, ceremony.userId, reason(e));
            throw refused("E065005", "the passkey could not be verified: " + reason(e));
        } catch (RuntimeException e) {
            throw ApiException.badRequest("E065004", "the registration response is not a WebAuthn registration ("
                    + e.getClass().getSimpleName() + ")");
        }
        AuthenticatorData<?> authenticatorData = data.getAttestationObject().getAuthenticatorData();
        AttestedCredentialData credential = authenticatorData.getAttestedCredentialData();
        Passkey passkey = new Passkey();
        passkey.credentialId = B64URL.encodeToString(credential.getCredentialId());
        passkey.userId = ceremony.userId;
        passkey.attestedCredentialData = attestedData.convert(credential);
        passkey.signCount = authenticatorData.getSignCount();
        passkey.uvInitialized = authenticatorData.isFlagUV();
        passkey.backupEligible = authenticatorData.isFlagBE();
        passkey.backupState = authenticatorData.isFlagBS();
        passkey.transports = data.getTransports() == null ? null
                : data.getTransports().stream().map(AuthenticatorTransport::getValue).sorted().collect(Collectors.joining(","));
        passkey.createdAt = Instant.now(clock);
        boolean stored = QuarkusTransaction.requiringNew().call(() -> Jdbc.update(dataSource, "store a passkey", """
                insert into passkey (credential_id, user_id, attested_credential_data, sign_count, uv_initialized,
                    backup_eligible, backup_state, transports, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (credential_id) do nothing""", passkey.credentialId, passkey.userId, passkey.attestedCredentialData,
                passkey.signCount, passkey.uvInitialized, passkey.backupEligible, passkey.backupState, passkey.transports,
                passkey.createdAt) == 1);
        if (!stored) {
            throw new ApiException(409, "E065006", "this passkey is already registered");
        }
        audit.record("user:" + passkey.userId, "passkey.add", null, passkey.userId, "passkey added (AAGUID "
                + credential.getAaguid() + ")");
        return passkey;
    }

    /**
     * Verifies the browser's assertion: the passkey must exist, belong to the user the ceremony named (if it named
     * one) and to the user handle the authenticator returned, and its signature counter must grow.
     */
    public Proved finishAuthentication(String transactionId, String response) {
        PasskeyCeremony ceremony = consume(transactionId, PasskeyCeremony.AUTHENTICATE);
        AuthenticationData data;
        try {
            data = webAuthn.parseAuthenticationResponseJSON(response);
        } catch (RuntimeException e) {
            throw ApiException.badRequest("E065004", "the response is not a WebAuthn assertion (" + e.getClass().getSimpleName() + ")");
        }
        if (data.getCredentialId() == null) {
            throw ApiException.badRequest("E065004", "the response is not a WebAuthn assertion (no credential id)");
        }
        String credentialId = B64URL.encodeToString(data.getCredentialId());
        Passkey passkey = Jdbc.queryOne(dataSource, "a passkey", "select " + PASSKEY_COLUMNS + " from passkey where credential_id = ?",
                select -> select.setString(1, credentialId), Passkeys::passkey).orElse(null);
        if (passkey == null || (ceremony.loginId != null && !passkey.userId.equals(ceremony.userId))
                || (data.getUserHandle() != null && !Arrays.equals(data.getUserHandle(), handleBytes(passkey.userId)))) {
            audit.record("unknown", "passkey.signin.failure", null, ceremony.userId,
                    passkey == null ? "unknown passkey" : "a passkey of another account");
            throw refused("E065002", "this passkey does not sign in this account");
        }
        AuthenticationData verified;
        try {
            verified = webAuthn.verify(data, new AuthenticationParameters(serverProperty(ceremony), record(passkey),
                    null, true, true));
        } catch (MaliciousCounterValueException e) {
            audit.record("user:" + passkey.userId, "passkey.counter-regressed", null, passkey.userId,
                    "signature counter did not grow (stored " + passkey.signCount + "): a cloned authenticator?");
            throw refused("E065007", "this passkey's signature counter went backwards; it may have been copied");
        } catch (VerificationException e) {
            audit.record("user:" + passkey.userId, "passkey.signin.failure", null, passkey.userId, reason(e));
            throw refused("E065002", "the passkey could not be verified: " + reason(e));
        }
        AuthenticatorData<?> authenticatorData = verified.getAuthenticatorData();
        Instant now = Instant.now(clock);
        QuarkusTransaction.requiringNew().run(() -> Jdbc.update(dataSource, "record a passkey's use",
                "update passkey set sign_count = ?, backup_state = ?, last_used_at = ? where credential_id = ?",
                authenticatorData.getSignCount(), authenticatorData.isFlagBS(), now, credentialId));
        return new Proved(passkey.userId, ceremony.sessionId);
    }

    @Scheduled(every = "10m", delayed = "3m")
    void forgetOldCeremonies() {
        Jdbc.update(dataSource, "forget old passkey ceremonies", "delete from passkey_ceremony where expires_at < ?",
                Instant.now(clock).minusSeconds(3600));
    }

    private PasskeyCeremony newCeremony(String kind, String loginId, String userId, String sessionId) {
        byte[] challenge = new byte[32];
        RANDOM.nextBytes(challenge);
        PasskeyCeremony ceremony = new PasskeyCeremony();
        ceremony.id = Secrets.newSecret();
        ceremony.kind = kind;
        ceremony.loginId = loginId;
        ceremony.userId = userId;
        ceremony.sessionId = sessionId;
        ceremony.challenge = B64URL.encodeToString(challenge);
        ceremony.createdAt = Instant.now(clock);
        ceremony.expiresAt = ceremony.createdAt.plus(config.passkeys().ceremonyTtl());
        QuarkusTransaction.requiringNew().run(() -> Jdbc.update(dataSource, "start a passkey ceremony", """
                insert into passkey_ceremony (id, kind, login_id, user_id, session_id, challenge, expires_at, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?)""", ceremony.id, ceremony.kind, ceremony.loginId, ceremony.userId,
                ceremony.sessionId, ceremony.challenge, ceremony.expiresAt, ceremony.createdAt));
        return ceremony;
    }

    /** The ceremony, marked used in its own transaction: a failed finish cannot be retried with the same challenge. */
    private PasskeyCeremony consume(String transactionId, String kind) {
        Instant now = Instant.now(clock);
        PasskeyCeremony ceremony = transactionId == null ? null : QuarkusTransaction.requiringNew().call(() ->
                Jdbc.write(dataSource, "claim a passkey ceremony", connection -> {
                    try (PreparedStatement claim = connection.prepareStatement("""
                            update passkey_ceremony set used_at = ?
                            where id = ? and kind = ? and used_at is null and expires_at > ?
                            returning id, kind, login_id, user_id, session_id, challenge, expires_at, used_at, created_at""")) {
                        Timestamp at = Timestamp.from(now);
                        claim.setTimestamp(1, at);
                        claim.setString(2, transactionId);
                        claim.setString(3, kind);
                        claim.setTimestamp(4, at);
                        try (ResultSet row = claim.executeQuery()) {
                            return row.next() ? ceremony(row) : null;
                        }
                    }
                }));
        if (ceremony == null) {
            throw refused("E065010", "unknown, used or expired transactionId: start again");
        }
        return ceremony;
    }

    private ServerProperty serverProperty(PasskeyCeremony ceremony) {
        Set<Origin> origins = relyingParty.origins().stream().map(Origin::new).collect(Collectors.toSet());
        return new ServerProperty(origins, relyingParty.id(), new DefaultChallenge(B64URL_DECODER.decode(ceremony.challenge)));
    }

    private CredentialRecord record(Passkey passkey) {
        Set<AuthenticatorTransport> transports = passkey.transports == null || passkey.transports.isEmpty() ? Set.of()
                : Arrays.stream(passkey.transports.split(",")).map(AuthenticatorTransport::create).collect(Collectors.toSet());
        return new CredentialRecordImpl(new NoneAttestationStatement(), passkey.uvInitialized, passkey.backupEligible,
                passkey.backupState, passkey.signCount, attestedData.convert(passkey.attestedCredentialData),
                new AuthenticationExtensionsAuthenticatorOutputs<>(), null, null, transports);
    }

    private void describe(ArrayNode list, List<Passkey> passkeys) {
        for (Passkey passkey : passkeys) {
            ObjectNode descriptor = list.addObject().put("type", "public-key").put("id", passkey.credentialId);
            if (passkey.transports != null && !passkey.transports.isEmpty()) {
                ArrayNode transports = descriptor.putArray("transports");
                Arrays.stream(passkey.transports.split(",")).forEach(transports::add);
            }
        }
    }

    private String options(ObjectNode publicKey) {
        ObjectNode options = json.createObjectNode();
        options.set("publicKey", publicKey);
        return options.toString();
    }

    /** The WebAuthn user handle: our opaque user id, never an email address (§14.6.1). */
    static String userHandle(String userId) {
        return B64URL.encodeToString(handleBytes(userId));
    }

    private static byte[] handleBytes(String userId) {
        return userId.getBytes(StandardCharsets.UTF_8);
    }

    private static String reason(VerificationException e) {
        if (e instanceof BadOriginException) {
            return "the page's origin is not one this site allows for passkeys";
        }
        String name = e.getClass().getSimpleName().replace("Exception", "");
        return name.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT)
                + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
    }

    private static ApiException refused(String code, String detail) {
        LOG.debugf("passkey ceremony refused: %s", detail);
        return ApiException.unauthorized(code, detail);
    }

    private static Passkey passkey(ResultSet row) throws SQLException {
        Passkey passkey = new Passkey();
        passkey.credentialId = row.getString(1);
        passkey.userId = row.getString(2);
        passkey.attestedCredentialData = row.getBytes(3);
        passkey.signCount = row.getLong(4);
        passkey.uvInitialized = row.getBoolean(5);
        passkey.backupEligible = row.getBoolean(6);
        passkey.backupState = row.getBoolean(7);
        passkey.transports = row.getString(8);
        passkey.createdAt = Jdbc.instant(row.getTimestamp(9));
        passkey.lastUsedAt = Jdbc.instant(row.getTimestamp(10));
        return passkey;
    }

    private static PasskeyCeremony ceremony(ResultSet row) throws SQLException {
        PasskeyCeremony ceremony = new PasskeyCeremony();
        ceremony.id = row.getString(1);
        ceremony.kind = row.getString(2);
        ceremony.loginId = row.getString(3);
        ceremony.userId = row.getString(4);
        ceremony.sessionId = row.getString(5);
        ceremony.challenge = row.getString(6);
        ceremony.expiresAt = Jdbc.instant(row.getTimestamp(7));
        ceremony.usedAt = Jdbc.instant(row.getTimestamp(8));
        ceremony.createdAt = Jdbc.instant(row.getTimestamp(9));
        return ceremony;
    }
}
