package dev.gatehouse.auth.passwordless;

import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.common.AuthConfig;
import dev.gatehouse.common.Secrets;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * One-time codes (6 digits, 10 minutes, 5 attempts) and magic-link tokens (128 random bits, 15 minutes): single
 * use, stored as hashes, compared in constant time. A new code for an address voids the previous one.
 */
@ApplicationScoped
public class EmailChallenges {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    Clock clock;

    @Inject
    AuthConfig config;

    /** A challenge just created, with the secret that goes into the mail (never stored). */
    public record Issued(EmailChallenge challenge, String secret) {
    }

    @Transactional
    public Issued newCode(String email, String stepUpSessionId) {
        Instant now = Instant.now(clock);
        EmailChallenge.update("usedAt = ?1 where email = ?2 and kind = ?3 and usedAt is null", now, email, EmailChallenge.OTP);
        String code = String.format("%06d", RANDOM.nextInt(1_000_000));
        EmailChallenge challenge = challenge(EmailChallenge.OTP, email, stepUpSessionId, now, config.email().codeTtl());
        challenge.secretHash = codeHash(challenge.id, code);
        challenge.persist();
        return new Issued(challenge, code);
    }

    @Transactional
    public Issued newLink(String email, String stepUpSessionId) {
        Instant now = Instant.now(clock);
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        EmailChallenge challenge = challenge(EmailChallenge.MAGIC_LINK, email, stepUpSessionId, now, config.email().linkTtl());
        challenge.secretHash = Secrets.sha256(token);
        challenge.persist();
        return new Issued(challenge, token);
    }

    /**
     * The address's current code, used up when {@code code} is right. A wrong code counts an attempt, and the
     * last allowed attempt voids the challenge; both commit although the caller is refused.
     */
    @Transactional(dontRollbackOn = ApiException.class)
    public EmailChallenge useCode(String email, String code) {
        Instant now = Instant.now(clock);
        Optional<EmailChallenge> pending = EmailChallenge.<EmailChallenge>find(
                        "email = ?1 and kind = ?2 and usedAt is null and expiresAt > ?3 order by createdAt desc",
                        email, EmailChallenge.OTP, now)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
        if (pending.isEmpty()) {
            throw wrongCode();
        }
        EmailChallenge challenge = pending.get();
        challenge.attempts++;
        boolean right = code != null && code.matches("\\d{6}") && MessageDigest.isEqual(
                codeHash(challenge.id, code).getBytes(StandardCharsets.US_ASCII),
                challenge.secretHash.getBytes(StandardCharsets.US_ASCII));
        if (right || challenge.attempts >= config.email().codeAttempts()) {
            challenge.usedAt = now;
        }
        if (!right) {
            throw wrongCode();
        }
        return challenge;
    }

    /** The link's challenge, used up. Unknown, used and expired tokens are refused alike. */
    @Transactional(dontRollbackOn = ApiException.class)
    public EmailChallenge useLink(String token) {
        if (token == null || token.isBlank() || token.length() > 100) {
            throw ApiException.badRequest("E063003", "token is required");
        }
        Instant now = Instant.now(clock);
        EmailChallenge challenge = EmailChallenge.<EmailChallenge>find("secretHash", Secrets.sha256(token))
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
        if (challenge == null || !EmailChallenge.MAGIC_LINK.equals(challenge.kind) || challenge.usedAt != null
                || !now.isBefore(challenge.expiresAt)) {
            throw ApiException.unauthorized("E063004", "the link is unknown, already used or expired; ask for a new one");
        }
        challenge.usedAt = now;
        return challenge;
    }

    @Scheduled(every = "1h", delayed = "5m")
    @Transactional
    void purgeExpired() {
        EmailChallenge.delete("expiresAt < ?1", Instant.now(clock).minusSeconds(3600));
    }

    private EmailChallenge challenge(String kind, String email, String stepUpSessionId, Instant now, java.time.Duration ttl) {
        EmailChallenge challenge = new EmailChallenge();
        challenge.id = Secrets.newId("E");
        challenge.kind = kind;
        challenge.email = email;
        challenge.stepUpSessionId = stepUpSessionId;
        challenge.createdAt = now;
        challenge.expiresAt = now.plus(ttl);
        return challenge;
    }

    /** The code hashed with its challenge's id, so that one code's hash tells nothing about another challenge's. */
    private static String codeHash(String challengeId, String code) {
        return Secrets.sha256(challengeId + ":" + code);
    }

    private static ApiException wrongCode() {
        return ApiException.unauthorized("E063002", "the code is wrong or has expired; ask for a new one after 5 wrong tries");
    }
}
