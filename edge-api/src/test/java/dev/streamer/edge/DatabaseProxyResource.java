package dev.streamer.edge;

import dev.streamer.infra.testing.TcpProxy;
import dev.streamer.infra.testing.TestDatabase;
import dev.streamer.infra.testing.TestKafka;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * The shared broker and a fresh database that edge-api reaches only through a {@link TcpProxy}, so a test can take the
 * database away (open connections closed, new ones refused) and give it back.
 */
public class DatabaseProxyResource implements QuarkusTestResourceLifecycleManager {

    private static volatile TcpProxy proxy;
    private TestDatabase db;

    /** The proxy of the running test resource. */
    static TcpProxy proxy() {
        return proxy;
    }

    @Override
    public Map<String, String> start() {
        TestKafka kafka = TestKafka.shared();
        db = TestDatabase.create();
        proxy = TcpProxy.start(db.host(), db.port());
        // the URL bin/streamer gives edge-api: the driver's timeouts are edge-api's own (application.properties)
        String url = "jdbc:mysql://127.0.0.1:" + proxy.port() + "/" + db.name()
                + "?sslMode=DISABLED&allowPublicKeyRetrieval=true";
        return Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "quarkus.datasource.jdbc.url", url,
                "quarkus.datasource.username", db.user(),
                "quarkus.datasource.password", db.password());
    }

    @Override
    public void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (db != null) {
            db.close();
        }
    }
}
