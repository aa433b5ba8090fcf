package dev.streamer.edge;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

/**
 * A Flink REST address that accepts connections and never answers (a hung JobManager): the listening socket's backlog
 * completes TCP handshakes, nothing reads the requests.
 */
public class SilentFlinkResource implements QuarkusTestResourceLifecycleManager {

    private ServerSocket socket;

    @Override
    public Map<String, String> start() {
        try {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("streamer.health.flink-url", "http://127.0.0.1:" + socket.getLocalPort());
    }

    @Override
    public void stop() {
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
