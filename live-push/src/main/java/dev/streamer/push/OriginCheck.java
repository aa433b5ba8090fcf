package dev.streamer.push;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Refuses (403) a WebSocket handshake whose {@code Origin} is not in {@code streamer.push.allowed-origins}: a page of
 * another site cannot open a socket in a visitor's name (cross-site WebSocket hijacking). Browsers always send Origin
 * on a WebSocket handshake; clients that are not browsers (the e2e test, the benchmark) send none and are let through
 * to the token check.
 */
@ApplicationScoped
public class OriginCheck implements HttpUpgradeCheck {

    private final Set<String> allowed;
    private final PushMetrics metrics;

    public OriginCheck(PushConfig config, PushMetrics metrics) {
        this.allowed =
                config.allowedOrigins().stream().map(OriginCheck::normalise).collect(Collectors.toUnmodifiableSet());
        this.metrics = metrics;
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        String origin = context.httpRequest().getHeader("Origin");
        if (origin == null || allowed.contains(normalise(origin))) {
            return CheckResult.permitUpgrade();
        }
        metrics.refused(403);
        return CheckResult.rejectUpgrade(403);
    }

    static String normalise(String origin) {
        return origin.trim().toLowerCase(Locale.ROOT).replaceAll("/+$", "");
    }
}
