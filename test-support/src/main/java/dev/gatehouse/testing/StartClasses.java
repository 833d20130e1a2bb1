package dev.gatehouse.testing;

import dev.gatehouse.common.ClassPreloader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A service's start-class list ({@link ClassPreloader#LIST}), read as its tests see it: whether it still names
 * the service's own classes as they are. A class renamed or removed since the list was written means the list is
 * stale: the preloader then skips it, and the start quietly loses what the list was for.
 */
public final class StartClasses {

    private StartClasses() {
    }

    /**
     * Fails unless the list is one the service's start wrote (over 1,000 names, among them its {@code main} class,
     * which the preloader starts from) and still names only classes of ours that exist.
     */
    public static void requireCurrent(Class<?> main) {
        List<String> names = names();
        if (names.size() < 1000 || !names.contains(main.getName())) {
            throw new AssertionError(ClassPreloader.LIST + " is not a start's list (" + names.size() + " names, "
                    + main.getName() + (names.contains(main.getName()) ? " among them" : " not among them") + ")" + REWRITE);
        }
        List<String> gone = gone("dev.gatehouse.");
        if (!gone.isEmpty()) {
            throw new AssertionError("classes renamed or removed since the list was written: " + gone + REWRITE);
        }
    }

    private static final String REWRITE = "; ./gatehouse startup --write-start-classes rewrites it";

    /** Every class name the list holds, in order (none when it is missing). */
    private static List<String> names() {
        try {
            return ClassPreloader.names(StartClasses.class.getClassLoader(), ClassPreloader.LIST);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The top-level classes under {@code prefix} that the list names and that are gone. A nested class counts as its
     * top-level one, and so do the classes Quarkus generates for one: a bean {@code KeyRing_Bean}, a configuration
     * {@code AuthConfig$$CMImpl}, a resource method's invoker {@code SessionResource$quarkusrestinvoker$refresh}.
     */
    private static List<String> gone(String prefix) {
        ClassLoader loader = StartClasses.class.getClassLoader();
        return names().stream().filter(name -> name.startsWith(prefix)).map(StartClasses::generatedFor).distinct()
                .filter(name -> {
                    try {
                        Class.forName(name, false, loader);
                        return false;
                    } catch (ClassNotFoundException | LinkageError e) {
                        return true;
                    }
                }).toList();
    }

    private static String generatedFor(String name) {
        int nested = name.indexOf('$');
        String base = nested < 0 ? name : name.substring(0, nested);
        int simple = base.lastIndexOf('.') + 1;
        int suffix = base.indexOf('_', simple);
        return suffix < 0 ? base : base.substring(0, suffix);
    }
}
