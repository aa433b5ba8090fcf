package dev.streamer.edge.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.streamer.edge.config.EdgeConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Limits password guessing, per canonical username and per client address. After {@code free} counted attempts for a
 * key without a success, each further one is refused for a lock time that doubles with every attempt (up to a cap).
 * <ul>
 *   <li>A username counts every attempt before the password is checked (atomically, so concurrent guesses at one
 *       account cannot all pass a check made before any of them failed); a success clears its record, and an attempt
 *       that ended before the password was checked (the database unavailable) is given back.</li>
 *   <li>An address counts only its failed attempts, once they have failed; its lock is checked before. Many people
 *       behind one address (a NAT, a load generator) sign in at once: counting their attempts while still in flight
 *       locked the address before the first bcrypt check had answered. Guesses sprayed over many usernames can
 *       therefore overshoot the address's free attempts by those in flight at once, which the server's worker
 *       threads bound.</li>
 * </ul>
 * In memory, per instance; records are forgotten after the longest lock without attempts. Time is the injected
 * {@link Ticker}'s, for the locks and the records' expiry alike.
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
                return counted(a, now);
            });
            return wait[0];
        }

        /** The milliseconds until the key may try again (0: now); counts nothing. */
        long lockedFor(String key, long now) {
            Attempts a = records.getIfPresent(key);
            return a != null && a.lockedUntil > now ? a.lockedUntil - now : 0;
        }

        /** Counts an attempt that has failed, whether or not the key was locked meanwhile. */
        void failed(String key, long now) {
            records.asMap().compute(key, (k, a) -> counted(a, now));
        }

        private Attempts counted(Attempts a, long now) {
            int count = a == null || now - a.lastAt > maxLockMs ? 1 : a.count + 1;
            long lock = count >= free ? Math.min(maxLockMs, baseLockMs << Math.min(20, count - free)) : 0;
            return new Attempts(count, Math.max(now + lock, a == null ? 0 : a.lockedUntil), now);
        }

        /** Takes back one counted attempt, leaving any lock as it is. */
        void takeBack(String key) {
            records.asMap()
                    .computeIfPresent(
                            key, (k, a) -> a.count <= 1 ? null : new Attempts(a.count - 1, a.lockedUntil, a.lastAt));
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
     * A sign-in attempt for the canonical username from the client address: 0 when it may go on (counted for the
     * username), else the milliseconds until the next attempt is allowed (nothing counted).
     */
    public long attempt(String canonicalName, String address) {
        long now = now();
        long wait = byAddress.lockedFor(address, now);
        return wait > 0 ? wait : byName.attempt(canonicalName, now);
    }

    /** The attempt's password was wrong (or its username unknown): counted for the address. */
    public void failed(String address) {
        byAddress.failed(address, now());
    }

    /**
     * The attempt ended before the password could be checked (the database was unavailable): it guessed nothing, so
     * the username gets it back. Otherwise a client retrying its sign-in through an outage would lock its own account.
     */
    public void notChecked(String canonicalName) {
        byName.takeBack(canonicalName);
    }

    /** The attempt succeeded: the username starts afresh. */
    public void succeeded(String canonicalName) {
        byName.clear(canonicalName);
    }

    private long now() {
        return ticker.read() / 1_000_000;
    }
}
