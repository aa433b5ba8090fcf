package dev.streamer.models.train;

import dev.streamer.models.EncoderKind;
import dev.streamer.models.ModelConfig;
import dev.streamer.models.SentenceEncoder;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sentence embeddings of a data split, computed once with the same encoder and call pattern as
 * {@code EmotionClassifier.classify(String)} (one text per call) and cached under
 * {@code <streamer home>/embeddings/} (never committed).
 */
public final class EmbeddingCache {

    private final Path dir;
    private final ModelConfig config;
    private final EncoderKind kind;
    private final int threads;
    private final PrintStream log;

    public EmbeddingCache(Path dir, ModelConfig config, EncoderKind kind, int threads, PrintStream log) {
        this.dir = dir;
        this.config = config;
        this.kind = kind;
        this.threads = Math.max(1, threads);
        this.log = log;
    }

    /** Embeddings of {@code texts}, keyed by the data file's hash (texts must be that file's kept rows, in order). */
    public float[][] get(String name, String fileSha, List<String> texts) throws Exception {
        Path file = dir.resolve(kind.id() + "-" + config.maxTokens() + "-" + name + "-" + fileSha.substring(0, 16) + ".f32");
        if (Files.isRegularFile(file)) {
            float[][] cached = read(file);
            if (cached.length == texts.size()) {
                log.printf("embeddings %s: %d from cache %s%n", name, cached.length, file);
                return cached;
            }
        }
        long t0 = System.nanoTime();
        float[][] out = compute(texts);
        log.printf("embeddings %s: %d computed in %.1f s%n", name, out.length, (System.nanoTime() - t0) / 1e9);
        write(file, out);
        return out;
    }

    private float[][] compute(List<String> texts) throws Exception {
        float[][] out = new float[texts.size()][];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    try (SentenceEncoder encoder = SentenceEncoder.load(config, kind)) {
                        int i;
                        while ((i = next.getAndIncrement()) < texts.size()) {
                            out[i] = encoder.embed(texts.get(i));
                            if (i > 0 && i % 5000 == 0) {
                                log.printf("  %d/%d%n", i, texts.size());
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    static float[][] read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            int n = in.readInt();
            int dim = in.readInt();
            float[][] out = new float[n][dim];
            for (float[] row : out) {
                for (int d = 0; d < dim; d++) {
                    row[d] = in.readFloat();
                }
            }
            return out;
        }
    }

    static void write(Path file, float[][] data) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".part");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
            out.writeInt(data.length);
            out.writeInt(data.length == 0 ? 0 : data[0].length);
            for (float[] row : data) {
                for (float v : row) {
                    out.writeFloat(v);
                }
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
