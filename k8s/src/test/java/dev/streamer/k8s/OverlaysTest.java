package dev.streamer.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What makes dev small and prod resilient. */
class OverlaysTest {

    @Test
    void devRunsOneOfEverythingWithSmallRequests() {
        Manifests m = Manifests.overlay("dev");
        for (Map<String, Object> w : m.workloads()) {
            if (!Manifests.BATCH.contains(w.get("kind"))) {
                int replicas = ((Number) Yaml2.path(w, "spec.replicas")).intValue();
                assertThat(replicas).as(w.get("kind") + "/" + Manifests.name(w)).isLessThanOrEqualTo(1);
            }
            for (Map<String, Object> c : Manifests.podContainers(w)) {
                assertThat(Quantities.cpu(Yaml2.str(c, "resources.requests.cpu")))
                        .as(Manifests.name(w) + " cpu request")
                        .isLessThanOrEqualTo(0.25);
                assertThat(Quantities.bytes(Yaml2.str(c, "resources.requests.memory")))
                        .as(Manifests.name(w) + " memory request")
                        .isLessThanOrEqualTo(Quantities.bytes("512Mi"));
            }
        }
        assertThat(((Number) Yaml2.path(m.get("KafkaNodePool", "combined"), "spec.replicas")).intValue())
                .isEqualTo(1);
        Map<String, Object> flink = m.get("FlinkDeployment", "streamer-job");
        assertThat(((Number) Yaml2.path(flink, "spec.jobManager.replicas")).intValue())
                .isEqualTo(1);
        assertThat(((Number) Yaml2.path(flink, "spec.job.parallelism")).intValue())
                .isEqualTo(1);
        assertThat(m.all("HorizontalPodAutoscaler")).isEmpty();
        assertThat(m.all("PodDisruptionBudget")).isEmpty();
        assertThat(m.all("KafkaTopic")).allMatch(t -> ((Number) Yaml2.path(t, "spec.replicas")).intValue() == 1);
    }

    @Test
    void prodScalesSpreadsAndBudgetsTheHttpServices() {
        Manifests m = Manifests.overlay("prod");
        for (String name : List.of("edge-api", "live-push")) {
            Map<String, Object> d = m.get("Deployment", name);
            Map<String, Object> hpa = m.get("HorizontalPodAutoscaler", name);
            assertThat(Yaml2.str(hpa, "spec.scaleTargetRef.kind")).isEqualTo("Deployment");
            assertThat(Yaml2.str(hpa, "spec.scaleTargetRef.name")).isEqualTo(name);
            int min = ((Number) Yaml2.path(hpa, "spec.minReplicas")).intValue();
            int max = ((Number) Yaml2.path(hpa, "spec.maxReplicas")).intValue();
            assertThat(min).isGreaterThanOrEqualTo(2).isLessThan(max);
            // the HPA owns the count: a replicas field would scale the Deployment back on every apply
            assertThat(Yaml2.map(d.get("spec")))
                    .as(name + " has no replicas field under an HPA")
                    .doesNotContainKey("replicas");
            // CPU utilisation targets need CPU requests
            assertThat(Yaml2.str(m.container("Deployment", name, name), "resources.requests.cpu"))
                    .isNotNull();

            Map<String, Object> pdb = m.get("PodDisruptionBudget", name);
            assertThat(m.selected(Yaml2.map(Yaml2.path(pdb, "spec.selector.matchLabels"))))
                    .extracting(Manifests::name)
                    .containsExactly(name);
            assertThat(Yaml2.path(pdb, "spec.maxUnavailable")).isEqualTo(1);

            List<Map<String, Object>> anti = Yaml2.maps(Yaml2.path(
                    d, "spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution"));
            assertThat(anti).as(name + " anti-affinity").isNotEmpty();
            Map<String, Object> term = Yaml2.map(anti.get(0).get("podAffinityTerm"));
            assertThat(term.get("topologyKey")).isEqualTo("kubernetes.io/hostname");
            assertThat(m.selected(Yaml2.map(Yaml2.path(term, "labelSelector.matchLabels"))))
                    .extracting(Manifests::name)
                    .containsExactly(name);
        }
        assertThat(((Number) Yaml2.path(m.get("KafkaNodePool", "combined"), "spec.replicas")).intValue())
                .isEqualTo(3);
        assertThat(m.all("KafkaTopic")).allSatisfy(t -> {
            assertThat(((Number) Yaml2.path(t, "spec.replicas")).intValue()).isEqualTo(3);
            assertThat(((Number) Yaml2.map(Yaml2.path(t, "spec.config")).get("min.insync.replicas")).intValue())
                    .isEqualTo(2);
        });
        Map<String, Object> flink = m.get("FlinkDeployment", "streamer-job");
        assertThat(((Number) Yaml2.path(flink, "spec.jobManager.replicas")).intValue())
                .as("standby JobManager")
                .isEqualTo(2);
        // never two Kafka nodes or both JobManagers on one Kubernetes node
        Map<String, Object> kafkaTerm = requiredHostnameAntiAffinity(
                Yaml2.map(Yaml2.path(m.get("KafkaNodePool", "combined"), "spec.template.pod")), "Kafka nodes");
        assertThat(Yaml2.path(kafkaTerm, "labelSelector.matchLabels"))
                .isEqualTo(Map.of("strimzi.io/cluster", "streamer", "strimzi.io/pool-name", "combined"));
        Map<String, Object> jmTerm = requiredHostnameAntiAffinity(
                Yaml2.map(Yaml2.path(flink, "spec.jobManager.podTemplate.spec")), "JobManagers");
        Map<String, Object> jobManagers = Yaml2.map(Yaml2.path(jmTerm, "labelSelector.matchLabels"));
        assertThat(jobManagers).isEqualTo(Map.of("app", Manifests.name(flink), "component", "jobmanager"));
        // and budgets for the Flink pods, selecting the operator's labels of this deployment
        for (String component : List.of("jobmanager", "taskmanager")) {
            Map<String, Object> pdb = m.get("PodDisruptionBudget", "flink-" + component);
            assertThat(Yaml2.path(pdb, "spec.selector.matchLabels"))
                    .isEqualTo(Map.of("app", Manifests.name(flink), "component", component));
            assertThat(Yaml2.path(pdb, "spec.maxUnavailable")).isEqualTo(1);
        }
        // the job's parallelism fits the activity topic's partitions
        int activityPartitions = m.all("KafkaTopic").stream()
                .filter(t -> dev.streamer.contract.Topics.ACTIVITY.equals(Yaml2.str(t, "spec.topicName")))
                .mapToInt(t -> ((Number) Yaml2.path(t, "spec.partitions")).intValue())
                .findFirst()
                .orElseThrow();
        assertThat(((Number) Yaml2.path(flink, "spec.job.parallelism")).intValue())
                .isLessThanOrEqualTo(activityPartitions);
    }

    static Map<String, Object> requiredHostnameAntiAffinity(Map<String, Object> podSpec, String what) {
        List<Map<String, Object>> terms = Yaml2.maps(
                Yaml2.path(podSpec, "affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution"));
        assertThat(terms).as(what + " required anti-affinity").hasSize(1);
        assertThat(terms.get(0).get("topologyKey")).as(what).isEqualTo("kubernetes.io/hostname");
        return terms.get(0);
    }

    @Test
    void overlaysChangeOnlyWhatTheyMeanTo() {
        Manifests dev = Manifests.overlay("dev");
        Manifests prod = Manifests.overlay("prod");
        assertThat(dev.resources)
                .extracting(r -> r.get("kind") + "/" + Manifests.name(r))
                .containsAll(prod.resources.stream()
                        // PodMonitors need the Prometheus Operator, which a laptop cluster need not run
                        .filter(r -> !List.of("HorizontalPodAutoscaler", "PodDisruptionBudget", "PodMonitor")
                                .contains(r.get("kind")))
                        // where Flink state and backups live is each overlay's own
                        .filter(r -> !"ConfigMap/object-store".equals(r.get("kind") + "/" + Manifests.name(r)))
                        // the monitoring component's Grafana dashboard and the Kafka Exporter's policy come with the
                        // PodMonitors (issue 17)
                        .filter(r -> !List.of("ConfigMap/grafana-dashboard-streamer", "NetworkPolicy/kafka-exporter")
                                .contains(r.get("kind") + "/" + Manifests.name(r)))
                        .map(r -> r.get("kind") + "/" + Manifests.name(r))
                        .toList());
        assertThat(dev.resources).allSatisfy(r -> {
            if (!"Namespace".equals(r.get("kind"))) {
                assertThat(Yaml2.str(r, "metadata.namespace"))
                        .as(r.get("kind") + "/" + Manifests.name(r))
                        .isEqualTo("streamer");
            }
        });
    }
}
