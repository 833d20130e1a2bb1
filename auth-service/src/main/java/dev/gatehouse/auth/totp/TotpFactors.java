package dev.gatehouse.auth.totp;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import dev.gatehouse.auth.common.ApiException;
import dev.gatehouse.auth.common.AuthConfig;
import dev.gatehouse.common.Sealer;
import dev.gatehouse.common.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import dev.gatehouse.common.Jdbc;
import jakarta.transaction.Transactional;

import javax.imageio.ImageIO;
import javax.sql.DataSource;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * TOTP factors: enrolment (a new secret, its otpauth URL and QR code, ten recovery codes, shown once), and
 * verification with replay protection (each time step once) and a lockout after repeated wrong codes.
 */
@ApplicationScoped
public class TotpFactors {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
    private static final int MAX_FAILURES = 5;
    private static final Duration LOCKOUT = Duration.ofMinutes(15);

    @Inject
    Sealer sealer;

    @Inject
    AuthConfig config;

    @Inject
    Clock clock;

    @Inject
    DataSource dataSource;

    /** What enrolment shows the user once (the Descope shape, plus the recovery codes). */
    public record Enrolment(String provisioningURL, String image, String key, List<String> recoveryCodes) {
    }

    public enum Outcome { ACCEPTED, RECOVERY_CODE, REFUSED, LOCKED }

    /** A new secret for the user (replacing any previous one, and its recovery codes). */
    @Transactional
    public Enrolment enrol(String userId, String loginId) {
        byte[] secret = new byte[20];
        RANDOM.nextBytes(secret);
        String key = Totp.base32(secret);
        List<String> recovery = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            recovery.add(recoveryCode());
        }
        Jdbc.write(dataSource, "enrol a TOTP factor", connection -> {
            try (PreparedStatement factor = connection.prepareStatement("""
                    insert into totp_factor (user_id, secret_sealed, last_step, failed_attempts, locked_until, created_at)
                    values (?, ?, 0, 0, null, ?)
                    on conflict (user_id) do update set secret_sealed = excluded.secret_sealed, last_step = 0,
                        failed_attempts = 0, locked_until = null, created_at = excluded.created_at""")) {
                factor.setString(1, userId);
                factor.setString(2, sealer.seal(key));
                factor.setTimestamp(3, Timestamp.from(Instant.now(clock)));
                factor.executeUpdate();
            }
            deleteRecoveryCodes(connection, userId);
            try (PreparedStatement codes = connection.prepareStatement(
                    "insert into recovery_code (user_id, code_hash) values (?, ?)")) {
                for (String code : recovery) {
                    codes.setString(1, userId);
                    codes.setString(2, Secrets.sha256(code));
                    codes.addBatch();
                }
                codes.executeBatch();
            }
            return null;
        });
        String issuer = config.email().projectName();
        String url = "otpauth://totp/" + encode(issuer) + ":" + encode(loginId) + "?secret=" + key + "&issuer=" + encode(issuer)
                + "&algorithm=SHA1&digits=6&period=" + Totp.STEP_SECONDS;
        return new Enrolment(url, qrPng(url), key, recovery);
    }

    public boolean enrolled(String userId) {
        return Jdbc.queryOne(dataSource, "a TOTP factor", "select 1 from totp_factor where user_id = ?",
                select -> select.setString(1, userId), row -> true).isPresent();
    }

    /**
     * Checks a code (or a recovery code) of the user. Wrong ones count towards a 15-minute lockout after five;
     * everything commits, also when the caller is refused.
     */
    @Transactional(dontRollbackOn = ApiException.class)
    public Outcome verify(String userId, String code) {
        Instant now = Instant.now(clock);
        return Jdbc.write(dataSource, "check a TOTP code", connection -> {
            Factor factor = locked(connection, userId);
            if (factor == null || code == null || code.length() > 20) {
                return Outcome.REFUSED;
            }
            if (factor.lockedUntil() != null && now.isBefore(factor.lockedUntil())) {
                return Outcome.LOCKED;
            }
            String trimmed = code.trim().toLowerCase(java.util.Locale.ROOT);
            if (trimmed.matches("\\d{6}")) {
                long step = Totp.matchingStep(Totp.fromBase32(sealer.open(factor.secretSealed())), trimmed,
                        Totp.stepAt(now.getEpochSecond()), factor.lastStep());
                if (step > 0) {
                    save(connection, userId, step, 0, factor.lockedUntil());
                    return Outcome.ACCEPTED;
                }
            } else if (trimmed.matches("[a-z0-9]{4}-[a-z0-9]{4}") && useRecoveryCode(connection, userId, trimmed, now)) {
                save(connection, userId, factor.lastStep(), 0, factor.lockedUntil());
                return Outcome.RECOVERY_CODE;
            }
            int failures = factor.failedAttempts() + 1;
            if (failures >= MAX_FAILURES) {
                save(connection, userId, factor.lastStep(), 0, now.plus(LOCKOUT));
            } else {
                save(connection, userId, factor.lastStep(), failures, factor.lockedUntil());
            }
            return Outcome.REFUSED;
        });
    }

    /** Removes the user's factor and recovery codes (a tenant admin's reset, or the user's own). */
    @Transactional
    public boolean remove(String userId) {
        return Jdbc.write(dataSource, "remove a TOTP factor", connection -> {
            deleteRecoveryCodes(connection, userId);
            try (PreparedStatement delete = connection.prepareStatement("delete from totp_factor where user_id = ?")) {
                delete.setString(1, userId);
                return delete.executeUpdate() == 1;
            }
        });
    }

    /** A user's factor as stored: the sealed secret, the last time step accepted (replay), the lockout's state. */
    private record Factor(String secretSealed, long lastStep, int failedAttempts, Instant lockedUntil) {
    }

    /** The user's factor, its row locked until the transaction ends; null when there is none. */
    private static Factor locked(Connection connection, String userId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                select secret_sealed, last_step, failed_attempts, locked_until from totp_factor where user_id = ?
                for update""")) {
            select.setString(1, userId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? new Factor(row.getString(1), row.getLong(2), row.getInt(3),
                        Jdbc.instant(row.getTimestamp(4))) : null;
            }
        }
    }

    private static void save(Connection connection, String userId, long lastStep, int failedAttempts, Instant lockedUntil)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "update totp_factor set last_step = ?, failed_attempts = ?, locked_until = ? where user_id = ?")) {
            update.setLong(1, lastStep);
            update.setInt(2, failedAttempts);
            update.setTimestamp(3, lockedUntil == null ? null : Timestamp.from(lockedUntil));
            update.setString(4, userId);
            update.executeUpdate();
        }
    }

    /** Spends one unused recovery code of the user; false when it is none of theirs or was used. */
    private static boolean useRecoveryCode(Connection connection, String userId, String code, Instant now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "update recovery_code set used_at = ? where user_id = ? and code_hash = ? and used_at is null")) {
            update.setTimestamp(1, Timestamp.from(now));
            update.setString(2, userId);
            update.setString(3, Secrets.sha256(code));
            return update.executeUpdate() == 1;
        }
    }

    private static void deleteRecoveryCodes(Connection connection, String userId) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("delete from recovery_code where user_id = ?")) {
            delete.setString(1, userId);
            delete.executeUpdate();
        }
    }

    private static String recoveryCode() {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == 4) {
                code.append('-');
            }
            code.append(RECOVERY_ALPHABET.charAt(RANDOM.nextInt(RECOVERY_ALPHABET.length())));
        }
        return code.toString();
    }

    private static String qrPng(String url) {
        try {
            BitMatrix matrix = new QRCodeWriter().encode(url, BarcodeFormat.QR_CODE, 240, 240);
            BufferedImage image = new BufferedImage(matrix.getWidth(), matrix.getHeight(), BufferedImage.TYPE_BYTE_BINARY);
            for (int x = 0; x < matrix.getWidth(); x++) {
                for (int y = 0; y < matrix.getHeight(); y++) {
                    image.setRGB(x, y, matrix.get(x, y) ? 0x000000 : 0xffffff);
                }
            }
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(image, "png", png);
            return Base64.getEncoder().encodeToString(png.toByteArray());
        } catch (WriterException e) {
            throw new IllegalStateException("the otpauth URL does not fit a QR code", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
