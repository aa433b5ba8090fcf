package dev.streamer.k8s;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The renderer does what kustomize does for the supported subset, and refuses everything else. */
class KustomizeTest {

    @TempDir
    Path dir;

    static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 1
              template:
                spec:
                  containers:
                    - name: app
                      image: example/app:1.0
                      args: ["--a", "--b"]
                      env:
                        - name: A
                          value: "1"
                        - name: GONE
                          value: "x"
                      resources:
                        requests: {cpu: 100m, memory: 64Mi}
                    - name: sidecar
                      image: example/sidecar
            ---
            apiVersion: example.com/v1
            kind: Thing
            metadata:
              name: web
            spec:
              items: [1, 2]
              nested: {keep: true, change: 1}
            """;

    @Test
    void patchesImagesReplicasAndNamespaceApplyLikeKustomize() throws IOException {
        write("base/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [all.yaml]\n");
        write("base/all.yaml", DEPLOYMENT);
        write("over/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                namespace: ns
                resources: [../base]
                patches:
                  - path: web.yaml
                  - path: thing.yaml
                images:
                  - name: example/app
                    newName: registry.test/app
                    newTag: "2.0"
                  - name: example/sidecar
                    newTag: "3"
                replicas:
                  - name: web
                    count: 4
                """);
        write("over/web.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                spec:
                  template:
                    spec:
                      containers:
                        - name: app
                          args: ["--c"]
                          env:
                            - name: B
                              value: "2"
                            - name: A
                              value: "10"
                          resources:
                            limits: {memory: 128Mi}
                            requests: {cpu: null}
                """);
        write("over/thing.yaml", """
                apiVersion: example.com/v1
                kind: Thing
                metadata:
                  name: web
                spec:
                  nested: {change: 2}
                """);
        List<Map<String, Object>> out = Kustomize.render(dir.resolve("over"));
        Map<String, Object> web = out.stream().filter(r -> r.get("kind").equals("Deployment")).findFirst().orElseThrow();
        Map<String, Object> app = Manifests.podContainers(web).get(0);
        Map<String, Object> sidecar = Manifests.podContainers(web).get(1);
        assertThat(app.get("image")).isEqualTo("registry.test/app:2.0");
        assertThat(sidecar.get("image")).isEqualTo("example/sidecar:3");
        assertThat(app.get("args")).isEqualTo(List.of("--c"));
        assertThat(Yaml2.maps(app.get("env"))).extracting(e -> e.get("name") + "=" + e.get("value"))
                .containsExactly("A=10", "GONE=x", "B=2");
        assertThat(Yaml2.path(app, "resources")).isEqualTo(Map.of("requests", Map.of("memory", "64Mi"),
                "limits", Map.of("memory", "128Mi")));
        assertThat(Yaml2.path(web, "spec.replicas")).isEqualTo(4);
        assertThat(Yaml2.path(web, "metadata.namespace")).isEqualTo("ns");
        Map<String, Object> thing = out.stream().filter(r -> r.get("kind").equals("Thing")).findFirst().orElseThrow();
        assertThat(Yaml2.path(thing, "spec.nested")).isEqualTo(Map.of("keep", true, "change", 2));
        assertThat(Yaml2.path(thing, "spec.items")).isEqualTo(List.of(1, 2));
    }

    @Test
    void unsupportedFeaturesAreErrorsNotSilentDifferences() throws IOException {
        write("base/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [all.yaml]\n");
        write("base/all.yaml", DEPLOYMENT);

        write("a/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
                + "resources: [../base]\ncommonLabels: {x: y}\n");
        assertThatThrownBy(() -> Kustomize.render(dir.resolve("a"))).hasMessageContaining("commonLabels");

        write("b/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
                + "resources: [../base]\npatches: [{path: p.yaml}]\n");
        write("b/p.yaml", "apiVersion: example.com/v1\nkind: Thing\nmetadata: {name: web}\nspec: {items: [3]}\n");
        assertThatThrownBy(() -> Kustomize.render(dir.resolve("b"))).hasMessageContaining("custom resource");

        write("b/p.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: nope}\nspec: {replicas: 2}\n");
        assertThatThrownBy(() -> Kustomize.render(dir.resolve("b"))).hasMessageContaining("matches 0 resources");

        write("b/p.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n"
                + "      containers: [{name: app, ports: [{containerPort: 1}]}]\n");
        write("base/all.yaml", DEPLOYMENT.replace("args: [\"--a\", \"--b\"]", "ports: [{containerPort: 2}]"));
        assertThatThrownBy(() -> Kustomize.render(dir.resolve("b"))).hasMessageContaining("'ports'");

        write("c/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
                + "resources: [../base]\nimages: [{name: nothing/uses-this, newTag: '1'}]\n");
        assertThatThrownBy(() -> Kustomize.render(dir.resolve("c"))).hasMessageContaining("used by no container");
    }

    private void write(String path, String text) throws IOException {
        Path p = dir.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }
}
