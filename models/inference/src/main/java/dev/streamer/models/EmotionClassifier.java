package dev.streamer.models;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.streamer.contract.Emotion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Emotion of a short text: one of {@link Emotion#ALL} with the seven probabilities.
 *
 * <p>Pipeline: all-MiniLM-L6-v2's WordPiece tokenizer ({@link BertTokenizer}, truncated at the card's 128 tokens) → the
 * fine-tuned MiniLM encoder as an int8 ONNX graph on ONNX Runtime → mean pooling over the tokens → linear head
 * ({@link EmotionHead}). The four files (encoder, tokenizer, head, card) are resources of this module
 * ({@value #RESOURCE_DIR}) or a folder the caller names ({@link ModelConfig#modelDir()}).
 *
 * <h2>Loading</h2>
 * <pre>{@code
 * try (EmotionClassifier classifier = EmotionClassifier.load(ModelConfig.defaults())) {
 *     EmotionResult r = classifier.classify("I love this!");   // r.label() == Emotion.JOY
 * }
 * }</pre>
 * {@link #load(ModelConfig)} reads the files into memory and opens one ONNX Runtime session from the bytes
 * (about a second, ~150 MB of RSS). It changes no JVM-wide setting (no system property, no temp folder, no
 * search for folders) and writes no file of its own; ONNX Runtime unpacks its native library where its own
 * settings say. It never downloads or reports anything. A missing file throws an
 * {@link IllegalStateException} naming it. In Flink, load it in {@code RichFunction.open()} and close it in
 * {@code close()}: one instance per subtask, never a static singleton.
 *
 * <h2>Threads</h2>
 * One instance owns one ONNX Runtime session run with {@code intraOpThreads} threads per call (default 1: the
 * caller's thread, no spinning). The classify methods may be called from many threads at once: the tokenizer and the
 * head are immutable and ONNX Runtime's {@code Run} is thread-safe, so one instance (one copy of the weights) serves
 * as many threads as there are cores. {@link #close()} waits for the calls under way.
 *
 * <h2>Inputs</h2>
 * Any string is accepted: {@code null}, empty, whitespace-only, emoji-only or non-English text yields a result
 * (usually neutral); long text is truncated.
 */
public final class EmotionClassifier implements AutoCloseable {

    /** Classpath folder of the shipped model. */
    public static final String RESOURCE_DIR = "dev/streamer/models/emotion/";

    public static final String ENCODER_FILE = "encoder.onnx";
    public static final String TOKENIZER_FILE = "tokenizer.json";
    public static final String HEAD_FILE = "emotion-head.json";
    public static final String CARD_FILE = "model-card.json";

    private final OrtEnvironment env;
    private final OrtSession session;
    private final BertTokenizer tokenizer;
    private final EmotionHead head;
    private final ModelCard card;
    /** Read: a call under way; write: closing (no call may use a closed session). */
    private final ReadWriteLock open = new ReentrantReadWriteLock();

    private boolean closed;

    private EmotionClassifier(
            OrtEnvironment env, OrtSession session, BertTokenizer tokenizer, EmotionHead head, ModelCard card) {
        this.env = env;
        this.session = session;
        this.tokenizer = tokenizer;
        this.head = head;
        this.card = card;
    }

    /** Loads the model described by {@code config}; see the class comment. */
    public static EmotionClassifier load(ModelConfig config) {
        Path dir = config.modelDir();
        String where = dir != null ? dir.toString() : "classpath:/" + RESOURCE_DIR;
        ModelCard card;
        EmotionHead head;
        byte[] encoder;
        byte[] tokenizerJson;
        try {
            card = ModelCard.read(new java.io.ByteArrayInputStream(read(dir, CARD_FILE, where)));
            head = EmotionHead.read(new java.io.ByteArrayInputStream(read(dir, HEAD_FILE, where)));
            encoder = read(dir, ENCODER_FILE, where);
            tokenizerJson = read(dir, TOKENIZER_FILE, where);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the emotion model from " + where + ": " + e.getMessage(), e);
        }
        List<String> expected = Emotion.ALL.stream().map(Emotion::label).toList();
        if (!expected.equals(card.labels()) || !expected.equals(head.labels())) {
            throw new IllegalStateException("model labels " + card.labels() + " / " + head.labels() + " in " + where
                    + " differ from " + expected);
        }
        int maxTokens = config.maxTokens() > 0 ? config.maxTokens() : card.maxTokens();
        BertTokenizer tokenizer;
        try (InputStream in = new java.io.ByteArrayInputStream(tokenizerJson)) {
            tokenizer = BertTokenizer.read(in, maxTokens);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the tokenizer from " + where + ": " + e.getMessage(), e);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(config.intraOpThreads());
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            OrtSession session = env.createSession(encoder, options);
            return new EmotionClassifier(env, session, tokenizer, head, card);
        } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
            throw new IllegalStateException(
                    "cannot open the ONNX encoder from " + where + " on ONNX Runtime (needs "
                            + "com.microsoft.onnxruntime:onnxruntime on the classpath): " + e.getMessage(),
                    e);
        }
    }

    private static byte[] read(Path dir, String file, String where) throws IOException {
        if (dir != null) {
            Path p = dir.resolve(file);
            if (!Files.isRegularFile(p)) {
                throw missing(file, where);
            }
            return Files.readAllBytes(p);
        }
        try (InputStream in = EmotionClassifier.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + file)) {
            if (in == null) {
                throw missing(file, where);
            }
            return in.readAllBytes();
        }
    }

    private static IllegalStateException missing(String file, String where) {
        return new IllegalStateException("emotion model file missing: " + file + " not found in " + where
                + " (train one with `bin/streamer model train --fine-tune`)");
    }

    /** The token ids the encoder sees for {@code text}. */
    public long[] tokenize(String text) {
        return tokenizer.encode(text);
    }

    /** The model card of the loaded model. */
    public ModelCard card() {
        return card;
    }

    /** The head of the loaded model. */
    public EmotionHead head() {
        return head;
    }

    /** Classifies one text. */
    public EmotionResult classify(String text) {
        return whileOpen(() -> resultOf(text));
    }

    /**
     * Classifies several texts, results in input order, each text run on its own: the int8 encoder quantises
     * activations per tensor, so padding texts into one batch would make a text's result depend on its
     * neighbours. Equal to calling {@link #classify(String)} for each.
     */
    public List<EmotionResult> classify(List<String> texts) {
        return whileOpen(() -> {
            List<EmotionResult> out = new ArrayList<>(texts.size());
            for (String text : texts) {
                out.add(resultOf(text));
            }
            return out;
        });
    }

    /** The head's raw logits (no offsets): {@code sigmoid} of them are the multi-label probabilities. */
    public float[] logits(String text) {
        return whileOpen(() -> head.logits(pooled(text)));
    }

    private EmotionResult resultOf(String text) {
        return EmotionResult.of(head.singleLabelScores(head.logits(pooled(text))));
    }

    /** Mean of the encoder's token states over the text's tokens. */
    private float[] pooled(String text) {
        long[] ids = tokenizer.encode(text);
        long[] shape = {1, ids.length};
        long[] mask = new long[ids.length];
        java.util.Arrays.fill(mask, 1L);
        OnnxTensor a = null;
        OnnxTensor b = null;
        OnnxTensor c = null;
        try {
            a = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
            b = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
            c = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[ids.length]), shape);
            try (OrtSession.Result result =
                    session.run(Map.of("input_ids", a, "attention_mask", b, "token_type_ids", c))) {
                FloatBuffer h = ((OnnxTensor) result.get(0)).getFloatBuffer();
                int dim = head.inputDim();
                int n = h.remaining() / dim;
                float[] v = new float[dim];
                for (int t = 0; t < n; t++) {
                    for (int d = 0; d < dim; d++) {
                        v[d] += h.get();
                    }
                }
                for (int d = 0; d < dim; d++) {
                    v[d] /= Math.max(n, 1);
                }
                return v;
            }
        } catch (OrtException ex) {
            throw new IllegalStateException("encoder failed: " + ex.getMessage(), ex);
        } finally {
            for (OnnxTensor t : new OnnxTensor[] {a, b, c}) {
                if (t != null) {
                    t.close();
                }
            }
        }
    }

    private <T> T whileOpen(Supplier<T> call) {
        open.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("EmotionClassifier is closed");
            }
            return call.get();
        } finally {
            open.readLock().unlock();
        }
    }

    @Override
    public void close() {
        open.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                session.close();
            }
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        } finally {
            open.writeLock().unlock();
        }
    }
}
