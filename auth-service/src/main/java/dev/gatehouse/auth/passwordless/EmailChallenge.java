package dev.gatehouse.auth.passwordless;

import java.time.Instant;

/**
 * A code or link mailed to an address, waiting to be used once (a row of {@code email_challenge},
 * {@link EmailChallenges}). Only a hash of the secret is stored.
 */
public class EmailChallenge {

    public static final String OTP = "otp";
    public static final String MAGIC_LINK = "magiclink";

    public String id;
    public String kind;
    public String email;
    public String secretHash;
    public int attempts;
    public String stepUpSessionId;
    public Instant createdAt;
    public Instant expiresAt;
    public Instant usedAt;
}
