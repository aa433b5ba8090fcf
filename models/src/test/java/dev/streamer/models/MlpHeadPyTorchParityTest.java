package dev.streamer.models;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.InputStream;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped parameters are DJL parameters of a PyTorch-trained block: loading them into the block on the
 * PyTorch engine and running it gives the same logits as the plain-Java head used at inference.
 */
class MlpHeadPyTorchParityTest {

    @Test
    void javaHeadEqualsPyTorchForward() throws Exception {
        ModelEnvironment.apply(ModelConfig.defaults());
        HeadCard card;
        try (InputStream in = resource(HeadCard.FILE)) {
            card = HeadCard.read(in);
        }
        MlpHead javaHead;
        try (InputStream in = resource(MlpHead.PARAMS_FILE)) {
            javaHead = MlpHead.load(in, card.hidden());
        }
        Engine pytorch = Engine.getEngine("PyTorch");
        SequentialBlock block = MlpHead.newBlock(card.hidden(), card.dropout());
        Random random = new Random(7);
        try (NDManager manager = pytorch.newBaseManager();
             DataInputStream in = new DataInputStream(resource(MlpHead.PARAMS_FILE))) {
            block.loadParameters(manager, in);
            for (int n = 0; n < 5; n++) {
                float[] x = new float[SentenceEncoder.DIM];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) random.nextGaussian() / 20f;
                }
                NDArray input = manager.create(x, new Shape(1, x.length));
                float[] expected = block.forward(new ParameterStore(manager, false), new NDList(input), false)
                        .singletonOrThrow().toFloatArray();
                float[] actual = javaHead.logits(x);
                for (int c = 0; c < expected.length; c++) {
                    assertThat(actual[c]).isCloseTo(expected[c], org.assertj.core.api.Assertions.within(1e-4f));
                }
            }
        }
    }

    private static InputStream resource(String file) {
        InputStream in = MlpHeadPyTorchParityTest.class.getClassLoader().getResourceAsStream(HeadCard.RESOURCE_DIR + file);
        assertThat(in).as("shipped head file %s", file).isNotNull();
        return in;
    }
}
