package dev.gatehouse.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Temporary files of the test helpers (xmlsec1's inputs with the test IdP's key, a browser profile, dnsmasq's
 * configuration), removed when the helper is done with them: a full verify used to leave some 300 directories and
 * 100 MB in {@code /tmp}. Also what the end-to-end stack clears before it starts (PostgreSQL's and Keycloak's data).
 */
public final class Scratch {

    private Scratch() {
    }

    /** Removes {@code path} and all below it; what is already gone is fine, and a failure is only reported. */
    public static void delete(Path path) {
        if (path == null || !Files.exists(path)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not remove the temporary " + path + ": " + e.getMessage());
        }
    }
}
