package dev.gatehouse.auth.passkeys;

import java.time.Instant;

/** A user's passkey: its public key (in the attested credential data), signature counter and backup flags. */
public class Passkey {

    /** base64url of the credential id. */
    public String credentialId;
    public String userId;
    public byte[] attestedCredentialData;
    public long signCount;
    public boolean uvInitialized;
    public boolean backupEligible;
    public boolean backupState;
    /** Comma-separated WebAuthn transports ({@code internal}, {@code hybrid}, {@code usb}, …), hints for the browser. */
    public String transports;
    public Instant createdAt;
    public Instant lastUsedAt;
}
