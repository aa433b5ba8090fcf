package dev.streamer.k8s;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The subset of kustomize these manifests use, implemented exactly and nothing more: {@code resources} (files and
 * directories), {@code namespace}, {@code patches} (strategic-merge patch files, matched by kind and name),
 * {@code images} ({@code newName}, {@code newTag}) and {@code replicas}. Any other kustomization field, patch option
 * or patch directive is an error, so the manifests cannot drift into features this renderer would get wrong.
 */
public final class Kustomize {

    private static final Set<String> FIELDS = Set.of("apiVersion", "kind", "resources", "namespace", "patches", "images",
            "replicas");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PersistentVolume", "StorageClass", "IngressClass");
    private static final Set<String> REPLICA_KINDS = Set.of("Deployment", "StatefulSet", "ReplicaSet",
            "ReplicationController");

    private Kustomize() {
    }

    /** Renders the kustomization in {@code dir} into its resources, in order. */
    public static List<Map<String, Object>> render(Path dir) {
        Path file = dir.resolve("kustomization.yaml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no kustomization.yaml in " + dir);
        }
        List<Object> docs = load(file);
        if (docs.size() != 1 || !(docs.get(0) instanceof Map)) {
            throw new IllegalArgumentException(file + ": one mapping expected");
        }
        Map<String, Object> k = Yaml2.map(docs.get(0));
        for (String field : k.keySet()) {
            if (!FIELDS.contains(field)) {
                throw new UnsupportedOperationException(file + ": kustomize field '" + field + "' is not supported by "
                        + "this renderer (supported: " + FIELDS + ")");
            }
        }
        if (!"Kustomization".equals(k.get("kind"))) {
            throw new IllegalArgumentException(file + ": kind must be Kustomization");
        }

        List<Map<String, Object>> out = new ArrayList<>();
        for (Object r : Yaml2.list(k.getOrDefault("resources", List.of()))) {
            Path p = dir.resolve((String) r).normalize();
            if (Files.isDirectory(p)) {
                out.addAll(render(p));
            } else {
                for (Object doc : load(p)) {
                    if (doc != null) {
                        Map<String, Object> res = Yaml2.map(doc);
                        requireIdentity(res, p);
                        out.add(res);
                    }
                }
            }
        }
        requireUnique(out, dir);

        for (Object entry : Yaml2.list(k.getOrDefault("patches", List.of()))) {
            Map<String, Object> patch = Yaml2.map(entry);
            if (!patch.keySet().equals(Set.of("path"))) {
                throw new UnsupportedOperationException(dir + ": a patch must be {path: FILE} (no target/options/inline), "
                        + "got " + patch.keySet());
            }
            Path p = dir.resolve((String) patch.get("path"));
            for (Object doc : load(p)) {
                if (doc != null) {
                    applyPatch(out, Yaml2.map(doc), p);
                }
            }
        }

        for (Object entry : Yaml2.list(k.getOrDefault("images", List.of()))) {
            applyImage(out, Yaml2.map(entry), dir);
        }

        for (Object entry : Yaml2.list(k.getOrDefault("replicas", List.of()))) {
            Map<String, Object> rep = Yaml2.map(entry);
            String name = (String) rep.get("name");
            int count = ((Number) rep.get("count")).intValue();
            List<Map<String, Object>> targets = out.stream()
                    .filter(r -> REPLICA_KINDS.contains(r.get("kind")) && name.equals(Yaml2.path(r, "metadata.name")))
                    .toList();
            if (targets.isEmpty()) {
                throw new IllegalArgumentException(dir + ": replicas for '" + name + "' match no workload");
            }
            targets.forEach(t -> Yaml2.map(t.get("spec")).put("replicas", count));
        }

        Object namespace = k.get("namespace");
        if (namespace != null) {
            for (Map<String, Object> r : out) {
                if (!CLUSTER_SCOPED.contains(r.get("kind"))) {
                    Yaml2.map(r.get("metadata")).put("namespace", namespace);
                }
            }
        }
        return out;
    }

    static List<Object> load(Path file) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try (Reader in = Files.newBufferedReader(file)) {
            List<Object> docs = new ArrayList<>();
            new Yaml(options).loadAll(in).forEach(docs::add);
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void requireIdentity(Map<String, Object> res, Path from) {
        if (res.get("apiVersion") == null || res.get("kind") == null || Yaml2.path(res, "metadata.name") == null) {
            throw new IllegalArgumentException(from + ": a resource without apiVersion, kind or metadata.name");
        }
    }

    private static void requireUnique(List<Map<String, Object>> all, Path dir) {
        Set<String> seen = new java.util.HashSet<>();
        for (Map<String, Object> r : all) {
            String id = r.get("kind") + "/" + Yaml2.path(r, "metadata.namespace") + "/" + Yaml2.path(r, "metadata.name");
            if (!seen.add(id)) {
                throw new IllegalArgumentException(dir + ": resource " + id + " appears twice");
            }
        }
    }

    private static void applyPatch(List<Map<String, Object>> all, Map<String, Object> patch, Path from) {
        requireIdentity(patch, from);
        List<Map<String, Object>> targets = all.stream()
                .filter(r -> Objects.equals(r.get("kind"), patch.get("kind"))
                        && Objects.equals(group(r), group(patch))
                        && Objects.equals(Yaml2.path(r, "metadata.name"), Yaml2.path(patch, "metadata.name")))
                .toList();
        if (targets.size() != 1) {
            throw new IllegalArgumentException(from + ": patch for " + patch.get("kind") + "/"
                    + Yaml2.path(patch, "metadata.name") + " matches " + targets.size() + " resources, not 1");
        }
        StrategicMerge.merge(targets.get(0), patch, String.valueOf(patch.get("kind")));
    }

    private static String group(Map<String, Object> r) {
        String apiVersion = (String) r.get("apiVersion");
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    private static void applyImage(List<Map<String, Object>> all, Map<String, Object> image, Path dir) {
        for (String field : image.keySet()) {
            if (!Set.of("name", "newName", "newTag").contains(field)) {
                throw new UnsupportedOperationException(dir + ": images field '" + field + "' is not supported");
            }
        }
        String name = (String) image.get("name");
        int hits = 0;
        for (Map<String, Object> r : all) {
            for (Map<String, Object> c : Manifests.podContainers(r)) {
                Object current = c.get("image");
                if (current instanceof String s && Images.name(s).equals(name)) {
                    String newName = image.get("newName") != null ? (String) image.get("newName") : name;
                    String tag = image.get("newTag") != null ? String.valueOf(image.get("newTag")) : Images.tag(s);
                    c.put("image", tag == null ? newName : newName + ":" + tag);
                    hits++;
                }
            }
        }
        if (hits == 0) {
            throw new IllegalArgumentException(dir + ": image '" + name + "' is used by no container");
        }
    }

    /** The merged kustomization of a directory, with its resources keyed by kind/name. */
    static Map<String, Map<String, Object>> byId(List<Map<String, Object>> resources) {
        Map<String, Map<String, Object>> m = new LinkedHashMap<>();
        resources.forEach(r -> m.put(r.get("kind") + "/" + Yaml2.path(r, "metadata.name"), r));
        return m;
    }
}
