package dev.gatehouse.tenant.scim;

/** Weak ETags from a resource's version ({@code W/"3"}); a stale {@code If-Match} is 412 and changes nothing. */
final class ScimEtag {

    private ScimEtag() {
    }

    static String of(int version) {
        return "W/\"" + version + "\"";
    }

    static void check(String ifMatch, int version) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return;
        }
        for (String tag : ifMatch.split(",")) {
            String t = tag.trim();
            if (t.equals(of(version)) || t.equals("\"" + version + "\"")) {
                return;
            }
        }
        throw new ScimError(412, null, "the resource changed since " + ifMatch + "; it is now " + of(version));
    }
}
