package dev.gatehouse.ui.account;

import java.util.List;
import java.util.Map;

/** One session as a page lists it: auth-service's description in words, nothing secret. */
public record SessionRow(String id, String device, String address, String methods, String started, String lastActive,
                         boolean current) {

    @SuppressWarnings("unchecked")
    public static SessionRow of(Map<String, Object> session) {
        Object methods = session.get("methods");
        return new SessionRow(text(session.get("id")), device(text(session.get("userAgent"))),
                text(session.get("clientAddress")),
                methods instanceof List<?> list ? String.join(", ", (List<String>) list) : "",
                minute(text(session.get("createdAt"))),
                minute(text(session.get("lastRefreshAt") == null ? session.get("createdAt") : session.get("lastRefreshAt"))),
                Boolean.TRUE.equals(session.get("current")));
    }

    /** A browser name a person recognises, from a user agent; the raw string when none fits. */
    static String device(String agent) {
        if (agent == null || agent.isBlank()) {
            return "Unknown device";
        }
        String browser = agent.contains("Edg/") ? "Edge" : agent.contains("Chrome/") ? "Chrome"
                : agent.contains("Firefox/") ? "Firefox" : agent.contains("Safari/") ? "Safari" : null;
        String system = agent.contains("Windows") ? "Windows" : agent.contains("Android") ? "Android"
                : agent.contains("iPhone") || agent.contains("iPad") ? "iOS" : agent.contains("Mac OS") ? "macOS"
                : agent.contains("Linux") ? "Linux" : null;
        if (browser == null) {
            return agent.length() > 60 ? agent.substring(0, 60) + "…" : agent;
        }
        return system == null ? browser : browser + " on " + system;
    }

    private static String minute(String instant) {
        return instant == null || instant.length() < 16 ? "" : instant.substring(0, 16).replace('T', ' ') + " UTC";
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }
}
