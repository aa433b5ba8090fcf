package dev.streamer.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.streamer.edge.auth.LoginLimiter;
import java.lang.reflect.Constructor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The limiter reads time from its injected ticker; these tests set that clock instead of waiting. */
class LoginLimiterTest {

    /** A clock the test sets, in milliseconds (the limiter's ticker counts nanoseconds). */
    static final class ManualClock implements Ticker {
        private volatile long millis;

        void set(long millis) {
            this.millis = millis;
        }

        @Override
        public long read() {
            return TimeUnit.MILLISECONDS.toNanos(millis);
        }
    }

    private final ManualClock clock = new ManualClock();

    LoginLimiter limiter(int perName, int perAddress) throws Exception {
        Constructor<LoginLimiter> c = LoginLimiter.class.getDeclaredConstructor(
                int.class, Duration.class, Duration.class, int.class, Ticker.class);
        c.setAccessible(true);
        return c.newInstance(perName, Duration.ofSeconds(2), Duration.ofMinutes(15), perAddress, clock);
    }

    private long attempt(LoginLimiter l, String name, String address, long at) {
        clock.set(at);
        return l.attempt(name, address);
    }

    @Test
    void countsEveryAttemptUpFrontLocksWithADoublingLockAndForgetsOnSuccess() throws Exception {
        LoginLimiter l = limiter(3, 100);
        long t = 1_000_000;
        assertThat(attempt(l, "bob", "a", t)).isZero();
        assertThat(attempt(l, "bob", "b", t)).isZero();
        assertThat(attempt(l, "bob", "c", t)).isZero();
        // the third attempt set the lock: the fourth waits, whatever the address
        assertThat(attempt(l, "bob", "d", t)).isEqualTo(2000);
        assertThat(attempt(l, "bob", "d", t + 1999)).isEqualTo(1);
        assertThat(attempt(l, "bob", "d", t + 2000)).isZero();
        assertThat(attempt(l, "bob", "d", t + 2000)).isEqualTo(4000);
        assertThat(attempt(l, "alice", "d", t + 2000)).isZero();
        l.succeeded("bob");
        assertThat(attempt(l, "bob", "d", t + 2000)).isZero();
    }

    @Test
    void anAddressIsLimitedByItsFailuresAcrossUsernames() throws Exception {
        LoginLimiter l = limiter(100, 3);
        long t = 1_000_000;
        assertThat(attempt(l, "u1", "10.0.0.1", t)).isZero();
        l.failed("10.0.0.1");
        assertThat(attempt(l, "u2", "10.0.0.1", t)).isZero();
        l.succeeded("u2");
        assertThat(attempt(l, "u3", "10.0.0.1", t)).isZero();
        l.failed("10.0.0.1");
        assertThat(attempt(l, "u4", "10.0.0.1", t)).isZero();
        l.failed("10.0.0.1");
        // the third failure set the lock
        assertThat(attempt(l, "u5", "10.0.0.1", t)).isEqualTo(2000);
        assertThat(attempt(l, "u5", "10.0.0.2", t)).isZero();
    }

    @Test
    void manySignInsInFlightFromOneAddressAreNotFailures() throws Exception {
        LoginLimiter l = limiter(5, 3);
        long t = 1_000_000;
        // a crowd behind one address signs in at once: no attempt has answered yet when the next arrives
        for (int user = 0; user < 20; user++) {
            assertThat(attempt(l, "user" + user, "192.0.2.7", t))
                    .as("user%d", user)
                    .isZero();
        }
        for (int user = 0; user < 20; user++) {
            l.succeeded("user" + user);
        }
        assertThat(attempt(l, "late", "192.0.2.7", t)).isZero();
    }

    @Test
    void anAttemptThatCouldNotCheckThePasswordIsGivenBack() throws Exception {
        LoginLimiter l = limiter(3, 100);
        long t = 1_000_000;
        // a client retrying its sign-in through a database outage: every attempt ends before the password is checked
        for (int retry = 0; retry < 10; retry++) {
            assertThat(attempt(l, "carol", "a", t + retry))
                    .as("retry %d", retry)
                    .isZero();
            l.notChecked("carol");
        }
        // real guesses still lock, and giving one back does not lift the lock
        assertThat(attempt(l, "carol", "a", t + 20)).isZero();
        assertThat(attempt(l, "carol", "a", t + 20)).isZero();
        assertThat(attempt(l, "carol", "a", t + 20)).isZero();
        l.notChecked("carol");
        assertThat(attempt(l, "carol", "a", t + 20)).isEqualTo(2000);
    }

    @Test
    void theLockIsCappedAndOldAttemptsAreForgotten() throws Exception {
        LoginLimiter l = limiter(3, 1000);
        long t = 1_000_000;
        int counted = 0;
        while (counted < 40) {
            long wait = attempt(l, "eve", "x", t);
            if (wait == 0) {
                counted++;
            } else {
                t += wait;
            }
        }
        assertThat(attempt(l, "eve", "x", t)).isEqualTo(Duration.ofMinutes(15).toMillis());
        long later = t + Duration.ofMinutes(31).toMillis();
        assertThat(attempt(l, "eve", "x", later)).isZero();
        assertThat(attempt(l, "eve", "x", later)).isZero();
    }
}
