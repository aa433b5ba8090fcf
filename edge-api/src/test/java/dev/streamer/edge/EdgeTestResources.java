package dev.streamer.edge;

import dev.streamer.infra.testing.TestDatabase;
import dev.streamer.infra.testing.TestKafka;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** The real broker (infra's shared in-process KRaft broker) and a fresh MariaDB database for the tests. */
public class EdgeTestResources implements QuarkusTestResourceLifecycleManager {

    private TestDatabase db;

    @Override
    public Map<String, String> start() {
        TestKafka kafka = TestKafka.shared();
        db = TestDatabase.create();
        return Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "quarkus.datasource.jdbc.url", db.jdbcUrl(),
                "quarkus.datasource.username", db.user(),
                "quarkus.datasource.password", db.password());
    }

    @Override
    public void stop() {
        if (db != null) {
            db.close();
        }
    }
}
