package dev.streamer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void percentilesAreNearestRankInMilliseconds() {
        long[] micros = new long[100];
        for (int i = 0; i < 100; i++) {
            micros[i] = (100 - i) * 1000L; // 100 ms down to 1 ms, unsorted on purpose
        }
        Latencies l = Latencies.ofMicros(micros);
        assertThat(l.p50()).isEqualTo(50.0);
        assertThat(l.p99()).isEqualTo(99.0);
        assertThat(l.max()).isEqualTo(100.0);
        assertThat(l.count()).isEqualTo(100);
        assertThat(Latencies.ofMillis(new long[] {7}).p99()).isEqualTo(7.0);
    }

    @Test
    void noSamplesIsNotANumber() {
        assertThat(Latencies.ofMicros(new long[0]).p99()).isNaN();
        assertThat(Latencies.ofMicros(new long[0]).summary()).isEqualTo("no samples");
    }
}
