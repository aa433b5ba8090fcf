package dev.streamer.edge.config;

import com.github.benmanes.caffeine.cache.Ticker;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The monotonic time of edge-api's in-memory caches and limits (Caffeine's {@link Ticker}, nanoseconds): one
 * injected clock, so that tests can advance time instead of waiting.
 */
@Singleton
public class Clocks {

    @Produces
    @Singleton
    Ticker ticker() {
        return Ticker.systemTicker();
    }
}
