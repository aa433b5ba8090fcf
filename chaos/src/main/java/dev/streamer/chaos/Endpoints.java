package dev.streamer.chaos;

import java.net.URI;
import java.nio.file.Path;

/**
 * Where the parts of the local stack answer (what {@code bin/lib/chaos.sh} passes from {@code bin/streamer}'s own
 * settings) and where the project and its state live.
 *
 * @param edge        edge-api's public base URL (REST)
 * @param edgeHealth  edge-api's readiness URL
 * @param push        live-push's WebSocket base URL ({@code ws://host:port})
 * @param pushHealth  live-push's readiness URL
 * @param flink       Flink's REST API
 * @param jdbcUrl     the stack's MySQL/MariaDB
 * @param bootstrap   the Kafka broker
 * @param root        the project's root folder (bin/streamer)
 * @param home        STREAMER_HOME (PID files, logs)
 */
public record Endpoints(
        URI edge,
        URI edgeHealth,
        URI push,
        URI pushHealth,
        URI flink,
        String jdbcUrl,
        String jdbcUser,
        String jdbcPassword,
        String bootstrap,
        Path root,
        Path home) {

    /** The Origin a browser showing the dashboard sends: edge-api's scheme, host and port. */
    public String origin() {
        return edge.getScheme() + "://" + edge.getAuthority();
    }
}
