package dev.streamer.k8s;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Renders kustomizations with the real {@code kubectl kustomize}, so every check tests what {@code kubectl apply -k}
 * sends to a cluster. kubectl is required: without it the module's tests fail (they never skip).
 */
final class Kubectl {

    private Kubectl() {
    }

    /** The resources {@code kubectl kustomize dir} renders, in its order. */
    static List<Map<String, Object>> kustomize(Path dir) {
        return parse(kustomizeText(dir));
    }

    static String kustomizeText(Path dir) {
        Path kubectl = onPath("kubectl");
        if (kubectl == null) {
            throw new AssertionError("kubectl is not on the PATH: the k8s module renders the overlays with "
                    + "`kubectl kustomize` (k8s/README.md, \"Tests\"); install kubectl 1.27 or later");
        }
        try {
            Path err = Files.createTempFile("kubectl-kustomize", ".err");
            try {
                Process p = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                        .redirectError(err.toFile()).start();
                byte[] out = p.getInputStream().readAllBytes();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("kubectl kustomize " + dir + " did not finish in 120 s");
                }
                if (p.exitValue() != 0) {
                    throw new AssertionError("kubectl kustomize " + dir + " failed (exit " + p.exitValue() + "): "
                            + Files.readString(err));
                }
                return new String(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
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

    private static Path onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
