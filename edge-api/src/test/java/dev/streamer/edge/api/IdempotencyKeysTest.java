package dev.streamer.edge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamer.contract.Limits;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IdempotencyKeysTest {

    @Test
    void retentionDefaultsToTheDeduplicationHorizonAndMayNotExceedIt() {
        assertThat(new IdempotencyKeys(null, Optional.empty()).retention()).isEqualTo(Limits.DEDUP_HORIZON);
        assertThat(new IdempotencyKeys(null, Optional.of(Duration.ofMinutes(5))).retention())
                .isEqualTo(Duration.ofMinutes(5));
        assertThatThrownBy(() -> new IdempotencyKeys(null, Optional.of(Limits.DEDUP_HORIZON.plusSeconds(1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("horizon");
        assertThatThrownBy(() -> new IdempotencyKeys(null, Optional.of(Duration.ZERO)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
