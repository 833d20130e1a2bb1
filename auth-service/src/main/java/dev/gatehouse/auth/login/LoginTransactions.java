package dev.gatehouse.auth.login;

import dev.gatehouse.auth.common.AuthConfig;
import dev.gatehouse.common.Secrets;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Logins in flight, in PostgreSQL so any replica can finish what another started. {@code state} and
 * {@code nonce} are single use (OAuth 2.0 Security BCP §4.7, OIDC Core §3.1.2.1); PKCE uses S256 (RFC 7636).
 */
@ApplicationScoped
public class LoginTransactions {

    @Inject
    Clock clock;

    @Inject
    AuthConfig config;

    @Transactional
    public Started start(String kind, String provider, String tenantId, String redirectUrl, boolean withSamlRequestId) {
        String state = Secrets.newSecret();
        LoginTransaction tx = new LoginTransaction();
        tx.stateHash = Secrets.sha256(state);
        tx.kind = kind;
        tx.provider = provider;
        tx.tenantId = tenantId;
        tx.redirectUrl = redirectUrl;
        tx.nonce = Secrets.newSecret();
        tx.codeVerifier = Secrets.newSecret() + Secrets.newSecret();
        // SAML IDs must be xsd:ID (NCName): start with a letter or underscore.
        tx.samlRequestId = withSamlRequestId ? "_" + Secrets.newId("r") : null;
        tx.createdAt = Instant.now(clock);
        tx.expiresAt = tx.createdAt.plus(config.login().transactionTtl());
        tx.persist();
        return new Started(state, tx);
    }

    /**
     * The transaction of this state, marked used. Empty when unknown, already used or expired: the caller
     * cannot tell these apart from outside, and must not proceed in any of them.
     */
    @Transactional
    public Optional<LoginTransaction> consume(String state) {
        return consume(state, tx -> true);
    }

    /**
     * As {@link #consume(String)}, but only a transaction that {@code belongsHere}: a response posted to the
     * wrong endpoint or tenant must not spend the login of the tenant it names.
     */
    @Transactional
    public Optional<LoginTransaction> consume(String state, Predicate<LoginTransaction> belongsHere) {
        if (state == null || state.isBlank() || state.length() > 200) {
            return Optional.empty();
        }
        LoginTransaction tx = LoginTransaction.findById(Secrets.sha256(state), LockModeType.PESSIMISTIC_WRITE);
        Instant now = Instant.now(clock);
        if (tx == null || tx.usedAt != null || !now.isBefore(tx.expiresAt) || !belongsHere.test(tx)) {
            return Optional.empty();
        }
        tx.usedAt = now;
        return Optional.of(tx);
    }

    /** Reads a transaction without consuming it, to know where to send the browser back with an error. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<LoginTransaction> peek(String state) {
        if (state == null || state.isBlank() || state.length() > 200) {
            return Optional.empty();
        }
        return LoginTransaction.findByIdOptional(Secrets.sha256(state));
    }

    @Scheduled(every = "10m", delayed = "2m")
    @Transactional
    void purgeExpired() {
        LoginTransaction.delete("expiresAt < ?1", Instant.now(clock).minusSeconds(3600));
    }

    /** RFC 7636 §4.2: BASE64URL(SHA256(verifier)). */
    public static String pkceChallenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public record Started(String state, LoginTransaction transaction) {
    }
}
