package dev.gatehouse.auth.oauth;

import java.util.regex.Pattern;

/**
 * Microsoft's multi-tenant endpoints ({@code /common}, {@code /organizations}, {@code /consumers}) publish an
 * issuer template, {@code https://login.microsoftonline.com/{tenantid}/v2.0}; each ID token's {@code iss} must
 * be that template filled with the token's own {@code tid}, a GUID (Microsoft identity platform docs,
 * "Validate the issuer").
 */
final class MicrosoftIssuer {

    static final String PLACEHOLDER = "{tenantid}";
    private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}");
    private static final Pattern MULTI_TENANT = Pattern.compile("https://login\\.microsoftonline\\.com/(common|organizations|consumers)/v2\\.0/?");

    private MicrosoftIssuer() {
    }

    /** Whether a discovery document's templated issuer is acceptable for the configured issuer. */
    static boolean acceptsTemplate(String configuredIssuer, String declaredIssuer) {
        return MULTI_TENANT.matcher(configuredIssuer).matches()
                && "https://login.microsoftonline.com/{tenantid}/v2.0".equals(declaredIssuer);
    }

    static boolean isTemplate(String issuer) {
        return issuer.contains(PLACEHOLDER);
    }

    /** Whether {@code iss} is the template filled with the token's own tenant id. */
    static boolean matches(String template, String iss, String tid) {
        return tid != null && GUID.matcher(tid).matches() && template.replace(PLACEHOLDER, tid).equals(iss);
    }
}
