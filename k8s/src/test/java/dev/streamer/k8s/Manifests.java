package dev.streamer.k8s;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** One rendered overlay and lookups over it. */
final class Manifests {

    static final Set<String> WORKLOADS =
            Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob");
    /** Workloads that run to completion: no probes, no replicas. */
    static final Set<String> BATCH = Set.of("Job", "CronJob");

    private static final Map<String, String> RENDERED = new java.util.concurrent.ConcurrentHashMap<>();

    final String overlay;
    final List<Map<String, Object>> resources;

    private Manifests(String overlay, List<Map<String, Object>> resources) {
        this.overlay = overlay;
        this.resources = resources;
    }

    /** An overlay of k8s/overlays as {@code kubectl kustomize} renders it (rendered once per test run). */
    static Manifests overlay(String name) {
        String text = RENDERED.computeIfAbsent(name, n -> Kubectl.kustomizeText(Repo.path("k8s/overlays/" + n)));
        return new Manifests(name, Kubectl.parse(text));
    }

    List<Map<String, Object>> all(String kind) {
        return resources.stream().filter(r -> kind.equals(r.get("kind"))).toList();
    }

    Map<String, Object> get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError(overlay + ": no " + kind + "/" + name));
    }

    java.util.Optional<Map<String, Object>> find(String kind, String name) {
        return resources.stream()
                .filter(r -> kind.equals(r.get("kind")) && name.equals(Yaml2.path(r, "metadata.name")))
                .findFirst();
    }

    List<Map<String, Object>> workloads() {
        return resources.stream().filter(r -> WORKLOADS.contains(r.get("kind"))).toList();
    }

    /** The one container of a workload with that name. */
    Map<String, Object> container(String kind, String workload, String container) {
        return podContainers(get(kind, workload)).stream()
                .filter(c -> container.equals(c.get("name")))
                .findFirst()
                .orElseThrow(() ->
                        new AssertionError(overlay + ": no container " + container + " in " + kind + "/" + workload));
    }

    static Map<String, Object> podSpec(Map<String, Object> r) {
        Object kind = r.get("kind");
        if ("CronJob".equals(kind)) {
            return Yaml2.map(Yaml2.path(r, "spec.jobTemplate.spec.template.spec"));
        }
        if (WORKLOADS.contains(kind)) {
            return Yaml2.map(Yaml2.path(r, "spec.template.spec"));
        }
        if ("Pod".equals(kind)) {
            return Yaml2.map(r.get("spec"));
        }
        if ("FlinkDeployment".equals(kind)) {
            Object spec = Yaml2.path(r, "spec.podTemplate.spec");
            return spec == null ? null : Yaml2.map(spec);
        }
        return null;
    }

    /** Containers and init containers of a resource's pod template(s); empty for kinds without one. */
    static List<Map<String, Object>> podContainers(Map<String, Object> r) {
        List<Map<String, Object>> out = new ArrayList<>();
        List<Map<String, Object>> specs = new ArrayList<>();
        Map<String, Object> main = podSpec(r);
        if (main != null) {
            specs.add(main);
        }
        if ("FlinkDeployment".equals(r.get("kind"))) {
            for (String role : List.of("jobManager", "taskManager")) {
                Object s = Yaml2.path(r, "spec." + role + ".podTemplate.spec");
                if (s != null) {
                    specs.add(Yaml2.map(s));
                }
            }
        }
        for (Map<String, Object> spec : specs) {
            out.addAll(Yaml2.maps(spec.get("containers")));
            out.addAll(Yaml2.maps(spec.get("initContainers")));
        }
        return out;
    }

    static Map<String, Object> podLabels(Map<String, Object> workload) {
        String template = "CronJob".equals(workload.get("kind")) ? "spec.jobTemplate.spec.template" : "spec.template";
        return Yaml2.map(Yaml2.path(workload, template + ".metadata.labels"));
    }

    static String name(Map<String, Object> r) {
        return Yaml2.str(r, "metadata.name");
    }

    /** The workloads whose pod labels a selector (a plain label map) matches. */
    List<Map<String, Object>> selected(Map<String, Object> selector) {
        return workloads().stream()
                .filter(w -> selector.entrySet().stream()
                        .allMatch(e -> Objects.equals(podLabels(w).get(e.getKey()), e.getValue())))
                .toList();
    }

    /** The value of a ConfigMap or Secret (stringData or base64 data) key. */
    String configValue(String kind, String name, String key) {
        Map<String, Object> r = get(kind, name);
        // keys may contain dots (streamer.cnf): look them up directly
        Object v = r.get("data") == null ? null : Yaml2.map(r.get("data")).get(key);
        if (v == null && "Secret".equals(kind)) {
            v = r.get("stringData") == null
                    ? null
                    : Yaml2.map(r.get("stringData")).get(key);
            if (v == null) {
                throw new AssertionError(overlay + ": Secret " + name + " has no key " + key);
            }
            return String.valueOf(v);
        }
        if (v == null) {
            throw new AssertionError(overlay + ": " + kind + " " + name + " has no key " + key);
        }
        return "Secret".equals(kind)
                ? new String(java.util.Base64.getDecoder().decode(String.valueOf(v)))
                : String.valueOf(v);
    }

    /**
     * The environment a container gets: its {@code env} values (config map references resolved) and its
     * {@code envFrom} config maps. No Secret is rendered (they are created by hand): a value from a Secret is given as
     * {@link #secretRef(String, String)}.
     */
    Map<String, String> environment(Map<String, Object> container) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        for (Map<String, Object> from : Yaml2.maps(container.get("envFrom"))) {
            Object cm = Yaml2.path(from, "configMapRef.name");
            Object secret = Yaml2.path(from, "secretRef.name");
            String kind = cm != null ? "ConfigMap" : "Secret";
            Map<String, Object> source = get(kind, String.valueOf(cm != null ? cm : secret));
            Object data = source.get("data");
            if (data != null) {
                Yaml2.map(data).forEach((k, v) -> env.put(k, configValue(kind, name(source), k)));
            }
            Object stringData = source.get("stringData");
            if (stringData != null) {
                Yaml2.map(stringData).forEach((k, v) -> env.put(k, String.valueOf(v)));
            }
        }
        for (Map<String, Object> e : Yaml2.maps(container.get("env"))) {
            String key = (String) e.get("name");
            if (e.containsKey("value")) {
                env.put(key, String.valueOf(e.get("value")));
            } else if (Yaml2.path(e, "valueFrom.secretKeyRef") != null) {
                env.put(
                        key,
                        secretRef(
                                Yaml2.str(e, "valueFrom.secretKeyRef.name"),
                                Yaml2.str(e, "valueFrom.secretKeyRef.key")));
            } else if (Yaml2.path(e, "valueFrom.configMapKeyRef") != null) {
                env.put(
                        key,
                        configValue(
                                "ConfigMap",
                                Yaml2.str(e, "valueFrom.configMapKeyRef.name"),
                                Yaml2.str(e, "valueFrom.configMapKeyRef.key")));
            } else {
                env.put(key, null);
            }
        }
        return env;
    }

    /** The stand-in {@link #environment} gives for a value taken from key {@code key} of Secret {@code name}. */
    static String secretRef(String name, String key) {
        return "<secret " + name + "/" + key + ">";
    }

    static Path root() {
        return Repo.root();
    }
}
