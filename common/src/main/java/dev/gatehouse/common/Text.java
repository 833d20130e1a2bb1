package dev.gatehouse.common;

/** Small text shapes both services need: a bounded column's value, a base URL without its trailing slashes. */
public final class Text {

    private Text() {
    }

    /**
     * {@code value} cut to at most {@code max} chars, never between the two halves of a surrogate pair (a lone half
     * would be stored as '?'); null stays null.
     */
    public static String atMost(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max;
        return value.substring(0, end);
    }

    /**
     * {@code url} without the slashes it ends with (as {@code replaceAll("/+$", "")}, without a regular expression:
     * the token issuer is computed for every token).
     */
    public static String withoutTrailingSlashes(String url) {
        int end = url.length();
        while (end > 0 && url.charAt(end - 1) == '/') {
            end--;
        }
        return url.substring(0, end);
    }
}
