package dev.streamer.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository: the root comes from the system property {@code streamer.root} (set by the pom). */
final class Repo {

    private Repo() {}

    static Path root() {
        String explicit = System.getProperty("streamer.root");
        Path root = explicit != null
                ? Path.of(explicit)
                : Path.of("").toAbsolutePath().getParent();
        return root.toAbsolutePath().normalize();
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }

    /** A file another module owns; a missing one fails the test with its name. */
    static String read(String relative) {
        Path p = path(relative);
        if (!Files.isRegularFile(p)) {
            throw new AssertionError("missing " + relative + " (module not there yet?)");
        }
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
