package dev.streamer.edge.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.streamer.edge.config.EdgeConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Limits password guessing, per canonical username and per client address. Every attempt is counted before the
 * password is checked (atomically, so concurrent attempts cannot all pass a check made before any of them failed);
 * after {@code free} attempts for a key without a success, each further one is refused for a lock time that doubles
 * with every attempt (up to a cap). A success clears the username's record and takes its own attempt back from the
 * address. In memory, per instance; records are forgotten after the longest lock without attempts. Time is the
 * injected {@link Ticker}'s, for the locks and the records' expiry alike.
 */
@Singleton
public class LoginLimiter {

    private record Attempts(int count, long lockedUntil, long lastAt) {}

    /** One limit: its records and its parameters. */
    private static final class Limit {
        final Cache<String, Attempts> records;
        final int free;
        final long baseLockMs;
        final long maxLockMs;

        Limit(int free, Duration baseLock, Duration maxLock, Ticker ticker) {
            this.free = free;
            this.baseLockMs = baseLock.toMillis();
            this.maxLockMs = maxLock.toMillis();
            // when a record is forgotten is decided by attempt() (lastAt); the cache only frees the memory of records
            // that are certainly forgotten: expiring at maxLock would end a record at the very moment its longest lock
            // ends and give the next attempt a fresh count
            this.records = Caffeine.newBuilder()
                    .expireAfterWrite(maxLock.multipliedBy(2))
                    .maximumSize(200_000)
                    .ticker(ticker)
                    .build();
        }

        /** Counts an attempt and returns 0, or returns the milliseconds to wait and counts nothing. */
        long attempt(String key, long now) {
            long[] wait = {0};
            records.asMap().compute(key, (k, a) -> {
                if (a != null && a.lockedUntil > now) {
                    wait[0] = a.lockedUntil - now;
                    return a;
                }
                int count = a == null || now - a.lastAt > maxLockMs ? 1 : a.count + 1;
                long lock = count >= free ? Math.min(maxLockMs, baseLockMs << Math.min(20, count - free)) : 0;
                return new Attempts(count, now + lock, now);
            });
            return wait[0];
        }

        void forgive(String key) {
            records.asMap()
                    .computeIfPresent(key, (k, a) -> a.count <= 1 ? null : new Attempts(a.count - 1, 0, a.lastAt));
        }

        void clear(String key) {
            records.invalidate(key);
        }
    }

    private final Limit byName;
    private final Limit byAddress;
    private final Ticker ticker;

    @Inject
    LoginLimiter(EdgeConfig config, Ticker ticker) {
        this(
                config.auth().login().freeFailures(),
                config.auth().login().lock(),
                config.auth().login().maxLock(),
                config.auth().login().freeFailuresPerAddress(),
                ticker);
    }

    LoginLimiter(int free, Duration baseLock, Duration maxLock, int freePerAddress, Ticker ticker) {
        this.byName = new Limit(free, baseLock, maxLock, ticker);
        this.byAddress = new Limit(freePerAddress, baseLock, maxLock, ticker);
        this.ticker = ticker;
    }

    /**
     * Counts a sign-in attempt for the canonical username from the client address. Returns 0 when it may go on, else
     * the milliseconds until the next attempt is allowed (nothing counted).
     */
    public long attempt(String canonicalName, String address) {
        long now = ticker.read() / 1_000_000;
        long wait = byAddress.attempt(address, now);
        if (wait > 0) {
            return wait;
        }
        wait = byName.attempt(canonicalName, now);
        if (wait > 0) {
            byAddress.forgive(address);
        }
        return wait;
    }

    /** The attempt succeeded: the username starts afresh and the address gets its attempt back. */
    public void succeeded(String canonicalName, String address) {
        byName.clear(canonicalName);
        byAddress.forgive(address);
    }
}
