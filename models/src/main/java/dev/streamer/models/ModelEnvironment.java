package dev.streamer.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

/**
 * Process-wide settings that DJL, its engines and ONNX Runtime read: offline mode, telemetry opt-out,
 * cache folders and the temporary folder. {@link #apply(ModelConfig)} is called by
 * {@link EmotionClassifier#load(ModelConfig)} and by the CLI, so library users (the Flink job) get the same
 * safe defaults. Every setting can be overridden by an environment variable or a {@code -D} system property
 * of the same name set before the first model load.
 *
 * <ul>
 *   <li>{@code ai.djl.offline=true} and {@code OPT_OUT_TRACKING=true}: no downloads, no telemetry.</li>
 *   <li>{@code ai.djl.default_engine=OnnxRuntime}, {@code ai.djl.onnx.disable_alternative=true}: inference never
 *       starts PyTorch; training asks for it by name.</li>
 *   <li>{@code DJL_CACHE_DIR} (default {@code <streamer home>/djl-cache}) and {@code ENGINE_CACHE_DIR}
 *       (default: the same folder): where DJL unpacks the PyTorch and tokenizer natives
 *       (the first PyTorch start unpacks ~430 MB).</li>
 *   <li>{@code java.io.tmpdir} (default {@code <streamer home>/tmp}, unless the JVM was started with an explicit
 *       {@code -Djava.io.tmpdir} or {@code STREAMER_TMPDIR} is set): ONNX Runtime extracts its natives into a
 *       new folder there on each start; folders older than a day are removed on load. The JDK reads this
 *       property once, at the first temporary file of the JVM: a host that created temp files before the
 *       first model load (e.g. a Flink TaskManager) should pass {@code -Djava.io.tmpdir} itself.</li>
 * </ul>
 *
 * The streamer home is {@code STREAMER_HOME} (env or system property {@code streamer.home}); otherwise the
 * git-ignored {@code .streamer/} folder of the project root found above the working directory; otherwise
 * {@code ~/.streamer}.
 */
public final class ModelEnvironment {

    private ModelEnvironment() {
    }

    /** Reads an environment variable, then a system property of the same name. */
    static String envOrProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            value = System.getenv(name);
        }
        return value == null || value.isBlank() ? null : value;
    }

    /** The project root: {@code STREAMER_ROOT} or the nearest folder above the working directory with a root pom and models/. */
    public static Path projectRoot() {
        String explicit = envOrProperty("STREAMER_ROOT");
        if (explicit != null) {
            return Paths.get(explicit).toAbsolutePath().normalize();
        }
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("models"))
                    && Files.isDirectory(dir.resolve("contract"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        return null;
    }

    /** The folder for caches and generated files, see the class comment. */
    public static Path streamerHome() {
        String explicit = envOrProperty("STREAMER_HOME");
        if (explicit == null) {
            explicit = System.getProperty("streamer.home");
        }
        if (explicit != null) {
            return Paths.get(explicit).toAbsolutePath().normalize();
        }
        Path root = projectRoot();
        if (root != null) {
            return root.resolve(".streamer");
        }
        return Paths.get(System.getProperty("user.home"), ".streamer");
    }

    /**
     * Sets the DJL and JVM properties described in the class comment, unless already set. Idempotent and cheap.
     *
     * @param config the model configuration; its {@code cacheDir} and {@code tmpDir} (if set) win over defaults
     */
    public static synchronized void apply(ModelConfig config) {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("OPT_OUT_TRACKING", "true");
        Path home = streamerHome();
        Path cache = config != null && config.cacheDir() != null ? config.cacheDir() : home.resolve("djl-cache");
        String djlCache = setIfAbsent("DJL_CACHE_DIR", cache.toString());
        setIfAbsent("ENGINE_CACHE_DIR", djlCache);
        // Inference runs on OnnxRuntime only: don't let DJL start PyTorch as OnnxRuntime's helper engine or as
        // the default engine (it costs ~1 s and ~200 MB). Training asks for PyTorch by name.
        setIfAbsent("ai.djl.onnx.disable_alternative", "true");
        setIfAbsent("ai.djl.default_engine", "OnnxRuntime");
        // One thread per PyTorch op: reproducible training, and PyTorch is only used for the small head.
        setIfAbsent("ai.djl.pytorch.num_threads", "1");
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
        mkdirs(Paths.get(djlCache));

        Path tmp = null;
        if (config != null && config.tmpDir() != null) {
            tmp = config.tmpDir();
        } else if (envOrProperty("STREAMER_TMPDIR") != null) {
            tmp = Paths.get(envOrProperty("STREAMER_TMPDIR"));
        } else if (!tmpdirGivenOnCommandLine()) {
            tmp = home.resolve("tmp");
        }
        if (tmp != null) {
            mkdirs(tmp);
            System.setProperty("java.io.tmpdir", tmp.toAbsolutePath().toString());
        }
        removeStaleOrtFolders(Paths.get(System.getProperty("java.io.tmpdir")));
    }

    private static boolean tmpdirGivenOnCommandLine() {
        try {
            return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .anyMatch(a -> a.startsWith("-Djava.io.tmpdir="));
        } catch (RuntimeException e) {
            return true;
        }
    }

    private static String setIfAbsent(String name, String value) {
        String existing = envOrProperty(name);
        if (existing != null) {
            if (System.getProperty(name) == null) {
                System.setProperty(name, existing);
            }
            return existing;
        }
        System.setProperty(name, value);
        return value;
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create folder " + dir + " (set STREAMER_HOME, DJL_CACHE_DIR or "
                    + "STREAMER_TMPDIR to a writable path)", e);
        }
    }

    /** ONNX Runtime leaves an {@code onnxruntime-java*} folder per start; drop the ones older than a day. */
    private static void removeStaleOrtFolders(Path tmp) {
        Instant cutoff = Instant.now().minus(Duration.ofDays(1));
        try (Stream<Path> list = Files.list(tmp)) {
            list.filter(p -> p.getFileName().toString().startsWith("onnxruntime-java"))
                    .filter(p -> {
                        try {
                            FileTime t = Files.getLastModifiedTime(p);
                            return t.toInstant().isBefore(cutoff);
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .forEach(ModelEnvironment::deleteTree);
        } catch (IOException | RuntimeException ignored) {
            // housekeeping only
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // housekeeping only
        }
    }
}
