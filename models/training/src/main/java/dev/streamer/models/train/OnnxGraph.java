package dev.streamer.models.train;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ONNX model read with the ONNX protobuf schema ({@code ai.onnx.proto.OnnxMl} from Tribuo's
 * {@code tribuo-util-onnx}): its initializers by name, read as float arrays, and replaced to write a new model.
 *
 * <p>The all-MiniLM-L6-v2 export names biases and LayerNorm parameters like the HuggingFace module
 * ({@code encoder.layer.0.attention.self.query.bias}) but its MatMul weights {@code onnx::MatMul_787}, stored
 * {@code [in, out]}; {@link #matMulWeights()} maps the HuggingFace weight names to those initializers through the
 * MatMul nodes' names ({@code /encoder/layer.0/attention/self/query/MatMul}).
 */
public final class OnnxGraph {

    private final OnnxMl.ModelProto model;
    private final Map<String, OnnxMl.TensorProto> initializers = new LinkedHashMap<>();

    private OnnxGraph(OnnxMl.ModelProto model) {
        this.model = model;
        for (OnnxMl.TensorProto t : model.getGraph().getInitializerList()) {
            initializers.put(t.getName(), t);
        }
    }

    public static OnnxGraph read(byte[] bytes) throws IOException {
        return new OnnxGraph(OnnxMl.ModelProto.parseFrom(bytes));
    }

    public static OnnxGraph read(Path file) throws IOException {
        return read(Files.readAllBytes(file));
    }

    public boolean has(String name) {
        return initializers.containsKey(name);
    }

    public long[] dims(String name) {
        return tensor(name).getDimsList().stream().mapToLong(Long::longValue).toArray();
    }

    private OnnxMl.TensorProto tensor(String name) {
        OnnxMl.TensorProto t = initializers.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no initializer " + name + " in the ONNX graph");
        }
        return t;
    }

    /** A FLOAT initializer's values in row-major order. */
    public float[] floats(String name) {
        OnnxMl.TensorProto t = tensor(name);
        if (t.getDataType() != OnnxMl.TensorProto.DataType.FLOAT_VALUE) {
            throw new IllegalArgumentException(name + " is not FLOAT but data type " + t.getDataType());
        }
        if (!t.getRawData().isEmpty()) {
            ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            float[] out = new float[b.remaining() / 4];
            b.asFloatBuffer().get(out);
            return out;
        }
        float[] out = new float[t.getFloatDataCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.getFloatData(i);
        }
        return out;
    }

    /** An INT8 or UINT8 initializer's raw bytes. */
    public byte[] bytes(String name) {
        OnnxMl.TensorProto t = tensor(name);
        if (!t.getRawData().isEmpty()) {
            return t.getRawData().toByteArray();
        }
        byte[] out = new byte[t.getInt32DataCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) t.getInt32Data(i);
        }
        return out;
    }

    /**
     * HuggingFace weight name ({@code encoder.layer.N.….weight}) → the initializer feeding that MatMul as its
     * second input (without the {@code _quantized} suffix the int8 graph adds).
     */
    public Map<String, String> matMulWeights() {
        Map<String, String> out = new HashMap<>();
        for (OnnxMl.NodeProto node : model.getGraph().getNodeList()) {
            boolean integer = node.getOpType().equals("MatMulInteger");
            if (!node.getOpType().equals("MatMul") && !integer) {
                continue;
            }
            String w = node.getInput(1);
            if (integer) {
                if (!w.endsWith("_quantized")) {
                    continue;
                }
                w = w.substring(0, w.length() - "_quantized".length());
            } else if (!initializers.containsKey(w)) {
                continue;
            }
            String name = node.getName();
            String suffix = integer ? "/MatMul_quant" : "/MatMul";
            if (!name.startsWith("/") || !name.endsWith(suffix)) {
                throw new IllegalStateException("unexpected MatMul node name " + name);
            }
            String hf = name.substring(1, name.length() - suffix.length()).replace('/', '.') + ".weight";
            if (!initializers.containsKey(hf.replace(".weight", ".bias"))) {
                throw new IllegalStateException("MatMul " + name + " has no bias " + hf.replace(".weight", ".bias"));
            }
            out.put(hf, w);
        }
        return out;
    }

    /** A copy of this model with the named initializers' data replaced (same name, type and shape). */
    public byte[] withInitializers(Map<String, byte[]> rawData) {
        OnnxMl.ModelProto.Builder b = model.toBuilder();
        OnnxMl.GraphProto.Builder g = b.getGraphBuilder();
        int replaced = 0;
        for (int i = 0; i < g.getInitializerCount(); i++) {
            OnnxMl.TensorProto t = g.getInitializer(i);
            byte[] data = rawData.get(t.getName());
            if (data == null) {
                continue;
            }
            g.setInitializer(
                    i,
                    t.toBuilder()
                            .clearFloatData()
                            .clearInt32Data()
                            .setRawData(ByteString.copyFrom(data))
                            .build());
            replaced++;
        }
        if (replaced != rawData.size()) {
            throw new IllegalArgumentException("only " + replaced + " of " + rawData.size() + " initializers found");
        }
        return b.build().toByteArray();
    }

    /** A copy of this model that also outputs the float tensor {@code name} (an intermediate result). */
    public byte[] withOutput(String name) {
        OnnxMl.ModelProto.Builder b = model.toBuilder();
        b.getGraphBuilder()
                .addOutput(OnnxMl.ValueInfoProto.newBuilder()
                        .setName(name)
                        .setType(OnnxMl.TypeProto.newBuilder()
                                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT_VALUE))));
        return b.build().toByteArray();
    }

    public static byte[] raw(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return b.array();
    }

    public List<String> initializerNames() {
        return List.copyOf(initializers.keySet());
    }
}
