package dev.gatehouse.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the images start Java, read from {@code deploy/kubernetes/base/jvm.env}, the ConfigMap every Deployment reads:
 * the end-to-end tests and the benchmark start the services with it, so that what they measure is what is deployed.
 */
final class ImageJvm {

    /** The Deployments' memory limit (512Mi), which run-java.sh sizes the heap against. */
    private static final int MEMORY_LIMIT_MB = 512;

    private final Map<String, String> settings;

    private ImageJvm(Map<String, String> settings) {
        this.settings = settings;
    }

    /** Reads the file as kustomize does: {@code NAME=value} lines, comments and blank lines skipped. */
    static ImageJvm read(Path root) {
        Path file = root.resolve("deploy/kubernetes/base/jvm.env");
        Map<String, String> settings = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    int equals = line.indexOf('=');
                    settings.put(line.substring(0, equals), line.substring(equals + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the images' JVM settings", e);
        }
        return new ImageJvm(settings);
    }

    /**
     * The options run-java.sh gives Java inside the limit: a heap of at most JAVA_MAX_MEM_RATIO percent of it, starting
     * at 1/64 of it as the JVM chooses in a container (on this host it would start at the maximum), run-java.sh's own
     * heap-sizing defaults, then GC_CONTAINER_OPTIONS and JAVA_OPTS_APPEND.
     */
    String options() {
        int maxHeap = MEMORY_LIMIT_MB * Integer.parseInt(settings.get("JAVA_MAX_MEM_RATIO")) / 100;
        return "-Xms" + MEMORY_LIMIT_MB / 64 + "m -Xmx" + maxHeap + "m"
                + " -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:GCTimeRatio=4 -XX:AdaptiveSizePolicyWeight=90"
                + " -XX:+ExitOnOutOfMemoryError " + settings.get("GC_CONTAINER_OPTIONS") + " " + settings.get("JAVA_OPTS_APPEND");
    }

    /** What the process itself reads from its environment: glibc's MALLOC_ARENA_MAX. */
    Map<String, String> environment() {
        return Map.of("MALLOC_ARENA_MAX", settings.get("MALLOC_ARENA_MAX"));
    }
}
