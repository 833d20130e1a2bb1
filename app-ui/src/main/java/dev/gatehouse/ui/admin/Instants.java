package dev.gatehouse.ui.admin;

/** How the admin pages show an ISO instant from the APIs: {@code 2026-12-02 10:00:00Z}, or a dash for none. */
final class Instants {

    private Instants() {
    }

    static String shown(String instant) {
        return instant == null ? "—" : instant.replace('T', ' ').replaceFirst("(:\\d\\d)(\\.\\d+)?Z$", "$1Z");
    }
}
