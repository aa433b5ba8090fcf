package dev.streamer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SubprocessStagesTest {

    @Test
    void readsTheLastMatchingResultLine() {
        String out = """
                wrote 1,000,000 events to bench.activity
                RESULT plain KafkaConsumer: 781,490 events/s
                RESULT Flink source and decoding only (parallelism 2): 297,974 events/s  ratio 0.38
                RESULT job (emotion off, parallelism 2): 52,809 events/s  ratio 0.07
                RESULT job (emotion on, parallelism 2): 274 posts/s
                classifier: posts_per_s=544.0 cpu_ms_per_post=1.820 (calling thread 1.700)
                raw_onnx:   posts_per_s=596.5 cpu_ms_per_post=1.690 (calling thread 1.600)
                """;
        assertThat(SubprocessStages.number(out, "RESULT plain KafkaConsumer: ([0-9,.]+) events/s"))
                .isEqualTo(781_490);
        assertThat(SubprocessStages.number(out, "RESULT job \\(emotion off, parallelism \\d+\\): ([0-9,.]+) events/s"))
                .isEqualTo(52_809);
        assertThat(SubprocessStages.number(out, "raw_onnx: +posts_per_s=([0-9.]+)"))
                .isEqualTo(596.5);
        assertThatThrownBy(() -> SubprocessStages.number(out, "RESULT nothing: ([0-9]+)"))
                .hasMessageContaining("no line matching");
    }
}
