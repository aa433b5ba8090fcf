package dev.streamer.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamer.contract.FeedPost;
import dev.streamer.contract.WindowResult;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PushTestResources.class)
class RoutingIT {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @TestHTTPResource("/")
    URI base;

    @Test
    void eachCommunitysRecordsReachOnlyItsClientsAndAllClients() throws Exception {
        String facebookMember = Fixtures.user("facebook");
        String instagramMember = Fixtures.user("instagram");
        String dashboardUser = Fixtures.user("instagram"); // sees instagram posts on 'all', not facebook's
        long start = System.currentTimeMillis() / Fixtures.WINDOW_MS * Fixtures.WINDOW_MS + 3_600_000;
        try (TestSocket a = TestSocket.connect(base, "facebook", Fixtures.token(facebookMember));
                TestSocket b = TestSocket.connect(base, "instagram", Fixtures.token(instagramMember));
                TestSocket all = TestSocket.connect(base, "all", Fixtures.token(dashboardUser));
                KafkaProducer<String, byte[]> producer = Fixtures.producer()) {
            for (TestSocket s : List.of(a, b, all)) {
                assertThat(s.next().get("type").asText()).isEqualTo("snapshot");
            }

            // instagram's records first; once the dashboard has them all, the server has routed them.
            WindowResult bWindow = Fixtures.window("instagram", start, 4, 0);
            FeedPost bPost = Fixtures.post("instagram", UUID.randomUUID().toString(), "insta", 1);
            Fixtures.send(producer, bWindow, null);
            Fixtures.send(producer, bPost, null);
            Set<String> dashboardKeys = new HashSet<>();
            while (dashboardKeys.size() < 2) {
                dashboardKeys.add(key(all.until(m -> true, WAIT)));
            }
            assertThat(dashboardKeys).containsExactlyInAnyOrder("analytics:instagram", "post:instagram");
            assertThat(key(b.next())).isIn("analytics:instagram", "post:instagram");
            assertThat(key(b.next())).isIn("analytics:instagram", "post:instagram");

            // then facebook's: the facebook client's queue is FIFO, so a misrouted instagram record would come first.
            WindowResult aWindow = Fixtures.window("facebook", start, 9, 0);
            FeedPost aPost = Fixtures.post("facebook", UUID.randomUUID().toString(), "fb", 1);
            Fixtures.send(producer, aWindow, null);
            Fixtures.send(producer, aPost, null);
            Set<String> aKeys = new HashSet<>(List.of(key(a.next()), key(a.next())));
            assertThat(aKeys).containsExactlyInAnyOrder("analytics:facebook", "post:facebook");
            // the dashboard gets neither the window nor the post of a community its user is not in (REST refuses
            // them too): the next thing it gets is the all-communities row
            WindowResult allWindow = Fixtures.window("all", start, 13, 0);
            Fixtures.send(producer, allWindow, null);
            assertThat(key(all.until(m -> true, WAIT))).isEqualTo("analytics:all");

            // a last instagram record proves b and the dashboard got nothing of facebook meanwhile
            WindowResult bLast = Fixtures.window("instagram", start + Fixtures.WINDOW_MS, 5, 0);
            Fixtures.send(producer, bLast, null);
            assertThat(b.next().get("window").get("windowStart").asLong()).isEqualTo(bLast.windowStart());
            JsonNode dashboardLast = all.next();
            assertThat(dashboardLast.get("window").get("windowStart").asLong()).isEqualTo(bLast.windowStart());

            assertThat(a.inbox).isEmpty();
            assertThat(a.seen).noneMatch(m -> key(m).endsWith(":instagram"));
            assertThat(b.seen).noneMatch(m -> key(m).endsWith(":facebook"));
            assertThat(all.seen).noneMatch(m -> key(m).endsWith(":facebook"));
        }
    }

    static String key(JsonNode message) {
        String type = message.get("type").asText();
        return switch (type) {
            case "analytics" ->
                "analytics:" + message.get("window").get("communityId").asText();
            case "post" -> "post:" + message.get("post").get("communityId").asText();
            default -> type;
        };
    }
}
