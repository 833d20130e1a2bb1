package dev.gatehouse.common.openapi;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A service's OpenAPI document at {@code /q/openapi}, as SmallRye OpenAPI's Maven plugin wrote it when the service was
 * built ({@code META-INF/openapi/} in its jar, the parent pom's {@code smallrye-open-api-maven-plugin}): nothing is
 * scanned, parsed or serialised while the service starts, where the runtime extension did all three before the
 * service was ready (issue #14). YAML unless the request asks for JSON ({@code ?format=json}, or
 * {@code Accept: application/json}), as Quarkus' endpoint answered; {@code /q/openapi.json} and {@code .yaml} name it.
 */
public final class OpenApiDocument {

    private static final String PATH = "/q/openapi";
    private static final String JSON = "application/json;charset=UTF-8";
    private static final String YAML = "application/yaml;charset=UTF-8";

    private OpenApiDocument() {
    }

    /** Adds the document's routes; fails the start when the build wrote no document. */
    public static void serve(Router router) {
        Buffer json = read("openapi.json");
        Buffer yaml = read("openapi.yaml");
        route(router, PATH).handler(rc -> {
            boolean asJson = wantsJson(rc);
            answer(rc, asJson ? JSON : YAML, asJson ? json : yaml);
        });
        route(router, PATH + ".json").handler(rc -> answer(rc, JSON, json));
        route(router, PATH + ".yaml").handler(rc -> answer(rc, YAML, yaml));
        route(router, PATH + ".yml").handler(rc -> answer(rc, YAML, yaml));
    }

    private static Route route(Router router, String path) {
        return router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD);
    }

    private static boolean wantsJson(RoutingContext rc) {
        String format = rc.request().getParam("format");
        if (format != null) {
            return format.equalsIgnoreCase("json");
        }
        String accept = rc.request().getHeader("Accept");
        return accept != null && accept.contains("application/json");
    }

    private static void answer(RoutingContext rc, String contentType, Buffer document) {
        rc.response().putHeader("Content-Type", contentType).end(document);
    }

    private static Buffer read(String name) {
        String resource = "META-INF/openapi/" + name;
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing: the build's smallrye-open-api-maven-plugin writes it");
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
