package dev.streamer.push;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplayFilterTest {

    @Test
    void onlyAHigherRevisionIsNew() {
        ReplayFilter filter = new ReplayFilter(10);
        assertThat(filter.isNew("w:a@0", 0)).isTrue();
        assertThat(filter.isNew("w:a@0", 0)).isFalse();
        assertThat(filter.isNew("w:a@0", 1)).isTrue();
        assertThat(filter.isNew("w:a@0", 0)).isFalse();
        assertThat(filter.isNew("w:a@0", 1)).isFalse();
        assertThat(filter.isNew("w:b@0", 0)).isTrue();
    }

    @Test
    void forgetsTheLeastRecentlySeenKeyBeyondItsCapacity() {
        ReplayFilter filter = new ReplayFilter(2);
        filter.isNew("a", 1);
        filter.isNew("b", 1);
        filter.isNew("a", 1); // touches a
        filter.isNew("c", 1); // evicts b
        assertThat(filter.size()).isEqualTo(2);
        assertThat(filter.isNew("a", 1)).isFalse();
        assertThat(filter.isNew("b", 1)).isTrue();
    }
}
