package dev.streamer.push;

import dev.streamer.infra.testing.TestDatabase;
import dev.streamer.infra.testing.TestKafka;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** The real broker (shared per JVM) and a fresh MariaDB database for the application under test. */
public class PushTestResources implements QuarkusTestResourceLifecycleManager {

    private TestDatabase database;

    @Override
    public Map<String, String> start() {
        TestKafka kafka = TestKafka.shared();
        database = TestDatabase.create();
        return Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "quarkus.datasource.jdbc.url", database.jdbcUrl(),
                "quarkus.datasource.username", database.user(),
                "quarkus.datasource.password", database.password());
    }

    @Override
    public void stop() {
        if (database != null) {
            database.close();
        }
    }
}
