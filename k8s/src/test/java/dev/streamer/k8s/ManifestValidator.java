package dev.streamer.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Runs the offline schema check of rendered manifests, {@code k8s/validate/validate.mjs} (k8s/README.md, "Schemas"),
 * with the machine's Node.js: every resource against the kubernetes-models validator and TypeScript type of its kind,
 * unknown fields rejected. Its packages are installed by the module's {@code npm ci} (Maven's initialize phase).
 */
final class ManifestValidator {

    /** What the script answered: its exit code (0 valid, 1 errors), one line per error, and its summary line. */
    record Result(int exitCode, List<String> errors, String summary) {}

    private static final Pattern SUMMARY = Pattern.compile("validate: \\d+ resources, \\d+ errors");

    private ManifestValidator() {}

    /** Validates a multi-document YAML text, as {@code kubectl kustomize} prints it. */
    static Result validate(String renderedYaml) {
        Path script = Repo.path("k8s/validate/validate.mjs");
        if (!Files.isDirectory(Repo.path("k8s/node_modules/kubernetes-models"))) {
            throw new AssertionError("k8s/node_modules is missing: `mvn -pl k8s verify` runs `npm ci` in k8s/ first "
                    + "(or run it there by hand)");
        }
        Path node = node();
        try {
            Path input = Files.createTempFile("rendered", ".yaml");
            try {
                Files.writeString(input, renderedYaml);
                Processes.Output out =
                        Processes.run(List.of(node.toString(), script.toString(), input.toString()), 300);
                String summary = out.stderr().strip();
                // anything but the summary line (a crash, a missing package) is a failure of the check, not a verdict
                if (out.exitCode() > 1 || !SUMMARY.matcher(summary).matches()) {
                    throw new AssertionError(
                            script + " failed (exit " + out.exitCode() + "): " + summary + "\n" + out.stdout());
                }
                return new Result(
                        out.exitCode(),
                        out.stdout().lines().filter(l -> !l.isBlank()).toList(),
                        summary);
            } finally {
                Files.deleteIfExists(input);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The system property {@code streamer.node} (set by the pom from {@code -Dnode.executable}): a path or a name on the PATH. */
    private static Path node() {
        String configured = System.getProperty("streamer.node", "node");
        Path node = configured.contains("/") ? Path.of(configured) : Processes.onPath(configured);
        if (node == null || !Files.isExecutable(node)) {
            throw new AssertionError("Node.js (" + configured + ") is not on the PATH: the k8s module validates the "
                    + "rendered overlays with k8s/validate/validate.mjs (k8s/README.md, \"Schemas\"); install Node.js 20 "
                    + "or later, or name it with -Dnode.executable=...");
        }
        return node;
    }
}
