package dev.streamer.k8s;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where kubectl is installed (it carries kustomize), the Java renderer must produce exactly what
 * {@code kubectl kustomize} produces for both overlays, so the other checks test what a cluster would receive.
 */
class KubectlKustomizeTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void javaRendererEqualsKubectlKustomize(String overlay) throws Exception {
        Path kubectl = onPath("kubectl");
        Assumptions.assumeTrue(kubectl != null, "kubectl is not installed: the renderer is compared with it where it is");
        Process p = new ProcessBuilder(kubectl.toString(), "kustomize", Repo.path("k8s/overlays/" + overlay).toString())
                .redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("kubectl kustomize: " + text).isZero();

        Map<String, Object> expected = new TreeMap<>();
        for (Object doc : new Yaml().loadAll(text)) {
            if (doc != null) {
                Map<String, Object> r = Yaml2.map(doc);
                expected.put(id(r), r);
            }
        }
        Map<String, Object> actual = new TreeMap<>();
        Kustomize.render(Repo.path("k8s/overlays/" + overlay)).forEach(r -> actual.put(id(r), r));
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        for (String id : expected.keySet()) {
            assertThat(actual.get(id)).as(overlay + ": " + id).isEqualTo(expected.get(id));
        }
    }

    private static String id(Map<String, Object> r) {
        return r.get("kind") + "/" + Yaml2.path(r, "metadata.namespace") + "/" + Yaml2.path(r, "metadata.name");
    }

    private static Path onPath(String command) throws IOException {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        List<String> dirs = Arrays.asList(path.split(File.pathSeparator));
        for (String dir : dirs) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
