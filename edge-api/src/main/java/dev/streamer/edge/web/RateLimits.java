package dev.streamer.edge.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.streamer.edge.config.EdgeConfig;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;

/**
 * Per-user token buckets on writes: {@link Kind#EVENTS} for every event-carrying request (posts, likes, unlikes,
 * comments, shares, sign-in and sign-out), {@link Kind#UPLOADS} for image uploads. A bucket holds {@code burst} tokens
 * and refills at its rate; a request takes one or is answered 429 with {@code Retry-After} (the seconds until a token
 * is back). Defaults are far above what a person or the generator's default load does; {@code
 * streamer.rate-limit.enabled=false} lifts them (benchmarks). In memory, per instance.
 */
@Singleton
public class RateLimits {

    public enum Kind {
        EVENTS("event-carrying requests"),
        UPLOADS("uploads");

        final String what;

        Kind(String what) {
            this.what = what;
        }
    }

    /** A token bucket; tokens are counted in nanoseconds of refill so that no rounding loses any. */
    private static final class Bucket {
        final long nanosPerToken;
        final long capacityNanos;
        long availableNanos;
        long updatedAt;

        Bucket(long nanosPerToken, int burst, long now) {
            this.nanosPerToken = nanosPerToken;
            this.capacityNanos = nanosPerToken * burst;
            this.availableNanos = capacityNanos;
            this.updatedAt = now;
        }

        /** Takes a token and returns 0, or returns the nanoseconds until one is there. */
        synchronized long take(long now) {
            availableNanos = Math.min(capacityNanos, availableNanos + Math.max(0, now - updatedAt));
            updatedAt = now;
            if (availableNanos >= nanosPerToken) {
                availableNanos -= nanosPerToken;
                return 0;
            }
            return nanosPerToken - availableNanos;
        }
    }

    private record Rule(long nanosPerToken, int burst, Cache<String, Bucket> buckets) {}

    private final boolean enabled;
    private final Map<Kind, Rule> rules;

    RateLimits(EdgeConfig config) {
        EdgeConfig.RateLimit limits = config.rateLimit();
        this.enabled = limits.enabled();
        this.rules = Map.of(
                Kind.EVENTS,
                        rule(1e9 / limits.events().perSecond(), limits.events().burst()),
                Kind.UPLOADS,
                        rule(
                                60e9 / limits.uploads().perMinute(),
                                limits.uploads().burst()));
    }

    private static Rule rule(double nanosPerToken, int burst) {
        long perToken = Math.max(1, (long) nanosPerToken);
        // an idle bucket is full again after burst * perToken: forgetting it then changes nothing
        Duration idle = Duration.ofNanos(perToken * burst).plusSeconds(1);
        return new Rule(
                perToken,
                burst,
                Caffeine.newBuilder()
                        .expireAfterAccess(idle)
                        .maximumSize(500_000)
                        .build());
    }

    /** Takes a token of {@code kind} for the user, or throws a 429 {@link ApiException} with Retry-After. */
    public void take(String userId, Kind kind) {
        if (!enabled) {
            return;
        }
        Rule rule = rules.get(kind);
        long now = System.nanoTime();
        long waitNanos = rule.buckets
                .get(userId, u -> new Bucket(rule.nanosPerToken, rule.burst, now))
                .take(now);
        if (waitNanos > 0) {
            long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
            throw new ApiException(
                    429,
                    "Too Many Requests",
                    "too many " + kind.what + " from this user; retry in " + seconds + " s",
                    Map.of("Retry-After", String.valueOf(seconds)));
        }
    }
}
