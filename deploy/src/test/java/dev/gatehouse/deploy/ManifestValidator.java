package dev.gatehouse.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Offline schema check of rendered manifests with the fabric8 Kubernetes model: every document must map
 * onto its typed model (a wrong type fails Jackson), leave nothing in {@code additionalProperties} (a
 * misspelled field would land there), and carry the fields the API server requires for the kinds we ship.
 * Custom resources (CloudNativePG) are only checked for apiVersion, kind and name.
 */
final class ManifestValidator {

    private ManifestValidator() {
    }

    static List<HasMetadata> parse(String multiDocumentYaml) {
        List<HasMetadata> resources = new ArrayList<>();
        for (String document : multiDocumentYaml.split("(?m)^---\\s*$")) {
            if (document.isBlank()) {
                continue;
            }
            Object parsed;
            try {
                parsed = Serialization.unmarshal(document);
            } catch (RuntimeException e) {
                throw new InvalidManifest("cannot be read as a Kubernetes object: " + rootCause(e));
            }
            if (!(parsed instanceof HasMetadata resource)) {
                throw new InvalidManifest("not a Kubernetes object: " + document.lines().findFirst().orElse(""));
            }
            resources.add(resource);
        }
        return resources;
    }

    static void validate(HasMetadata resource) {
        String where = resource.getKind() + "/" + (resource.getMetadata() == null ? "?" : resource.getMetadata().getName());
        require(resource.getMetadata() != null && resource.getMetadata().getName() != null, where, "metadata.name");
        if (resource instanceof GenericKubernetesResource) {
            return;
        }
        List<String> unknown = new ArrayList<>();
        findUnknownFields(resource, where, unknown, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        if (!unknown.isEmpty()) {
            throw new InvalidManifest("unknown fields (misspelled?): " + String.join(", ", unknown));
        }
        if (resource instanceof Deployment d) {
            require(d.getSpec() != null && d.getSpec().getSelector() != null, where, "spec.selector");
            podTemplate(d.getSpec().getTemplate(), where);
        } else if (resource instanceof StatefulSet s) {
            require(s.getSpec() != null && s.getSpec().getSelector() != null, where, "spec.selector");
            podTemplate(s.getSpec().getTemplate(), where);
        } else if (resource instanceof Service s) {
            require(s.getSpec() != null && s.getSpec().getPorts() != null
                    && s.getSpec().getPorts().stream().allMatch(p -> p.getPort() != null), where, "spec.ports[].port");
        } else if (resource instanceof Ingress i) {
            require(i.getSpec() != null && i.getSpec().getRules() != null && i.getSpec().getRules().stream()
                    .allMatch(r -> r.getHttp() != null && r.getHttp().getPaths().stream()
                            .allMatch(p -> p.getPathType() != null && p.getBackend() != null)),
                    where, "spec.rules[].http.paths[].pathType/backend");
        } else if (resource instanceof NetworkPolicy n) {
            require(n.getSpec() != null && n.getSpec().getPodSelector() != null, where, "spec.podSelector");
        } else if (resource instanceof HorizontalPodAutoscaler h) {
            require(h.getSpec() != null && h.getSpec().getScaleTargetRef() != null && h.getSpec().getMaxReplicas() != null,
                    where, "spec.scaleTargetRef and spec.maxReplicas");
        } else if (resource instanceof PodDisruptionBudget p) {
            require(p.getSpec() != null && p.getSpec().getSelector() != null, where, "spec.selector");
        }
    }

    private static void podTemplate(PodTemplateSpec template, String where) {
        require(template != null && template.getSpec() != null, where, "spec.template.spec");
        PodSpec pod = template.getSpec();
        require(pod.getContainers() != null && !pod.getContainers().isEmpty(), where, "spec.template.spec.containers");
        for (Container container : pod.getContainers()) {
            require(container.getName() != null, where, "containers[].name");
            require(container.getImage() != null, where, "containers[" + container.getName() + "].image");
        }
    }

    private static void require(boolean present, String where, String field) {
        if (!present) {
            throw new InvalidManifest(where + ": required field " + field + " is missing");
        }
    }

    /** Walks the typed model; fabric8 puts every field it does not know into additionalProperties. */
    private static void findUnknownFields(Object node, String path, List<String> unknown, Set<Object> seen) {
        if (node == null || !seen.add(node)) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                findUnknownFields(item, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> findUnknownFields(v, path + "." + k, unknown, seen));
            return;
        }
        if (!(node instanceof KubernetesResource)) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            try {
                Object value = getter.invoke(node);
                if (getter.getName().equals("getAdditionalProperties")) {
                    if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        extra.keySet().forEach(k -> unknown.add(path + "." + k));
                    }
                } else {
                    findUnknownFields(value, path + "." + decapitalize(getter.getName().substring(3)), unknown, seen);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static String decapitalize(String name) {
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage().lines().findFirst().orElse("");
    }

    static final class InvalidManifest extends RuntimeException {
        InvalidManifest(String message) {
            super(message);
        }
    }
}
