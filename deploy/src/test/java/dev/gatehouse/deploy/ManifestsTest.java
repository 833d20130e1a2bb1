package dev.gatehouse.deploy;

import dev.gatehouse.testing.RequiredTool;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Renders every overlay with kubectl kustomize and checks the result offline. */
class ManifestsTest {

    private static final Set<String> SERVICES = Set.of("auth-service", "tenant-service", "app-ui");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyOverlayRendersAndEveryObjectIsValid(String overlay) {
        List<HasMetadata> resources = render(overlay);
        assertThat(resources).isNotEmpty();
        resources.forEach(ManifestValidator::validate);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyPodIsHardenedAndProbed(String overlay) {
        List<HasMetadata> resources = render(overlay);
        // Generated from jvm.env, its name suffixed with a hash of the content.
        Map<String, String> jvm = resources.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
                .filter(c -> c.getMetadata().getName().startsWith("gatehouse-jvm-")).findFirst().orElseThrow().getData();
        assertThat(jvm).containsKeys("JAVA_MAX_MEM_RATIO", "GC_CONTAINER_OPTIONS", "JAVA_OPTS_APPEND", "MALLOC_ARENA_MAX");
        for (HasMetadata resource : resources) {
            PodSpec pod = resource instanceof Deployment d ? d.getSpec().getTemplate().getSpec()
                    : resource instanceof StatefulSet s ? s.getSpec().getTemplate().getSpec() : null;
            if (pod == null) {
                continue;
            }
            String name = resource.getMetadata().getName();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name + " runAsNonRoot").isTrue();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).as(name + " seccomp").isEqualTo("RuntimeDefault");
            for (Container container : pod.getContainers()) {
                var security = container.getSecurityContext();
                assertThat(security.getAllowPrivilegeEscalation()).as(name + " allowPrivilegeEscalation").isFalse();
                assertThat(security.getReadOnlyRootFilesystem()).as(name + " readOnlyRootFilesystem").isTrue();
                assertThat(security.getCapabilities().getDrop()).as(name + " capabilities").containsExactly("ALL");
                assertThat(container.getResources().getRequests()).as(name + " requests").containsKeys("cpu", "memory");
                assertThat(container.getResources().getLimits()).as(name + " limits").containsKeys("cpu", "memory");
                assertThat(container.getVolumeMounts()).as(name + " /tmp").anyMatch(m -> m.getMountPath().equals("/tmp"));
                assertThat(container.getReadinessProbe()).as(name + " readiness").isNotNull();
                assertThat(container.getLivenessProbe()).as(name + " liveness").isNotNull();
                if (SERVICES.contains(name)) {
                    assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/started");
                    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
                    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
                    assertThat(resource.getMetadata().getName()).isIn(SERVICES);
                    assertThat(((Deployment) resource).getSpec().getTemplate().getMetadata().getAnnotations())
                            .containsEntry("prometheus.io/scrape", "true").containsEntry("prometheus.io/path", "/q/metrics");
                    assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThanOrEqualTo(25L);
                    assertThat(pod.getEnableServiceLinks()).as(name + " service links").isFalse();
                    Map<String, String> environment = environment(container, resources);
                    // jvm.env, which the benchmark and the end-to-end tests start the services with, unchanged.
                    assertThat(environment).as(name + " JVM settings (what the benchmark measured)").containsAllEntriesOf(jvm);
                    assertThat(heapLeavesRoomForTheRestOfTheJvm(container, environment)).as(name + " heap and memory limit").isTrue();
                }
            }
        }
    }

    /**
     * The image's run-java.sh sizes the heap as {@code JAVA_MAX_MEM_RATIO} percent of the memory limit (80 unless told).
     * Beside the heap a service needs about 150 MB (metaspace, code cache, symbols, class-data archive, threads; Native
     * Memory Tracking in docs/performance.md, "Memory"); heap plus 200 MB, for a margin, must stay under the limit, or
     * the kernel kills the pod under load.
     */
    private static boolean heapLeavesRoomForTheRestOfTheJvm(Container container, Map<String, String> environment) {
        long limit = Quantity.getAmountInBytes(container.getResources().getLimits().get("memory")).longValueExact();
        int ratio = Integer.parseInt(environment.getOrDefault("JAVA_MAX_MEM_RATIO", "80"));
        long restOfTheJvm = 200L << 20;
        return limit * ratio / 100 + restOfTheJvm <= limit;
    }

    /**
     * The variables a container starts with: its ConfigMaps' ({@code envFrom}, in order), then its own {@code env},
     * which wins; values from Secrets are left out.
     */
    private static Map<String, String> environment(Container container, List<HasMetadata> resources) {
        Map<String, String> environment = new HashMap<>();
        for (var source : container.getEnvFrom()) {
            if (source.getConfigMapRef() != null) {
                environment.putAll(byName(resources, ConfigMap.class, source.getConfigMapRef().getName()).getData());
            }
        }
        container.getEnv().stream().filter(e -> e.getValue() != null).forEach(e -> environment.put(e.getName(), e.getValue()));
        return environment;
    }

    @Test
    void baseHasWhatAnOperatorNeeds() {
        List<HasMetadata> resources = render("dev");
        assertThat(names(resources, PodDisruptionBudget.class)).containsExactlyInAnyOrderElementsOf(SERVICES);
        assertThat(names(resources, HorizontalPodAutoscaler.class)).containsExactlyInAnyOrder("auth-service", "app-ui");
        assertThat(names(resources, NetworkPolicy.class)).contains("gatehouse-default-deny-ingress");
        Ingress ingress = only(resources, Ingress.class);
        Set<String> backends = ingress.getSpec().getRules().stream().flatMap(r -> r.getHttp().getPaths().stream())
                .map(p -> p.getBackend().getService().getName()).collect(Collectors.toSet());
        assertThat(backends).containsExactlyInAnyOrder("app-ui", "auth-service", "tenant-service");
        // Of tenant-service, only SCIM is public: its management and internal APIs stay inside.
        assertThat(ingress.getSpec().getRules().stream().flatMap(r -> r.getHttp().getPaths().stream())
                .filter(p -> p.getBackend().getService().getName().equals("tenant-service")).map(p -> p.getPath()))
                .containsExactly("/scim/v2");
        Set<String> authPaths = ingress.getSpec().getRules().get(1).getHttp().getPaths().stream()
                .map(p -> p.getPath()).collect(Collectors.toSet());
        assertThat(authPaths).containsExactlyInAnyOrder("/v1/auth", "/v1/oauth", "/saml", "/oauth2", "/.well-known", "/v2/keys",
                "/scim/v2",
                "/" + byName(resources, ConfigMap.class, "auth-service").getData().get("GATEHOUSE_PROJECT_ID") + "/.well-known");
        assertThat(names(resources, StatefulSet.class)).containsExactly("postgres");
    }

    @Test
    void prodRunsTwoReplicasOfEveryServiceSpreadOverNodesWithTlsAndCloudNativePg() {
        List<HasMetadata> resources = render("prod");
        for (String name : List.of("auth-service", "app-ui", "tenant-service")) {
            Deployment deployment = byName(resources, Deployment.class, name);
            assertThat(deployment.getSpec().getReplicas()).as(name).isGreaterThanOrEqualTo(2);
            assertThat(deployment.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity()).isNotNull();
        }
        assertThat(names(resources, io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class))
                .contains("auth-service", "app-ui", "tenant-service");
        assertThat(only(resources, Ingress.class).getSpec().getTls()).isNotEmpty();
        assertThat(resources).filteredOn(r -> r instanceof GenericKubernetesResource)
                .extracting(HasMetadata::getKind).containsOnly("Cluster", "ScheduledBackup");
        assertThat(names(resources, StatefulSet.class)).isEmpty();
    }

    @Test
    void prodBacksUpEachDatabaseToAnObjectStoreOnASchedule() {
        List<HasMetadata> resources = render("prod");
        List<GenericKubernetesResource> custom = resources.stream().filter(r -> r instanceof GenericKubernetesResource)
                .map(r -> (GenericKubernetesResource) r).toList();
        for (String cluster : List.of("gatehouse-auth-db", "gatehouse-tenant-db")) {
            GenericKubernetesResource db = custom.stream().filter(r -> r.getKind().equals("Cluster")
                    && r.getMetadata().getName().equals(cluster)).findFirst().orElseThrow();
            Map<String, Object> store = nested(db.getAdditionalProperties(), "spec", "backup", "barmanObjectStore");
            assertThat((String) store.get("destinationPath")).as(cluster).startsWith("s3://");
            assertThat(nested(store, "s3Credentials", "accessKeyId")).containsEntry("name", "gatehouse-backup-store");
            assertThat(nested(store, "wal")).isNotEmpty();
            assertThat(custom).as(cluster + " has a ScheduledBackup").anyMatch(r -> r.getKind().equals("ScheduledBackup")
                    && cluster.equals(nested(r.getAdditionalProperties(), "spec", "cluster").get("name")));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> nested(Map<String, Object> map, String... path) {
        Map<String, Object> current = map;
        for (String key : path) {
            current = (Map<String, Object>) current.get(key);
            assertThat(current).as(String.join(".", path)).isNotNull();
        }
        return current;
    }

    @Test
    void validationCatchesAMisspelledField() {
        var e = assertThrows(ManifestValidator.InvalidManifest.class, () -> ManifestValidator.parse(deployment("replicaz: 2", "image: x"))
                .forEach(ManifestValidator::validate));
        assertThat(e.getMessage()).contains("replicaz");
    }

    @Test
    void validationCatchesAWrongType() {
        var e = assertThrows(ManifestValidator.InvalidManifest.class, () -> ManifestValidator.parse(deployment("replicas: two", "image: x"))
                .forEach(ManifestValidator::validate));
        assertThat(e.getMessage()).contains("cannot be read");
    }

    @Test
    void validationCatchesAMissingRequiredField() {
        var e = assertThrows(ManifestValidator.InvalidManifest.class, () -> ManifestValidator.parse(deployment("replicas: 1", "imagePullPolicy: Always"))
                .forEach(ManifestValidator::validate));
        assertThat(e.getMessage()).contains("image is missing");
    }

    @Test
    void aCorrectDeploymentPasses() {
        ManifestValidator.parse(deployment("replicas: 1", "image: x")).forEach(ManifestValidator::validate);
    }

    private static String deployment(String specLine, String containerLine) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: probe
                spec:
                  %s
                  selector:
                    matchLabels: {app: probe}
                  template:
                    metadata:
                      labels: {app: probe}
                    spec:
                      containers:
                        - name: probe
                          %s
                """.formatted(specLine, containerLine);
    }

    private static List<HasMetadata> render(String overlay) {
        Path dir = Path.of("kubernetes", "overlays", overlay).toAbsolutePath();
        try {
            Process kubectl = new ProcessBuilder(RequiredTool.path("kubectl", "kubectl"), "kustomize", dir.toString()).redirectErrorStream(false).start();
            String yaml = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String errors = new String(kubectl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!kubectl.waitFor(60, TimeUnit.SECONDS) || kubectl.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + dir + " failed: " + errors);
            }
            return ManifestValidator.parse(yaml);
        } catch (IOException e) {
            throw new AssertionError("kubectl is needed to render the manifests (apt-get install kubectl): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static <T extends HasMetadata> List<String> names(List<HasMetadata> resources, Class<T> type) {
        return resources.stream().filter(type::isInstance).map(r -> r.getMetadata().getName()).toList();
    }

    private static <T extends HasMetadata> T only(List<HasMetadata> resources, Class<T> type) {
        List<T> found = resources.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private static <T extends HasMetadata> T byName(List<HasMetadata> resources, Class<T> type, String name) {
        return resources.stream().filter(type::isInstance).map(type::cast)
                .filter(r -> r.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }
}
