package dev.streamer.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamer.edge.auth.LoginLimiter;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Constructor;
import java.time.Duration;

class LoginLimiterTest {

    static LoginLimiter limiter() throws Exception {
        Constructor<LoginLimiter> c = LoginLimiter.class.getDeclaredConstructor(int.class, Duration.class, Duration.class);
        c.setAccessible(true);
        return c.newInstance(3, Duration.ofSeconds(2), Duration.ofMinutes(15));
    }

    @Test
    void locksAfterTheFreeFailuresWithADoublingLockAndForgetsOnSuccess() throws Exception {
        LoginLimiter l = limiter();
        long t = 1_000_000;
        l.failed("Bob", t);
        l.failed("bob", t);
        assertThat(l.waitMillis("BOB", t)).isZero();
        l.failed("bob", t);
        assertThat(l.waitMillis("bob", t)).isEqualTo(2000);
        assertThat(l.waitMillis("bob", t + 2000)).isZero();
        l.failed("bob", t + 2000);
        assertThat(l.waitMillis("bob", t + 2000)).isEqualTo(4000);
        assertThat(l.waitMillis("alice", t)).isZero();
        l.succeeded("bob");
        assertThat(l.waitMillis("bob", t + 2000)).isZero();
    }

    @Test
    void theLockIsCappedAndOldFailuresAreForgotten() throws Exception {
        LoginLimiter l = limiter();
        long t = 1_000_000;
        for (int i = 0; i < 40; i++) {
            l.failed("eve", t);
        }
        assertThat(l.waitMillis("eve", t)).isEqualTo(Duration.ofMinutes(15).toMillis());
        long later = t + Duration.ofMinutes(16).toMillis();
        l.failed("eve", later);
        assertThat(l.waitMillis("eve", later)).isZero();
    }
}
