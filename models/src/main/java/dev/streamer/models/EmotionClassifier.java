package dev.streamer.models;

import dev.streamer.contract.Emotion;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Emotion of a short text: one of {@link Emotion#ALL} with the seven probabilities.
 *
 * <p>Pipeline: DJL HuggingFace tokenizer (all-MiniLM-L6-v2, truncated at 128 tokens) → ONNX encoder on DJL's
 * OnnxRuntime engine → mean pooling + L2 normalisation → MLP head trained with DJL on PyTorch, shipped as DJL
 * parameters in this module's resources ({@code dev/streamer/models/head/}).
 *
 * <h2>Loading</h2>
 * <pre>{@code
 * try (EmotionClassifier classifier = EmotionClassifier.load(ModelConfig.defaults())) {
 *     EmotionResult r = classifier.classify("I love this!");   // r.label() == Emotion.JOY
 * }
 * }</pre>
 * {@link #load(ModelConfig)} sets DJL offline mode, telemetry opt-out, cache and temp folders
 * ({@link ModelEnvironment}), unpacks the encoder files into the cache once, and opens one ONNX Runtime session
 * (about a second and ~150 MB of RSS). It never downloads anything; if a native library or model file is missing it throws an
 * {@link IllegalStateException} naming what is missing. In Flink, call it in {@code RichFunction.open()} and
 * close it in {@code close()}: one instance per subtask, never a static singleton.
 *
 * <h2>Threads</h2>
 * One instance owns one DJL {@code Predictor}; DJL predictors are not thread-safe, so the classify methods are
 * {@code synchronized}. For parallelism use one instance per thread (one Predictor per thread), each with
 * {@code intraOpThreads} 1 (the default: the session runs on the caller's thread, no spinning pool).
 *
 * <h2>Inputs</h2>
 * Any string is accepted: {@code null}, empty, whitespace-only, emoji-only or non-English text yields a result
 * (usually neutral with low confidence); long text is truncated at 128 tokens.
 *
 * <p>{@link #close()} frees the native session, tokenizer and arrays; the instance is unusable afterwards.
 */
public final class EmotionClassifier implements AutoCloseable {

    private final SentenceEncoder encoder;
    private final MlpHead head;
    private final HeadCard card;
    private boolean closed;

    private EmotionClassifier(SentenceEncoder encoder, MlpHead head, HeadCard card) {
        this.encoder = encoder;
        this.head = head;
        this.card = card;
    }

    /** Loads the encoder and the head described by {@code config}; see the class comment. */
    public static EmotionClassifier load(ModelConfig config) {
        ModelEnvironment.apply(config);
        HeadCard card;
        MlpHead head;
        String where = config.headDir() != null ? config.headDir().toString() : "classpath:/" + HeadCard.RESOURCE_DIR;
        try (InputStream cardIn = open(config.headDir(), HeadCard.FILE);
             InputStream paramsIn = open(config.headDir(), MlpHead.PARAMS_FILE)) {
            if (cardIn == null || paramsIn == null) {
                throw new IllegalStateException("emotion head missing: " + (cardIn == null ? HeadCard.FILE + " " : "")
                        + (paramsIn == null ? MlpHead.PARAMS_FILE + " " : "") + "not found in " + where
                        + " (train one with `bin/streamer model train`)");
            }
            card = HeadCard.read(cardIn);
            List<String> expected = Emotion.ALL.stream().map(Emotion::label).toList();
            if (!expected.equals(card.labels())) {
                throw new IllegalStateException("head labels " + card.labels() + " differ from " + expected);
            }
            head = MlpHead.load(paramsIn, card.hidden());
        } catch (IOException | ai.djl.MalformedModelException e) {
            throw new IllegalStateException("cannot read the emotion head from " + where + ": " + e.getMessage(), e);
        }
        EncoderKind kind = config.encoder() != null ? config.encoder() : card.encoderKind();
        if (kind != card.encoderKind()) {
            throw new IllegalStateException("the head in " + where + " was trained on the " + card.encoder()
                    + " encoder, not " + kind.id());
        }
        SentenceEncoder encoder = SentenceEncoder.load(config, kind);
        return new EmotionClassifier(encoder, head, card);
    }

    private static InputStream open(Path dir, String file) throws IOException {
        if (dir != null) {
            Path p = dir.resolve(file);
            return Files.isRegularFile(p) ? Files.newInputStream(p) : null;
        }
        return EmotionClassifier.class.getClassLoader().getResourceAsStream(HeadCard.RESOURCE_DIR + file);
    }

    /** The model card of the loaded head. */
    public HeadCard card() {
        return card;
    }

    public EncoderKind encoderKind() {
        return encoder.kind();
    }

    /** Classifies one text. */
    public synchronized EmotionResult classify(String text) {
        ensureOpen();
        return EmotionResult.of(head.probabilities(encoder.embed(text)));
    }

    /**
     * Classifies several texts, results in input order. Each text is encoded on its own (one text per session
     * run): the int8 encoder quantises activations per tensor, so padding texts into one batch would make a
     * text's result depend on its neighbours. Equal to calling {@link #classify(String)} for each.
     */
    public synchronized List<EmotionResult> classify(List<String> texts) {
        ensureOpen();
        List<EmotionResult> out = new ArrayList<>(texts.size());
        for (String text : texts) {
            out.add(EmotionResult.of(head.probabilities(encoder.embed(text))));
        }
        return out;
    }

    /** The normalised sentence embedding the head sees (for training and diagnostics). */
    public synchronized float[] embed(String text) {
        ensureOpen();
        return encoder.embed(text);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("EmotionClassifier is closed");
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            encoder.close();
        }
    }
}
