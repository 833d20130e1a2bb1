package dev.gatehouse.tenant.audit;

import java.util.List;
import java.util.Locale;

/**
 * What a failed sign-in's reason means for the admin who set up the IdP, and what to change there. The reasons are
 * the short, stable ones auth-service and provisioning write to the audit log; the first rule that matches wins.
 */
final class SignInAdvice {

    record Advice(String plainWords, String whatToChange) {
    }

    private record Rule(List<String> all, Advice advice) {
        boolean matches(String reason) {
            return all.stream().allMatch(reason::contains);
        }
    }

    private static final List<Rule> RULES = List.of(
            rule("The IdP signed the answer with an algorithm we refuse as weak (such as RSA-SHA1).",
                    "In the IdP's SAML application, set the signature algorithm to RSA-SHA256.", "signature algorithm", "not allowed"),
            rule("The IdP used a digest algorithm we refuse as weak (such as SHA-1).",
                    "In the IdP's SAML application, set the digest algorithm to SHA-256.", "digest algorithm"),
            rule("The answer was meant for another service provider: its audience is not our SP entity ID.",
                    "Set the IdP's Audience URI (SP Entity ID) to the SP entity ID shown on the SSO page.", "audience"),
            rule("The answer was sent to another address than our ACS URL.",
                    "Set the IdP's Single sign-on URL (ACS URL, Recipient, Destination) to the ACS URL shown on the SSO page.",
                    "acs url"),
            rule("The answer was sent to another address than our ACS URL.",
                    "Set the IdP's Single sign-on URL (ACS URL, Recipient, Destination) to the ACS URL shown on the SSO page.",
                    "destination"),
            rule("The answer was sent to another address than our ACS URL.",
                    "Set the IdP's Single sign-on URL (ACS URL, Recipient, Destination) to the ACS URL shown on the SSO page.",
                    "recipient"),
            rule("The signature does not match the IdP certificate we have (the IdP may have rotated its certificate).",
                    "Upload the IdP's current metadata (or its current signing certificate) on the SSO page.",
                    "does not verify with the tenant's certificates"),
            rule("We have no usable certificate of the IdP.",
                    "Upload the IdP's metadata or signing certificate on the SSO page.", "certificate"),
            rule("Neither the answer nor the assertion in it was signed.",
                    "Turn on signing of the assertion (or of the whole response) in the IdP's SAML application.", "is signed"),
            rule("The answer named another IdP than the one this tenant trusts.",
                    "Upload the metadata of the IdP you sign in with; its entity ID must match the answers' Issuer.", "issuer"),
            rule("The answer arrived outside its validity window: the IdP's clock is off, or the sign-in took too long.",
                    "Check the IdP server's clock (NTP), then start the sign-in again.", "expired"),
            rule("The answer arrived outside its validity window: the IdP's clock is off, or the sign-in took too long.",
                    "Check the IdP server's clock (NTP), then start the sign-in again.", "not yet valid"),
            rule("The same answer arrived twice (a browser's back button, or a replay).",
                    "Nothing to change at the IdP; start the sign-in again from the application.", "replay"),
            rule("The sign-in was started at the IdP (IdP-initiated) or had expired, and only sign-ins started here are accepted.",
                    "Start the sign-in from the application's sign-in page.", "unsolicited"),
            rule("This tenant requires encrypted assertions and the IdP sent a plain one.",
                    "Turn on assertion encryption in the IdP with the SP certificate shown on the SSO page.", "requires encrypted"),
            rule("The IdP encrypted with AES-CBC, which this tenant does not accept.",
                    "Set the IdP's encryption to AES-GCM (or allow CBC on the SSO page if the IdP cannot).", "aes-cbc"),
            rule("The assertion could not be decrypted with our SP key.",
                    "Give the IdP the SP encryption certificate currently shown on the SSO page.", "could not be decrypted"),
            rule("The IdP answered with an error status instead of signing the user in (often: the user is not assigned to the application).",
                    "At the IdP, assign the user (or their group) to the Gatehouse application.", "idp status"),
            rule("The user or the IdP refused or cancelled the sign-in.",
                    "At the IdP, check that the user is assigned to the application and consented.", "access_denied"),
            rule("The IdP's answer was not a readable SAML response.",
                    "Check that the IdP posts a SAML 2.0 response to the ACS URL (HTTP-POST binding).", "parsed"),
            rule("The IdP's answer was not a readable SAML response.",
                    "Check that the IdP posts a SAML 2.0 response to the ACS URL (HTTP-POST binding).", "base64"),
            rule("The user is disabled in Gatehouse.",
                    "Nothing to change at the IdP; a project admin can enable the user.", "disabled"),
            rule("The tenant's SSO connection changed while this sign-in was under way.",
                    "Nothing to change; start the sign-in again.", "current sso connection"),
            rule("Addresses of this tenant's domains must sign in through its SSO.",
                    "Use the company sign-in (SSO); to allow other methods, turn off \"SSO required\".", "requires sso"),
            rule("The IdP's ID token did not pass our checks.",
                    "Check the OIDC connection's issuer, client id and that the IdP signs ID tokens with RS256 or ES256.",
                    "id token"));

    private static final Advice UNKNOWN = new Advice("The sign-in was refused.",
            "Compare the IdP's settings with the values on the SSO page; the reason above names the check that failed.");

    private SignInAdvice() {
    }

    static Advice forReason(String reason) {
        if (reason == null || reason.isBlank()) {
            return UNKNOWN;
        }
        String lower = reason.toLowerCase(Locale.ROOT);
        return RULES.stream().filter(r -> r.matches(lower)).map(Rule::advice).findFirst().orElse(UNKNOWN);
    }

    private static Rule rule(String plainWords, String whatToChange, String... all) {
        return new Rule(List.of(all), new Advice(plainWords, whatToChange));
    }
}
