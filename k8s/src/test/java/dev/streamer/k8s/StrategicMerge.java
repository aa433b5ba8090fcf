package dev.streamer.k8s;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strategic-merge patching as kubectl/kustomize do it, for what these manifests patch: mappings merge recursively,
 * {@code null} removes a key, lists of built-in kinds merge by their patch merge key where that key is one of
 * {@link #MERGE_KEYS} and are replaced where the field has none. A list whose merge semantics this class does not
 * implement (other merge keys; any list of a custom resource) may only be added, never merged: that is an error.
 */
final class StrategicMerge {

    private static final Set<String> BUILT_IN = Set.of("Deployment", "StatefulSet", "DaemonSet", "Service", "ConfigMap",
            "Secret", "Ingress", "PersistentVolumeClaim", "ServiceAccount", "Role", "RoleBinding", "Namespace",
            "HorizontalPodAutoscaler", "PodDisruptionBudget");
    /** Fields whose patch merge key is implemented. */
    private static final Map<String, String> MERGE_KEYS = Map.of("containers", "name", "initContainers", "name",
            "volumes", "name", "env", "name", "volumeMounts", "mountPath");
    /** Fields with a patch merge key (or list-map keys) that is not implemented. */
    private static final Set<String> UNIMPLEMENTED_KEYED = Set.of("ports", "topologySpreadConstraints",
            "imagePullSecrets", "envFrom", "hostAliases", "ephemeralContainers", "conditions", "finalizers",
            "resourceClaims");
    /** Fields without a merge key in the Kubernetes API: a patch replaces them. */
    private static final Set<String> ATOMIC = Set.of("args", "command", "accessModes", "volumeClaimTemplates",
            "tolerations", "preferredDuringSchedulingIgnoredDuringExecution", "requiredDuringSchedulingIgnoredDuringExecution",
            "items", "rules", "paths", "subjects", "metrics", "policies", "drop", "add", "nodeSelectorTerms");

    private StrategicMerge() {
    }

    static void merge(Map<String, Object> target, Map<String, Object> patch, String kind) {
        mergeMap(target, patch, kind, BUILT_IN.contains(kind), "");
    }

    private static void mergeMap(Map<String, Object> target, Map<String, Object> patch, String kind, boolean builtIn,
                                 String at) {
        for (Map.Entry<String, Object> e : patch.entrySet()) {
            String key = e.getKey();
            Object value = e.getValue();
            String path = at.isEmpty() ? key : at + "." + key;
            if (key.startsWith("$")) {
                throw new UnsupportedOperationException(kind + " patch at " + path + ": directive " + key + " not supported");
            }
            Object current = target.get(key);
            if (value == null) {
                target.remove(key);
            } else if (value instanceof Map<?, ?> && current instanceof Map<?, ?>) {
                mergeMap(Yaml2.map(current), Yaml2.map(value), kind, builtIn, path);
            } else if (value instanceof List<?> list && current instanceof List<?> old) {
                target.put(key, mergeList(key, Yaml2.list(old), Yaml2.list(list), kind, builtIn, path));
            } else {
                target.put(key, Yaml2.deepCopy(value));
            }
        }
    }

    private static List<Object> mergeList(String field, List<Object> target, List<Object> patch, String kind,
                                          boolean builtIn, String path) {
        if (!builtIn) {
            throw new UnsupportedOperationException(kind + " patch at " + path + ": merging a list of a custom resource "
                    + "is not supported (kustomize has no schema for it)");
        }
        String key = MERGE_KEYS.get(field);
        if (key == null) {
            if (ATOMIC.contains(field)) {
                return Yaml2.list(Yaml2.deepCopy(patch));
            }
            throw new UnsupportedOperationException(kind + " patch at " + path + ": list field '" + field + "' has merge "
                    + "semantics this renderer does not implement" + (UNIMPLEMENTED_KEYED.contains(field) ? "" : " (unknown field)"));
        }
        List<Object> out = new ArrayList<>(target);
        for (Object item : patch) {
            Map<String, Object> p = Yaml2.map(item);
            Object id = p.get(key);
            if (id == null) {
                throw new IllegalArgumentException(kind + " patch at " + path + ": an item without '" + key + "'");
            }
            Map<String, Object> existing = null;
            for (Object o : out) {
                if (id.equals(Yaml2.map(o).get(key))) {
                    existing = Yaml2.map(o);
                }
            }
            if (existing == null) {
                out.add(Yaml2.deepCopy(p));
            } else {
                mergeMap(existing, p, kind, true, path + "[" + id + "]");
            }
        }
        return out;
    }

    static Map<String, Object> copy(Map<String, Object> m) {
        return new LinkedHashMap<>(m);
    }
}
