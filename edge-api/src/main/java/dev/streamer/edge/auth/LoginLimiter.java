package dev.streamer.edge.auth;

import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits password guessing per username: after {@code free} consecutive failures each further attempt is refused for a
 * lock time that doubles with every failure (up to a cap). A success clears the record. In memory, per instance.
 */
@Singleton
public class LoginLimiter {

    private record Failures(int count, long lockedUntil, long lastAt) {
    }

    private final ConcurrentHashMap<String, Failures> failures = new ConcurrentHashMap<>();
    private final int free;
    private final long baseLockMs;
    private final long maxLockMs;

    LoginLimiter(@ConfigProperty(name = "streamer.auth.login.free-failures", defaultValue = "5") int free,
                 @ConfigProperty(name = "streamer.auth.login.lock", defaultValue = "PT2S") Duration baseLock,
                 @ConfigProperty(name = "streamer.auth.login.max-lock", defaultValue = "PT15M") Duration maxLock) {
        this.free = free;
        this.baseLockMs = baseLock.toMillis();
        this.maxLockMs = maxLock.toMillis();
    }

    /** Milliseconds the caller must wait before trying this username again; 0 if it may try now. */
    public long waitMillis(String username, long now) {
        Failures f = failures.get(key(username));
        return f == null ? 0 : Math.max(0, f.lockedUntil - now);
    }

    public void failed(String username, long now) {
        failures.compute(key(username), (k, f) -> {
            // failures older than the longest lock are forgotten
            int count = f == null || now - f.lastAt > maxLockMs ? 1 : f.count + 1;
            long lock = 0;
            if (count >= free) {
                lock = Math.min(maxLockMs, baseLockMs << Math.min(20, count - free));
            }
            return new Failures(count, now + lock, now);
        });
        if (failures.size() > 100_000) {
            failures.entrySet().removeIf(e -> now - e.getValue().lastAt > maxLockMs);
        }
    }

    public void succeeded(String username) {
        failures.remove(key(username));
    }

    private static String key(String username) {
        return username.toLowerCase(Locale.ROOT);
    }
}
