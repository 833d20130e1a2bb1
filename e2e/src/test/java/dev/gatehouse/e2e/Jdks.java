package dev.gatehouse.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** Keycloak 26 needs Java 21+; this machine kind keeps a newer JDK beside the default 17 under /usr/lib/jvm. */
final class Jdks {

    private Jdks() {
    }

    static String atLeast(int feature) {
        String configured = System.getenv("GATEHOUSE_E2E_JAVA_HOME");
        if (configured != null && version(Path.of(configured)).orElse(0) >= feature) {
            return configured;
        }
        try (Stream<Path> jdks = Files.list(Path.of("/usr/lib/jvm"))) {
            return jdks.filter(jdk -> version(jdk).orElse(0) >= feature)
                    .max(Comparator.comparing(jdk -> version(jdk).orElse(0)))
                    .map(Path::toString)
                    .orElseThrow(() -> new IllegalStateException("Keycloak needs a JDK " + feature
                            + " or newer: none under /usr/lib/jvm; install one or set GATEHOUSE_E2E_JAVA_HOME"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /usr/lib/jvm to find a JDK " + feature + "+", e);
        }
    }

    private static Optional<Integer> version(Path jdk) {
        Path release = jdk.resolve("release");
        if (!Files.isRegularFile(release) || !Files.isExecutable(jdk.resolve("bin/java"))) {
            return Optional.empty();
        }
        try {
            return Files.readAllLines(release).stream().filter(l -> l.startsWith("JAVA_VERSION="))
                    .map(l -> l.substring("JAVA_VERSION=\"".length()).split("[.\"]")[0])
                    .map(Integer::parseInt).findFirst();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
