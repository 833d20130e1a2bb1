package dev.gatehouse.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The start's classes loaded ahead of the main thread: only loaded, never initialised, and a stale list harms nothing. */
class ClassPreloaderTest {

    static boolean initialised;

    /** Its static initialiser would tell if the preloader ran it. */
    static final class Noisy {
        static {
            initialised = true;
        }
    }

    @Test
    void loadsTheListedClassesWithoutInitialisingThemAndSkipsWhatIsGone(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("META-INF/gatehouse"));
        Files.writeString(dir.resolve("META-INF/gatehouse/start-classes.txt"), """
                # written by ./gatehouse startup --write-start-classes
                dev.gatehouse.common.ClassPreloaderTest$Noisy
                dev.gatehouse.common.NoSuchClassAnyMore

                java.util.concurrent.ConcurrentSkipListMap
                """);
        try (URLClassLoader loader = new URLClassLoader(new URL[]{dir.toUri().toURL()}, getClass().getClassLoader())) {
            assertThat(ClassPreloader.preload(loader, "META-INF/gatehouse/start-classes.txt")).isEqualTo(2);
            assertThat(initialised).isFalse();
            assertThat(ClassPreloader.preload(loader, "META-INF/gatehouse/absent.txt")).isZero();
        }
    }
}
