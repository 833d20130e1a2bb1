package dev.gatehouse.auth.common;

import dev.gatehouse.common.openapi.OpenApiDocument;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;

/** This service's OpenAPI document at /q/openapi, as its build wrote it (common's OpenApiDocument). */
public class OpenApiRoute {

    void serve(@Observes Router router) {
        OpenApiDocument.serve(router);
    }
}
