package dev.gatehouse.auth.passwordless;

import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.common.AuthConfig;
import dev.gatehouse.common.Jdbc;
import dev.gatehouse.common.Secrets;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;

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

    @Inject
    DataSource dataSource;

    /** A challenge just created, with the secret that goes into the mail (never stored). */
    public record Issued(EmailChallenge challenge, String secret) {
    }

    @Transactional
    public Issued newCode(String email, String stepUpSessionId) {
        Instant now = Instant.now(clock);
        String code = String.format("%06d", RANDOM.nextInt(1_000_000));
        EmailChallenge challenge = challenge(EmailChallenge.OTP, email, stepUpSessionId, now, config.email().codeTtl());
        challenge.secretHash = codeHash(challenge.id, code);
        Jdbc.write(dataSource, "mail a code", connection -> {
            try (PreparedStatement voidPrevious = connection.prepareStatement(
                    "update email_challenge set used_at = ? where email = ? and kind = ? and used_at is null")) {
                voidPrevious.setTimestamp(1, Timestamp.from(now));
                voidPrevious.setString(2, email);
                voidPrevious.setString(3, EmailChallenge.OTP);
                voidPrevious.executeUpdate();
            }
            insert(connection, challenge);
            return null;
        });
        return new Issued(challenge, code);
    }

    public Issued newLink(String email, String stepUpSessionId) {
        Instant now = Instant.now(clock);
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        EmailChallenge challenge = challenge(EmailChallenge.MAGIC_LINK, email, stepUpSessionId, now, config.email().linkTtl());
        challenge.secretHash = Secrets.sha256(token);
        Jdbc.write(dataSource, "mail a link", connection -> {
            insert(connection, challenge);
            return null;
        });
        return new Issued(challenge, token);
    }

    /**
     * The address's current code, used up when {@code code} is right. A wrong code counts an attempt, and the
     * last allowed attempt voids the challenge; both commit although the caller is refused.
     */
    @Transactional(dontRollbackOn = ApiException.class)
    public EmailChallenge useCode(String email, String code) {
        Instant now = Instant.now(clock);
        return Jdbc.write(dataSource, "check a mailed code", connection -> {
            EmailChallenge challenge = lockedOne(connection, """
                    where email = ? and kind = ? and used_at is null and expires_at > ?
                    order by created_at desc limit 1""", email, EmailChallenge.OTP, now);
            if (challenge == null) {
                throw wrongCode();
            }
            challenge.attempts++;
            boolean right = code != null && code.matches("\\d{6}") && MessageDigest.isEqual(
                    codeHash(challenge.id, code).getBytes(StandardCharsets.US_ASCII),
                    challenge.secretHash.getBytes(StandardCharsets.US_ASCII));
            if (right || challenge.attempts >= config.email().codeAttempts()) {
                challenge.usedAt = now;
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "update email_challenge set attempts = ?, used_at = ? where id = ?")) {
                update.setInt(1, challenge.attempts);
                update.setTimestamp(2, challenge.usedAt == null ? null : Timestamp.from(challenge.usedAt));
                update.setString(3, challenge.id);
                update.executeUpdate();
            }
            if (!right) {
                throw wrongCode();
            }
            return challenge;
        });
    }

    /** The link's challenge, used up. Unknown, used and expired tokens are refused alike. */
    @Transactional(dontRollbackOn = ApiException.class)
    public EmailChallenge useLink(String token) {
        if (token == null || token.isBlank() || token.length() > 100) {
            throw ApiException.badRequest("E063003", "token is required");
        }
        Instant now = Instant.now(clock);
        return Jdbc.write(dataSource, "use a mailed link", connection -> {
            EmailChallenge challenge = lockedOne(connection, "where secret_hash = ?", Secrets.sha256(token));
            if (challenge == null || !EmailChallenge.MAGIC_LINK.equals(challenge.kind) || challenge.usedAt != null
                    || !now.isBefore(challenge.expiresAt)) {
                throw ApiException.unauthorized("E063004", "the link is unknown, already used or expired; ask for a new one");
            }
            try (PreparedStatement use = connection.prepareStatement("update email_challenge set used_at = ? where id = ?")) {
                use.setTimestamp(1, Timestamp.from(now));
                use.setString(2, challenge.id);
                use.executeUpdate();
            }
            challenge.usedAt = now;
            return challenge;
        });
    }

    @Scheduled(every = "1h", delayed = "5m")
    void purgeExpired() {
        Jdbc.update(dataSource, "purge expired mailed challenges", "delete from email_challenge where expires_at < ?",
                Instant.now(clock).minusSeconds(3600));
    }

    private static void insert(Connection connection, EmailChallenge challenge) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into email_challenge (id, kind, email, secret_hash, attempts, step_up_session_id, created_at, expires_at)
                values (?, ?, ?, ?, 0, ?, ?, ?)""")) {
            insert.setString(1, challenge.id);
            insert.setString(2, challenge.kind);
            insert.setString(3, challenge.email);
            insert.setString(4, challenge.secretHash);
            insert.setString(5, challenge.stepUpSessionId);
            insert.setTimestamp(6, Timestamp.from(challenge.createdAt));
            insert.setTimestamp(7, Timestamp.from(challenge.expiresAt));
            insert.executeUpdate();
        }
    }

    /** The first challenge {@code condition} selects, its row locked until the transaction ends; null when none. */
    private static EmailChallenge lockedOne(Connection connection, String condition, Object... values) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                select id, kind, email, secret_hash, attempts, step_up_session_id, created_at, expires_at, used_at
                from email_challenge\s""" + condition + " for update")) {
            for (int i = 0; i < values.length; i++) {
                select.setObject(i + 1, values[i] instanceof Instant instant ? Timestamp.from(instant) : values[i]);
            }
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                EmailChallenge challenge = new EmailChallenge();
                challenge.id = row.getString(1);
                challenge.kind = row.getString(2);
                challenge.email = row.getString(3);
                challenge.secretHash = row.getString(4);
                challenge.attempts = row.getInt(5);
                challenge.stepUpSessionId = row.getString(6);
                challenge.createdAt = Jdbc.instant(row.getTimestamp(7));
                challenge.expiresAt = Jdbc.instant(row.getTimestamp(8));
                challenge.usedAt = Jdbc.instant(row.getTimestamp(9));
                return challenge;
            }
        }
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
