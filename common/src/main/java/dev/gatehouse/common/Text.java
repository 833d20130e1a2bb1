package dev.gatehouse.common;

/** Text that goes into a bounded column or field. */
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
}
