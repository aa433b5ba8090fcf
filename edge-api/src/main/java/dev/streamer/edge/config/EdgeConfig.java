package dev.streamer.edge.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;

/** edge-api's own configuration, {@code streamer.*} in application.properties (env overrides listed in the README). */
@ConfigMapping(prefix = "streamer")
public interface EdgeConfig {

    @WithName("public")
    PublicUrls publicUrls();

    Jwt jwt();

    Auth auth();

    /** How long a user's memberships are cached (join and leave through this instance take effect at once). */
    @WithDefault("10s")
    Duration membershipCache();

    Idempotency idempotency();

    Kafka kafka();

    RateLimit rateLimit();

    Media media();

    Bench bench();

    interface PublicUrls {
        /** Where browsers reach live-push, a URL prefix; unset: the page's host on {@link #livePushPort()}. */
        Optional<String> livePushUrl();

        @WithDefault("8090")
        int livePushPort();
    }

    interface Jwt {
        /** PEM file of the signing key. */
        String privateKey();

        /** PEM file of the verification key (the one live-push reads too). */
        String publicKey();

        @WithDefault("12h")
        Duration lifespan();

        String audience();

        /** How often the tokens other instances revoked are read. */
        @WithDefault("1s")
        Duration revocationPoll();

        /** How many fully verified tokens are remembered. */
        @WithDefault("20000")
        int verifiedCacheSize();
    }

    interface Auth {
        @WithDefault("10")
        int bcryptCost();

        Login login();

        interface Login {
            /** Attempts per username before the first lock. */
            @WithDefault("5")
            int freeFailures();

            /** Failed attempts per client address before the first lock. */
            @WithDefault("50")
            int freeFailuresPerAddress();

            /** The first lock; it doubles with every further attempt. */
            @WithDefault("2s")
            Duration lock();

            @WithDefault("15m")
            Duration maxLock();
        }
    }

    interface Idempotency {
        /** How long a key names its first request; default and maximum the contract's de-duplication horizon. */
        Optional<Duration> retention();
    }

    interface Kafka {
        /**
         * Overall bound on waiting for an acknowledgement. A record must reach the producer by this minus the
         * channel's {@code delivery.timeout.ms}, so it is resolved before the request is answered.
         */
        @WithDefault("4s")
        Duration ackTimeout();
    }

    interface RateLimit {
        @WithDefault("true")
        boolean enabled();

        Events events();

        Uploads uploads();

        interface Events {
            @WithDefault("10")
            double perSecond();

            @WithDefault("50")
            int burst();
        }

        interface Uploads {
            @WithDefault("30")
            double perMinute();

            @WithDefault("10")
            int burst();
        }
    }

    interface Media {
        /** Largest declared image side in pixels. */
        @WithDefault("8192")
        int maxSide();

        @WithDefault("25000000")
        long maxPixels();

        /** Bytes of images one user may store. */
        @WithDefault("104857600")
        long quotaBytes();
    }

    interface Bench {
        /** Enables the benchmark no-op route. */
        @WithDefault("false")
        boolean enabled();
    }
}
