package dev.gatehouse.common;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Loads the classes a service's start is known to need, on a thread of its own, while the main thread starts the
 * service: on two cores the main thread is the start's critical path, and most of its time goes to loading classes.
 * The list is names only (one per line, in the order a start loaded them), so it works on any JVM; a name that is
 * gone or cannot be loaded is skipped, and the main thread loads whatever the list missed, as it always did. Nothing
 * is initialised here: no static initialiser runs on this thread.
 */
public final class ClassPreloader {

    /** The list in a service's jar, written by {@code ./gatehouse startup --write-start-classes}. */
    public static final String LIST = "META-INF/gatehouse/start-classes.txt";

    private ClassPreloader() {
    }

    /** Starts loading the classes named in {@link #LIST} (absent: nothing to do) with {@code loader}. */
    public static void start(ClassLoader loader) {
        if (!Boolean.parseBoolean(System.getProperty("dev.gatehouse.preload", "true"))) {
            return; // off while ./gatehouse startup --write-start-classes records what a start loads by itself
        }
        Thread thread = new Thread(() -> preload(loader, LIST), "class-preloader");
        thread.setDaemon(true);
        thread.start();
    }

    /** The class names {@code resource} lists, in order, without comments and blank lines; none when it is absent. */
    public static List<String> names(ClassLoader loader, String resource) throws IOException {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                return List.of();
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        }
    }

    static int preload(ClassLoader loader, String resource) {
        int loaded = 0;
        try {
            for (String name : names(loader, resource)) {
                try {
                    Class.forName(name, false, loader);
                    loaded++;
                } catch (ClassNotFoundException | LinkageError | SecurityException skipped) {
                    // gone since the list was written, or not loadable here: the main thread decides
                }
            }
        } catch (IOException | RuntimeException e) {
            // the list is an optimisation only
        }
        return loaded;
    }
}
