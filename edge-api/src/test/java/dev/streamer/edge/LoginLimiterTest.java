package dev.streamer.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamer.edge.auth.LoginLimiter;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Constructor;
import java.time.Duration;

class LoginLimiterTest {

    static LoginLimiter limiter(int perName, int perAddress) throws Exception {
        Constructor<LoginLimiter> c = LoginLimiter.class.getDeclaredConstructor(int.class, Duration.class, Duration.class,
                int.class);
        c.setAccessible(true);
        return c.newInstance(perName, Duration.ofSeconds(2), Duration.ofMinutes(15), perAddress);
    }

    @Test
    void countsEveryAttemptUpFrontLocksWithADoublingLockAndForgetsOnSuccess() throws Exception {
        LoginLimiter l = limiter(3, 100);
        long t = 1_000_000;
        assertThat(l.attempt("bob", "a", t)).isZero();
        assertThat(l.attempt("bob", "b", t)).isZero();
        assertThat(l.attempt("bob", "c", t)).isZero();
        // the third attempt set the lock: the fourth waits, whatever the address
        assertThat(l.attempt("bob", "d", t)).isEqualTo(2000);
        assertThat(l.attempt("bob", "d", t + 1999)).isEqualTo(1);
        assertThat(l.attempt("bob", "d", t + 2000)).isZero();
        assertThat(l.attempt("bob", "d", t + 2000)).isEqualTo(4000);
        assertThat(l.attempt("alice", "d", t + 2000)).isZero();
        l.succeeded("bob", "d");
        assertThat(l.attempt("bob", "d", t + 2000)).isZero();
    }

    @Test
    void anAddressIsLimitedAcrossUsernamesAndASuccessGivesItsAttemptBack() throws Exception {
        LoginLimiter l = limiter(100, 3);
        long t = 1_000_000;
        assertThat(l.attempt("u1", "10.0.0.1", t)).isZero();
        assertThat(l.attempt("u2", "10.0.0.1", t)).isZero();
        l.succeeded("u2", "10.0.0.1");
        assertThat(l.attempt("u3", "10.0.0.1", t)).isZero();
        assertThat(l.attempt("u4", "10.0.0.1", t)).isZero();
        assertThat(l.attempt("u5", "10.0.0.1", t)).isEqualTo(2000);
        assertThat(l.attempt("u5", "10.0.0.2", t)).isZero();
    }

    @Test
    void theLockIsCappedAndOldAttemptsAreForgotten() throws Exception {
        LoginLimiter l = limiter(3, 1000);
        long t = 1_000_000;
        int counted = 0;
        while (counted < 40) {
            long wait = l.attempt("eve", "x", t);
            if (wait == 0) {
                counted++;
            } else {
                t += wait;
            }
        }
        assertThat(l.attempt("eve", "x", t)).isEqualTo(Duration.ofMinutes(15).toMillis());
        long later = t + Duration.ofMinutes(31).toMillis();
        assertThat(l.attempt("eve", "x", later)).isZero();
        assertThat(l.attempt("eve", "x", later)).isZero();
    }
}
