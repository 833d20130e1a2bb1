package dev.gatehouse.ui.session;

import dev.gatehouse.ui.UiConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.NewCookie;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Binds a login to the browser that started it (login CSRF, design.md §6; OAuth 2.0 Security BCP §4.7.1).
 * Starting a login sets a short-lived HttpOnly cookie holding a random secret and puts its SHA-256 into the
 * callback URL that auth-service returns to. The callback exchanges a code only when the two match, so a code
 * obtained by an attacker for their own account cannot sign a victim's browser in.
 */
@ApplicationScoped
public class LoginBinding {

    public static final String COOKIE = "GH_LOGIN";
    /** Longer than a login transaction at auth-service, so a slow IdP does not outlive the binding. */
    private static final int MAX_AGE_SECONDS = 15 * 60;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    UiConfig config;

    /** A new binding: where auth-service must send the browser back, and the cookie that proves who started. */
    public Started start() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return new Started(config.callbackUrl() + "?login=" + digest(value), cookie(value, MAX_AGE_SECONDS));
    }

    /** True when the callback's {@code login} parameter is the digest of this browser's binding cookie. */
    public boolean matches(String cookieValue, String login) {
        if (cookieValue == null || cookieValue.isBlank() || login == null || login.isBlank()) {
            return false;
        }
        return MessageDigest.isEqual(digest(cookieValue).getBytes(StandardCharsets.US_ASCII),
                login.getBytes(StandardCharsets.US_ASCII));
    }

    /** Spent once the callback has run, whatever its outcome. */
    public NewCookie cleared() {
        return cookie("", 0);
    }

    private NewCookie cookie(String value, int maxAge) {
        return new NewCookie.Builder(COOKIE).value(value).path("/auth/callback").httpOnly(true)
                .secure(config.secureCookies()).sameSite(NewCookie.SameSite.LAX).maxAge(maxAge).build();
    }

    private static String digest(String value) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }

    public record Started(String redirectUrl, NewCookie cookie) {
    }
}
