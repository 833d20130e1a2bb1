package dev.gatehouse.tenant.tenants;

import dev.gatehouse.tenant.common.ApiException;

import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

/** Normalises and validates the DNS names that route home-realm discovery. */
public final class DomainNames {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private DomainNames() {
    }

    /** Lower-cased ASCII (punycode) form of a domain, or a 400 that says what is wrong with it. */
    public static String normalise(String input) {
        if (input == null || input.isBlank()) {
            throw ApiException.badRequest("domain must not be empty");
        }
        String domain = input.trim();
        if (domain.endsWith(".")) {
            domain = domain.substring(0, domain.length() - 1);
        }
        try {
            domain = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("'" + input + "' is not a valid domain name");
        }
        String[] labels = domain.split("\\.", -1);
        if (domain.length() > 253 || labels.length < 2) {
            throw ApiException.badRequest("'" + input + "' is not a valid domain name: it needs at least two labels, such as acme.com");
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw ApiException.badRequest("'" + input + "' is not a valid domain name");
            }
        }
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            throw ApiException.badRequest("'" + input + "' is an IP address, not a domain name");
        }
        return domain;
    }

    /** The domain part of an email address, normalised. */
    public static String ofEmail(String email) {
        int at = email == null ? -1 : email.lastIndexOf('@');
        if (at <= 0 || at == email.length() - 1) {
            throw ApiException.badRequest("'" + email + "' is not an email address");
        }
        return normalise(email.substring(at + 1));
    }
}
