package dev.streamer.k8s;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every resource of both overlays, as kubectl kustomize renders them, against the schema the cluster would use: the
 * pinned operators' CRDs for custom resources, the Kubernetes OpenAPI schema for built-in kinds. Unknown fields are
 * errors. And the proof that this catches a mistake: a misspelled field planted in a copy of the overlays.
 */
class SchemaValidationTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyRenderedResourceMatchesItsSchema(String overlay) {
        Manifests m = Manifests.overlay(overlay);
        Schemas schemas = Schemas.load();
        List<String> errors = new ArrayList<>();
        m.resources.forEach(r -> errors.addAll(schemas.validate(r)));
        assertThat(errors).as(overlay + " against " + schemas.kubernetesVersion + " and the vendored CRDs").isEmpty();
        // the custom resources are among them, in the API versions the pinned operators serve
        assertThat(m.resources).extracting(r -> r.get("apiVersion") + "/" + r.get("kind")).contains(
                "kafka.strimzi.io/v1/Kafka", "kafka.strimzi.io/v1/KafkaNodePool", "kafka.strimzi.io/v1/KafkaTopic",
                "flink.apache.org/v1beta1/FlinkDeployment");
    }

    @Test
    void misspelledFieldsAndWrongTypesAreErrors() {
        Schemas schemas = Schemas.load();
        Manifests dev = Manifests.overlay("dev");

        Map<String, Object> flink = Yaml2.deepCopyOf(dev.get("FlinkDeployment", "streamer-job"));
        Yaml2.map(Yaml2.path(flink, "spec.job")).put("upgradMode", "savepoint");
        assertThat(schemas.validate(flink)).as("FlinkDeployment spec.job.upgradMode misspelled")
                .anyMatch(e -> e.contains("upgradMode"));

        Map<String, Object> topic = Yaml2.deepCopyOf(dev.get("KafkaTopic", "streamer-activity-v1"));
        Yaml2.map(topic.get("spec")).put("partitions", "six");
        assertThat(schemas.validate(topic)).as("KafkaTopic partitions not an integer").anyMatch(e -> e.contains("partitions"));

        Map<String, Object> pool = Yaml2.deepCopyOf(dev.get("KafkaNodePool", "combined"));
        Yaml2.map(pool.get("metadata")).put("lables", Map.of("a", "b"));
        assertThat(schemas.validate(pool)).as("custom resource metadata checked against ObjectMeta")
                .anyMatch(e -> e.contains("lables"));

        Map<String, Object> deployment = Yaml2.deepCopyOf(dev.get("Deployment", "edge-api"));
        Map<String, Object> container = Manifests.podContainers(deployment).get(0);
        Yaml2.map(container.get("readinessProbe")).put("timeoutSecond", 6);
        assertThat(schemas.validate(deployment)).as("Deployment readinessProbe.timeoutSecond misspelled")
                .anyMatch(e -> e.contains("timeoutSecond"));

        Map<String, Object> service = Yaml2.deepCopyOf(dev.get("Service", "edge-api"));
        Yaml2.maps(Yaml2.path(service, "spec.ports")).get(0).put("port", "http");
        assertThat(schemas.validate(service)).as("Service port must be an integer").isNotEmpty();

        Map<String, Object> unknown = Map.of("apiVersion", "kafka.strimzi.io/v1beta2", "kind", "KafkaTopic",
                "metadata", Map.of("name", "x"));
        assertThat(schemas.validate(unknown)).as("v1beta2 is gone from Strimzi 1.0").singleElement().asString()
                .contains("no schema for kafka.strimzi.io/v1beta2/KafkaTopic");
    }

    @Test
    void aMisspelledFieldPlantedInAnOverlayFileFailsTheValidation() throws IOException {
        Path copy = tmp.resolve("k8s");
        copyTree(Repo.path("k8s/base"), copy.resolve("base"));
        copyTree(Repo.path("k8s/overlays"), copy.resolve("overlays"));
        Path patch = copy.resolve("overlays/prod/flink-deployment.yaml");
        String text = Files.readString(patch);
        assertThat(text).contains("    parallelism: 6\n");
        Files.writeString(patch, text.replace("    parallelism: 6\n", "    parallelism: 6\n    paralelism: 6\n"));
        Path pool = copy.resolve("overlays/prod/kafka-node-pool.yaml");
        Files.writeString(pool, Files.readString(pool).replace("  replicas: 3\n", "  replica: 3\n  replicas: 3\n"));

        Schemas schemas = Schemas.load();
        List<String> errors = new ArrayList<>();
        Kubectl.kustomize(copy.resolve("overlays/prod")).forEach(r -> errors.addAll(schemas.validate(r)));
        assertThat(errors).hasSize(2);
        assertThat(errors).anyMatch(e -> e.startsWith("FlinkDeployment/streamer-job") && e.contains("paralelism"));
        assertThat(errors).anyMatch(e -> e.startsWith("KafkaNodePool/combined") && e.contains("replica"));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }
}
