package dev.streamer.push;

import dev.streamer.infra.testing.ChildKafka;
import dev.streamer.infra.testing.TestDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A broker in a child JVM that a test can kill, start again and make lose its data; and a fresh database. */
public class ChildKafkaPushResources implements QuarkusTestResourceLifecycleManager {

    private static volatile ChildKafka kafka;
    private TestDatabase database;

    static ChildKafka kafka() {
        return kafka;
    }

    @Override
    public Map<String, String> start() {
        kafka = ChildKafka.create();
        kafka.start();
        database = TestDatabase.create();
        return Map.of(
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "quarkus.datasource.jdbc.url", database.jdbcUrl(),
                "quarkus.datasource.username", database.user(),
                "quarkus.datasource.password", database.password());
    }

    @Override
    public void stop() {
        if (kafka != null) {
            kafka.stop();
        }
        if (database != null) {
            database.close();
        }
    }
}
