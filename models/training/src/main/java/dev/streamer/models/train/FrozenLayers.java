package dev.streamer.models.train;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.streamer.models.BertTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The frozen lower part of the encoder, run once per text: the shipped int8 graph with the output of layer
 * {@code from - 1} (or of the embeddings, for {@code from = 0}) added as a graph output, on ONNX Runtime, one text
 * per run as at inference. Training the top layers on these states means they learn on exactly what the int8
 * lower layers give them in the job; it is also ~10x cheaper than the float layers on PyTorch.
 */
public final class FrozenLayers {

    private FrozenLayers() {}

    /** Name of the float tensor leaving the frozen part. */
    static String tensor(int from) {
        return from == 0
                ? "/embeddings/LayerNorm/Add_1_output_0"
                : "/encoder/layer." + (from - 1) + "/output/LayerNorm/Add_1_output_0";
    }

    /** Token states {@code [len * 384]} of each text after the frozen part, computed on {@code threads} threads. */
    public static float[][] states(List<String> texts, BertTokenizer tokenizer, int from, int threads)
            throws Exception {
        String name = tensor(from);
        byte[] graph = OnnxGraph.read(BaseModel.INT8.bytes()).withOutput(name);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[][] out = new float[texts.size()][];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                        options.setIntraOpNumThreads(1);
                        options.setInterOpNumThreads(1);
                        options.addConfigEntry("session.intra_op.allow_spinning", "0");
                        try (OrtSession session = env.createSession(graph, options)) {
                            int i;
                            while ((i = next.getAndIncrement()) < texts.size()) {
                                long[] ids = tokenizer.encode(texts.get(i));
                                long[] shape = {1, ids.length};
                                long[] mask = new long[ids.length];
                                java.util.Arrays.fill(mask, 1L);
                                try (OnnxTensor a = OnnxTensor.createTensor(env, java.nio.LongBuffer.wrap(ids), shape);
                                        OnnxTensor b =
                                                OnnxTensor.createTensor(env, java.nio.LongBuffer.wrap(mask), shape);
                                        OnnxTensor c = OnnxTensor.createTensor(
                                                env, java.nio.LongBuffer.wrap(new long[ids.length]), shape);
                                        OrtSession.Result r = session.run(
                                                Map.of("input_ids", a, "attention_mask", b, "token_type_ids", c),
                                                java.util.Set.of(name))) {
                                    java.nio.FloatBuffer h = ((OnnxTensor) r.get(0)).getFloatBuffer();
                                    float[] row = new float[h.remaining()];
                                    h.get(row);
                                    out[i] = row;
                                }
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
}
