package dev.streamer.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamer.contract.WindowResult;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PushTestResources.class)
class SnapshotIT {

    @TestHTTPResource("/")
    URI base;

    /** skype: 21 windows ended in the last 10 minutes and 4 before: the snapshot is the latest 20, oldest first. */
    @Test
    void snapshotIsTheLatestTwentyFreshWindowsThenLiveRecordsFollow() throws Exception {
        long now = System.currentTimeMillis();
        long aligned = now - now % Fixtures.WINDOW_MS;
        for (int k = 0; k < 25; k++) {
            Fixtures.storeWindow(Fixtures.window("skype", aligned - k * Fixtures.WINDOW_MS, 100 + k, k % 2));
        }
        String member = Fixtures.user("skype");
        try (TestSocket s = TestSocket.connect(base, "skype", Fixtures.token(member));
                KafkaProducer<String, byte[]> producer = Fixtures.producer()) {
            JsonNode snapshot = s.next();
            assertThat(snapshot.get("type").asText()).isEqualTo("snapshot");
            List<Long> starts = new ArrayList<>();
            snapshot.get("windows").forEach(w -> starts.add(w.get("windowStart").asLong()));
            List<Long> expected = new ArrayList<>();
            for (int k = 19; k >= 0; k--) {
                expected.add(aligned - k * Fixtures.WINDOW_MS);
            }
            assertThat(starts).isEqualTo(expected);
            JsonNode newest = snapshot.get("windows").get(19);
            assertThat(newest.get("communityId").asText()).isEqualTo("skype");
            assertThat(newest.get("activeUsers").asLong()).isEqualTo(100);
            assertThat(newest.get("emotions").get("joy").asLong()).isEqualTo(1);

            WindowResult live = Fixtures.window("skype", aligned + Fixtures.WINDOW_MS, 7, 0);
            Fixtures.send(producer, live, null);
            JsonNode message = s.next();
            assertThat(message.get("type").asText()).isEqualTo("analytics");
            assertThat(message.get("window").get("windowStart").asLong()).isEqualTo(live.windowStart());
            assertThat(message.get("window").get("activeUsers").asLong()).isEqualTo(7);
        }
    }

    /** 'all': 3 fresh and 3 stale aggregate windows; only the fresh ones are sent. */
    @Test
    void snapshotLeavesOutStaleWindows() throws Exception {
        long now = System.currentTimeMillis();
        long aligned = now - now % Fixtures.WINDOW_MS;
        long elevenMinutesAgo = aligned - 22 * Fixtures.WINDOW_MS;
        for (int k = 0; k < 3; k++) {
            Fixtures.storeWindow(Fixtures.window("all", aligned - k * Fixtures.WINDOW_MS, 10 + k, 0));
            Fixtures.storeWindow(Fixtures.window("all", elevenMinutesAgo - k * Fixtures.WINDOW_MS, 50 + k, 0));
        }
        try (TestSocket s = TestSocket.connect(base, "all", Fixtures.token(Fixtures.user()))) {
            JsonNode snapshot = s.next();
            List<Long> users = new ArrayList<>();
            snapshot.get("windows").forEach(w -> users.add(w.get("activeUsers").asLong()));
            assertThat(users).containsExactly(12L, 11L, 10L);
        }
    }
}
