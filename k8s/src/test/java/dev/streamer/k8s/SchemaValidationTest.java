package dev.streamer.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Every resource of both overlays, as kubectl kustomize renders them, through k8s/validate/validate.mjs: the
 * kubernetes-models validator and TypeScript type of its kind (Kubernetes 1.36, Strimzi kafka.strimzi.io/v1, Flink
 * operator v1beta1, Prometheus operator v1), unknown fields rejected, unknown kinds and API versions rejected. And the
 * proof that this catches a mistake: misspelled fields and wrong values, planted in resources and in an overlay's files.
 */
class SchemaValidationTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyRenderedResourceMatchesItsSchema(String overlay) {
        String rendered = Kubectl.kustomizeText(Repo.path("k8s/overlays/" + overlay));
        ManifestValidator.Result result = ManifestValidator.validate(rendered);
        assertThat(result.errors()).as(overlay + ": " + result.summary()).isEmpty();
        assertThat(result.exitCode()).isZero();
        int resources = Kubectl.parse(rendered).size();
        assertThat(result.summary()).isEqualTo("validate: " + resources + " resources, 0 errors");
        // the custom resources are among them, in the API versions the pinned operators serve
        assertThat(Manifests.overlay(overlay).resources)
                .extracting(r -> r.get("apiVersion") + "/" + r.get("kind"))
                .contains(
                        "kafka.strimzi.io/v1/Kafka",
                        "kafka.strimzi.io/v1/KafkaNodePool",
                        "kafka.strimzi.io/v1/KafkaTopic",
                        "flink.apache.org/v1beta1/FlinkDeployment");
    }

    @Test
    void misspelledFieldsWrongTypesWrongValuesAndUnknownKindsAreErrors() {
        Manifests dev = Manifests.overlay("dev");
        List<Map<String, Object>> broken = new ArrayList<>();

        Map<String, Object> flink = Yaml2.deepCopyOf(dev.get("FlinkDeployment", "streamer-job"));
        Yaml2.map(Yaml2.path(flink, "spec.job")).put("upgradMode", "savepoint");
        broken.add(flink);

        Map<String, Object> topic = Yaml2.deepCopyOf(dev.get("KafkaTopic", "streamer-activity-v1"));
        Yaml2.map(topic.get("spec")).put("partitions", "six");
        broken.add(topic);

        Map<String, Object> pool = Yaml2.deepCopyOf(dev.get("KafkaNodePool", "combined"));
        Yaml2.map(pool.get("metadata")).put("lables", Map.of("a", "b"));
        broken.add(pool);

        Map<String, Object> deployment = Yaml2.deepCopyOf(dev.get("Deployment", "edge-api"));
        Map<String, Object> container = Manifests.podContainers(deployment).get(0);
        Yaml2.map(container.get("readinessProbe")).put("timeoutSecond", 6);
        container.put("imagePullPolicy", "Sometimes");
        broken.add(deployment);

        Map<String, Object> service = Yaml2.deepCopyOf(dev.get("Service", "edge-api"));
        Yaml2.maps(Yaml2.path(service, "spec.ports")).get(0).put("port", "http");
        broken.add(service);

        broken.add(Map.of(
                "apiVersion", "kafka.strimzi.io/v1beta2", "kind", "KafkaTopic", "metadata", Map.of("name", "gone")));
        broken.add(
                Map.of("apiVersion", "extensions/v1beta1", "kind", "Ingress", "metadata", Map.of("name", "removed")));
        broken.add(Map.of("apiVersion", "v1", "kind", "Container", "metadata", Map.of("name", "not-a-resource")));

        ManifestValidator.Result result = ManifestValidator.validate(dump(broken));
        List<String> errors = result.errors();
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(errors)
                .as("FlinkDeployment spec.job.upgradMode misspelled")
                .contains(
                        "FlinkDeployment/streamer-job: spec.job.upgradMode: [types] unknown field 'upgradMode'; did you mean 'upgradeMode'?");
        assertThat(errors)
                .as("KafkaTopic partitions not an integer")
                .contains("KafkaTopic/streamer-activity-v1: spec.partitions: [schema] must be integer");
        assertThat(errors)
                .as("custom resource metadata checked against ObjectMeta")
                .contains(
                        "KafkaNodePool/combined: metadata.lables: [types] unknown field 'lables'; did you mean 'labels'?");
        assertThat(errors)
                .as("Deployment readinessProbe.timeoutSecond misspelled")
                .contains(
                        "Deployment/edge-api: spec.template.spec.containers[0].readinessProbe.timeoutSecond: [types] unknown field "
                                + "'timeoutSecond'; did you mean 'timeoutSeconds'?");
        assertThat(errors)
                .as("imagePullPolicy is one of three values")
                .contains(
                        "Deployment/edge-api: spec.template.spec.containers[0].imagePullPolicy: [schema] must be equal to one of "
                                + "the allowed values (\"Always\", \"IfNotPresent\", \"Never\")");
        assertThat(errors)
                .as("Service port must be an integer")
                .anyMatch(e -> e.startsWith("Service/edge-api: spec.ports[0].port: [schema] must be integer"));
        assertThat(errors)
                .as("v1beta2 is gone from Strimzi 1.0")
                .contains("KafkaTopic/gone: (root): no schema for "
                        + "kafka.strimzi.io/v1beta2/KafkaTopic: neither a kind of the API versions a Kubernetes 1.36 cluster serves "
                        + "nor one the pinned operators serve");
        assertThat(errors)
                .as("removed Kubernetes API versions are unknown, though the models keep them")
                .anyMatch(e -> e.startsWith("Ingress/removed: (root): no schema for extensions/v1beta1/Ingress"));
        assertThat(errors)
                .as("only top-level resources are kinds")
                .anyMatch(e -> e.startsWith("Container/not-a-resource: (root): no schema for v1/Container"));
        // nothing else: every error names one of the planted mistakes
        assertThat(errors)
                .allMatch(
                        e -> Stream.of(
                                        "upgradMode",
                                        "partitions",
                                        "lables",
                                        "timeoutSecond",
                                        "imagePullPolicy",
                                        "spec.ports[0].port",
                                        "no schema for")
                                .anyMatch(e::contains),
                        "only planted mistakes");
    }

    @Test
    void aMisspelledFieldPlantedInAnOverlayFileFailsTheValidation() throws IOException {
        Path copy = tmp.resolve("k8s");
        copyTree(Repo.path("k8s/base"), copy.resolve("base"));
        copyTree(Repo.path("k8s/overlays"), copy.resolve("overlays"));
        copyTree(Repo.path("k8s/components"), copy.resolve("components"));
        plant(
                copy.resolve("overlays/prod/flink-deployment.yaml"),
                "    parallelism: 6\n",
                "    parallelism: 6\n    paralelism: 6\n");
        plant(copy.resolve("overlays/prod/kafka-node-pool.yaml"), "  replicas: 3\n", "  replica: 3\n  replicas: 3\n");
        plant(
                copy.resolve("overlays/prod/edge-api.yaml"),
                "        - name: edge-api\n",
                "        - name: edge-api\n          imagePullPolicyy: IfNotPresent\n");
        plant(
                copy.resolve("overlays/prod/edge-api.yaml"),
                "whenUnsatisfiable: ScheduleAnyway",
                "whenUnsatisfiable: ScheduleAnyhow");

        ManifestValidator.Result result =
                ManifestValidator.validate(Kubectl.kustomizeText(copy.resolve("overlays/prod")));
        System.out.println("validate.mjs on the prod overlay with four planted mistakes:");
        result.errors().forEach(System.out::println);
        System.out.println(result.summary());

        assertThat(result.exitCode())
                .as("the validation fails, so the build does")
                .isEqualTo(1);
        assertThat(result.errors())
                .contains(
                        "FlinkDeployment/streamer-job: spec.job.paralelism: [types] unknown field 'paralelism'; did you mean 'parallelism'?",
                        "KafkaNodePool/combined: spec.replica: [types] unknown field 'replica'; did you mean 'replicas'?",
                        "Deployment/edge-api: spec.template.spec.containers[0].imagePullPolicyy: [types] unknown field "
                                + "'imagePullPolicyy'; did you mean 'imagePullPolicy'?",
                        "Deployment/edge-api: spec.template.spec.topologySpreadConstraints[0].whenUnsatisfiable: [schema] must be "
                                + "equal to one of the allowed values (\"DoNotSchedule\", \"ScheduleAnyway\")");
        assertThat(result.errors())
                .as("nothing but the planted mistakes")
                .allMatch(e -> Stream.of("paralelism", "spec.replica:", "imagePullPolicyy", "whenUnsatisfiable")
                        .anyMatch(e::contains));
    }

    private static void plant(Path file, String text, String replacement) throws IOException {
        String content = Files.readString(file);
        assertThat(content).as(file.getFileName() + " has the line to change").contains(text);
        Files.writeString(file, content.replace(text, replacement));
    }

    private static String dump(List<Map<String, Object>> resources) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dumpAll(resources.iterator());
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
