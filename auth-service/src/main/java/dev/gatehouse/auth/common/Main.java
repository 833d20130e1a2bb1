package dev.gatehouse.auth.common;

import dev.gatehouse.common.ClassPreloader;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/** The service's entry point: the classes its start needs are loaded on a second thread while Quarkus starts. */
@QuarkusMain
public class Main {

    public static void main(String... args) {
        ClassPreloader.start(Main.class.getClassLoader());
        Quarkus.run(args);
    }
}
