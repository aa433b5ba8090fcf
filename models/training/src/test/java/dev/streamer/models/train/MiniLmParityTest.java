package dev.streamer.models.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.streamer.models.BertTokenizer;
import java.io.ByteArrayInputStream;
import java.nio.LongBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The DJL MiniLM that training runs on PyTorch, loaded from the float ONNX initializers, gives the same token
 * states as ONNX Runtime running that float graph; and quantising the float weights with {@link Int8Weights}
 * gives exactly the weights of the published int8 graph, so the export writes fine-tuned weights the way the
 * shipped graph was made.
 */
class MiniLmParityTest {

    @Test
    void pyTorchEncoderMatchesTheFloatOnnxGraph() throws Exception {
        byte[] floatBytes = BaseModel.FLOAT.bytes();
        OnnxGraph graph = OnnxGraph.read(floatBytes);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        BertTokenizer tokenizer = BertTokenizer.read(new ByteArrayInputStream(BaseModel.TOKENIZER.bytes()), 128);
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager();
                OrtSession session = env.createSession(floatBytes, new OrtSession.SessionOptions())) {
            MiniLm model = MiniLm.fromOnnx(graph, manager);
            for (String text : List.of(
                    "I love this so much, thank you!",
                    "Wait, what? How is that even possible?",
                    "[NAME] is the worst, I can't stand him.")) {
                long[] ids = tokenizer.encode(text);
                float[] embedded = model.embed(ids);
                int len = ids.length;
                float[] djl = model.layers(
                                manager.create(embedded, new Shape(1, len, MiniLm.HIDDEN)),
                                manager.zeros(new Shape(1, 1, 1, len)),
                                null,
                                0,
                                MiniLm.LAYERS,
                                false,
                                0f)
                        .toFloatArray();
                long[] shape = {1, len};
                long[] ones = new long[len];
                java.util.Arrays.fill(ones, 1);
                try (OnnxTensor a = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
                        OnnxTensor b = OnnxTensor.createTensor(env, LongBuffer.wrap(ones), shape);
                        OnnxTensor c = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[len]), shape);
                        OrtSession.Result r =
                                session.run(Map.of("input_ids", a, "attention_mask", b, "token_type_ids", c))) {
                    float[] ort = new float[len * MiniLm.HIDDEN];
                    ((OnnxTensor) r.get(0)).getFloatBuffer().get(ort);
                    for (int i = 0; i < ort.length; i++) {
                        assertThat(djl[i]).as("%s, value %d", text, i).isCloseTo(ort[i], within(2e-4f));
                    }
                }
            }
        }
    }

    @Test
    void quantisingTheFloatWeightsReproducesThePublishedInt8Graph() throws Exception {
        OnnxGraph floats = OnnxGraph.read(BaseModel.FLOAT.bytes());
        OnnxGraph int8 = OnnxGraph.read(BaseModel.INT8.bytes());
        Map<String, String> f = floats.matMulWeights();
        Map<String, String> q = int8.matMulWeights();
        assertThat(f).hasSize(36).containsOnlyKeys(q.keySet());
        for (Map.Entry<String, String> e : f.entrySet()) {
            long[] dims = floats.dims(e.getValue());
            Int8Weights.Quantised mine =
                    Int8Weights.quantise(floats.floats(e.getValue()), (int) dims[0], (int) dims[1]);
            String name = q.get(e.getKey());
            assertThat(mine.values()).as(e.getKey()).isEqualTo(int8.bytes(name + "_quantized"));
            assertThat(mine.scales()).as(e.getKey()).isEqualTo(int8.floats(name + "_scale"));
        }
    }
}
