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
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
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
    EntityManager em;

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
        TotpFactor factor = TotpFactor.<TotpFactor>findByIdOptional(userId, LockModeType.PESSIMISTIC_WRITE).orElseGet(TotpFactor::new);
        boolean fresh = factor.userId == null;
        factor.userId = userId;
        factor.secretSealed = sealer.seal(key);
        factor.lastStep = 0;
        factor.failedAttempts = 0;
        factor.lockedUntil = null;
        factor.createdAt = Instant.now(clock);
        if (fresh) {
            factor.persist();
        }
        em.createNativeQuery("delete from recovery_code where user_id = ?1").setParameter(1, userId).executeUpdate();
        List<String> recovery = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String code = recoveryCode();
            recovery.add(code);
            em.createNativeQuery("insert into recovery_code (user_id, code_hash) values (?1, ?2)")
                    .setParameter(1, userId).setParameter(2, Secrets.sha256(code)).executeUpdate();
        }
        String issuer = config.email().projectName();
        String url = "otpauth://totp/" + encode(issuer) + ":" + encode(loginId) + "?secret=" + key + "&issuer=" + encode(issuer)
                + "&algorithm=SHA1&digits=6&period=" + Totp.STEP_SECONDS;
        return new Enrolment(url, qrPng(url), key, recovery);
    }

    public boolean enrolled(String userId) {
        return TotpFactor.findById(userId) != null;
    }

    /**
     * Checks a code (or a recovery code) of the user. Wrong ones count towards a 15-minute lockout after five;
     * everything commits, also when the caller is refused.
     */
    @Transactional(dontRollbackOn = ApiException.class)
    public Outcome verify(String userId, String code) {
        TotpFactor factor = TotpFactor.findById(userId, LockModeType.PESSIMISTIC_WRITE);
        Instant now = Instant.now(clock);
        if (factor == null || code == null || code.length() > 20) {
            return Outcome.REFUSED;
        }
        if (factor.lockedUntil != null && now.isBefore(factor.lockedUntil)) {
            return Outcome.LOCKED;
        }
        String trimmed = code.trim().toLowerCase(java.util.Locale.ROOT);
        if (trimmed.matches("\\d{6}")) {
            long step = Totp.matchingStep(Totp.fromBase32(sealer.open(factor.secretSealed)), trimmed,
                    Totp.stepAt(now.getEpochSecond()), factor.lastStep);
            if (step > 0) {
                factor.lastStep = step;
                factor.failedAttempts = 0;
                return Outcome.ACCEPTED;
            }
        } else if (trimmed.matches("[a-z0-9]{4}-[a-z0-9]{4}")) {
            int used = em.createNativeQuery("update recovery_code set used_at = ?1 where user_id = ?2 and code_hash = ?3 and used_at is null")
                    .setParameter(1, now).setParameter(2, userId).setParameter(3, Secrets.sha256(trimmed)).executeUpdate();
            if (used == 1) {
                factor.failedAttempts = 0;
                return Outcome.RECOVERY_CODE;
            }
        }
        factor.failedAttempts++;
        if (factor.failedAttempts >= MAX_FAILURES) {
            factor.lockedUntil = now.plus(LOCKOUT);
            factor.failedAttempts = 0;
        }
        return Outcome.REFUSED;
    }

    /** Removes the user's factor and recovery codes (a tenant admin's reset, or the user's own). */
    @Transactional
    public boolean remove(String userId) {
        em.createNativeQuery("delete from recovery_code where user_id = ?1").setParameter(1, userId).executeUpdate();
        return TotpFactor.deleteById(userId);
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
