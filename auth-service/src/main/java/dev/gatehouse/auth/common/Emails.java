package dev.gatehouse.auth.common;

import java.util.regex.Pattern;

/**
 * The two shapes of an email address auth-service checks before one goes anywhere (a query, a mail, a log line):
 * an address we send mail to, whose domain has a top-level part, and a login id or a home-realm hint, which is any
 * {@code local@domain} tenant-service may have stored, so that an odd but stored address still finds its user.
 */
public final class Emails {

    private static final String LOCAL_AT_DOMAIN = "[^\\s@\\p{Cntrl}]{1,64}@[^\\s@\\p{Cntrl}]{1,253}";
    private static final Pattern LOGIN_ID = Pattern.compile(LOCAL_AT_DOMAIN);
    private static final Pattern DELIVERABLE = Pattern.compile(LOCAL_AT_DOMAIN + "\\.[^\\s@\\p{Cntrl}.]{2,63}");

    /** RFC 5321's limit on a path, which bounds what we send and store. */
    private static final int MAX_LENGTH = 320;

    private Emails() {
    }

    /** An address a sign-in code, link or invitation may be mailed to. */
    public static boolean isDeliverable(String value) {
        return value != null && value.length() <= MAX_LENGTH && DELIVERABLE.matcher(value).matches();
    }

    /** Something that can be a stored login id or name a tenant's SSO domain. */
    public static boolean isLoginId(String value) {
        return value != null && LOGIN_ID.matcher(value).matches();
    }
}
