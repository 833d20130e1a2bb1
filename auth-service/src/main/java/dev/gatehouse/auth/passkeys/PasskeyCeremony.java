package dev.gatehouse.auth.passkeys;

import java.time.Instant;

/** One registration or authentication ceremony (the wire's {@code transactionId}): its challenge, used once. */
public class PasskeyCeremony {

    static final String REGISTER = "register";
    static final String AUTHENTICATE = "authenticate";

    public String id;
    public String kind;
    /** The login id a sign-in named; null for a sign-in that lets the browser offer any passkey of this site. */
    public String loginId;
    /** The user it is for: the registering user, or the one the login id named (null when it named nobody). */
    public String userId;
    /** Registration and step-up: the signed-in session it belongs to. */
    public String sessionId;
    /** base64url. */
    public String challenge;
    public Instant expiresAt;
    public Instant usedAt;
    public Instant createdAt;
}
