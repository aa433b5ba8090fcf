package dev.streamer.edge;

import dev.streamer.infra.testing.ChildKafka;
import dev.streamer.infra.testing.TestDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A broker that a test can stop and start again on the same port, and a fresh database. */
public class ChildKafkaResource implements QuarkusTestResourceLifecycleManager {

    private ChildKafka kafka;
    private TestDatabase db;

    @Override
    public Map<String, String> start() {
        kafka = ChildKafka.create();
        kafka.start();
        db = TestDatabase.create();
        return Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "streamer.test.kafka-dir", kafka.dir().toString(),
                "quarkus.datasource.jdbc.url", db.jdbcUrl(),
                "quarkus.datasource.username", db.user(),
                "quarkus.datasource.password", db.password());
    }

    @Override
    public void stop() {
        if (kafka != null) {
            kafka.stop();
        }
        if (db != null) {
            db.close();
        }
    }
}
