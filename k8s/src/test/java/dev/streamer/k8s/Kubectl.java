package dev.streamer.k8s;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Renders kustomizations with the real {@code kubectl kustomize}, so every check tests what {@code kubectl apply -k}
 * sends to a cluster. kubectl is required: without it the module's tests fail (they never skip).
 */
final class Kubectl {

    private Kubectl() {}

    /** The resources {@code kubectl kustomize dir} renders, in its order. */
    static List<Map<String, Object>> kustomize(Path dir) {
        return parse(kustomizeText(dir));
    }

    static String kustomizeText(Path dir) {
        Path kubectl = Processes.onPath("kubectl");
        if (kubectl == null) {
            throw new AssertionError("kubectl is not on the PATH: the k8s module renders the overlays with "
                    + "`kubectl kustomize` (k8s/README.md, \"Tests\"); install kubectl 1.27 or later");
        }
        Processes.Output out = Processes.run(List.of(kubectl.toString(), "kustomize", dir.toString()), 120);
        if (out.exitCode() != 0) {
            throw new AssertionError(
                    "kubectl kustomize " + dir + " failed (exit " + out.exitCode() + "): " + out.stderr());
        }
        return out.stdout();
    }

    static List<Map<String, Object>> parse(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object doc : new Yaml(options).loadAll(yaml)) {
            if (doc != null) {
                out.add(Yaml2.map(doc));
            }
        }
        return out;
    }
}
