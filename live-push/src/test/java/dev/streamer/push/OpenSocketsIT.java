package dev.streamer.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamer.contract.WindowResult;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/** Issue 14: an open socket obeys its token and its user's memberships, within seconds. */
@QuarkusTest
@QuarkusTestResource(PushTestResources.class)
class OpenSocketsIT {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @TestHTTPResource("/")
    URI base;

    /** The close code within {@code seconds}, measured from now. */
    private static int closedWithin(TestSocket s, int seconds) {
        return s.closeCode.orTimeout(seconds, TimeUnit.SECONDS).join();
    }

    @Test
    void aSocketIsClosedWith4402WhenItsTokenExpires() throws Exception {
        String member = Fixtures.user("facebook");
        Instant expiry = Instant.now().plusSeconds(3);
        String token = Fixtures.token(member, UUID.randomUUID().toString(), expiry);
        try (TestSocket s = TestSocket.connect(base, "facebook", token)) {
            assertThat(s.next().get("type").asText()).isEqualTo("snapshot");
            assertThat(closedWithin(s, 10)).isEqualTo(CloseCodes.EXPIRED_TOKEN);
            assertThat(s.closeReason).isEqualTo("token expired");
            // exp is in whole seconds
            assertThat(Instant.now()).isAfterOrEqualTo(expiry.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        }
    }

    @Test
    void aSocketIsClosedWith4410WhenItsTokenIsRevoked() throws Exception {
        String member = Fixtures.user("facebook");
        String jti = UUID.randomUUID().toString();
        String token = Fixtures.token(member, jti, Instant.now().plusSeconds(600));
        try (TestSocket s = TestSocket.connect(base, "facebook", token);
                TestSocket other = TestSocket.connect(base, "facebook", Fixtures.token(member))) {
            s.next();
            other.next();
            Fixtures.revoke(jti, member); // what edge-api's logout writes
            assertThat(closedWithin(s, 6)).isEqualTo(CloseCodes.REVOKED_TOKEN);
            assertThat(s.closeReason).isEqualTo("token revoked");
            // the user's other session (another token) stays open
            assertThat(other.closeCode).isNotDone();
        }
    }

    @Test
    void aCommunitySocketIsClosedWith4403WhenItsUserLeaves() throws Exception {
        String member = Fixtures.user("skype", "twitter");
        try (TestSocket skype = TestSocket.connect(base, "skype", Fixtures.token(member));
                TestSocket twitter = TestSocket.connect(base, "twitter", Fixtures.token(member))) {
            skype.next();
            twitter.next();
            Fixtures.leave(member, "skype");
            assertThat(closedWithin(skype, 6)).isEqualTo(CloseCodes.NOT_A_MEMBER);
            assertThat(skype.closeReason).isEqualTo("not a member of skype");
            assertThat(twitter.closeCode).isNotDone();
        }
    }

    @Test
    void theAllSocketCarriesOnlyTheWindowsOfItsUsersCommunitiesAndFollowsJoinAndLeave() throws Exception {
        String user = Fixtures.user("instagram");
        // ten days ahead: window keys no other test uses (the server's replay filter remembers keys across tests)
        long start = System.currentTimeMillis() / Fixtures.WINDOW_MS * Fixtures.WINDOW_MS + 10 * 86_400_000L;
        try (TestSocket all = TestSocket.connect(base, "all", Fixtures.token(user));
                KafkaProducer<String, byte[]> producer = Fixtures.producer()) {
            all.next();
            Fixtures.send(producer, Fixtures.window("twitter", start, 3, 0), 0);
            Fixtures.send(producer, Fixtures.window("instagram", start, 4, 0), 0);
            assertThat(communityOf(all.until(m -> true, WAIT))).isEqualTo("instagram");

            Fixtures.join(user, "twitter");
            awaitDelivered(producer, all, "twitter", start + Fixtures.WINDOW_MS);

            Fixtures.leave(user, "instagram");
            // after the next check the left community is filtered again. All records go to one partition, so they
            // arrive in order: once an "all" marker comes first, the instagram window sent before it was held back
            long marker = start + 100 * Fixtures.WINDOW_MS;
            long deadline = System.nanoTime() + WAIT.toNanos();
            boolean filtered = false;
            for (int i = 0; !filtered && System.nanoTime() < deadline; i++) {
                Fixtures.send(producer, Fixtures.window("instagram", start + (10 + i) * Fixtures.WINDOW_MS, 1, 0), 0);
                Fixtures.send(producer, Fixtures.window("all", marker + i * Fixtures.WINDOW_MS, 1, 0), 0);
                JsonNode next = all.until(m -> true, WAIT);
                if ("all".equals(communityOf(next))) {
                    filtered = true;
                } else {
                    all.until(m -> "all".equals(communityOf(m)), WAIT);
                }
            }
            assertThat(filtered)
                    .as("instagram's windows stop once the user left")
                    .isTrue();
            assertThat(all.closeCode).isNotDone();
        }
    }

    /** Sends windows of {@code community} until the socket delivers one (the user's join is seen at the next check). */
    private static void awaitDelivered(
            KafkaProducer<String, byte[]> producer, TestSocket all, String community, long from)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (int i = 0; System.nanoTime() < deadline; i++) {
            WindowResult w = Fixtures.window(community, from + i * Fixtures.WINDOW_MS, 2, 0);
            Fixtures.send(producer, w, 0);
            Fixtures.send(producer, Fixtures.window("all", from + i * Fixtures.WINDOW_MS, 2, 0), 0);
            JsonNode first = all.until(m -> true, WAIT);
            if (community.equals(communityOf(first))) {
                return;
            }
        }
        throw new AssertionError("no " + community + " window reached the socket within " + WAIT);
    }

    private static String communityOf(JsonNode message) {
        return message.path("window").path("communityId").asText();
    }
}
