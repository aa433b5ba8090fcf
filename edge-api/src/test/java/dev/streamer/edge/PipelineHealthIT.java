package dev.streamer.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.streamer.contract.Topics;
import dev.streamer.infra.testing.TestKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * GET /api/health/pipeline against the real broker and this instance's own counter; Flink hangs (a socket that never
 * answers) and live-push is not there (a refused port), so their panels must say "unavailable" — in bounded time,
 * never as a 500 and never with a made-up figure.
 */
@QuarkusTest
@WithTestResource(EdgeTestResources.class)
@WithTestResource(SilentFlinkResource.class)
class PipelineHealthIT {

    private static final String GROUP = "streamer-flink-job";

    private static JsonPath health(Api.Session s) {
        return s.as().get("/api/health/pipeline")
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .extract()
                .jsonPath();
    }

    /** The next sample (at least streamer.health.min-interval after the last one). */
    private static JsonPath nextSample(Api.Session s, long after) {
        JsonPath[] doc = new JsonPath[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            doc[0] = health(s);
            return doc[0].getLong("sampledAt") > after;
        });
        return doc[0];
    }

    @Test
    void onlySignedInUsers() {
        Api.assertProblem(RestAssured.given().get("/api/health/pipeline"), 401);
        Api.assertProblem(
                RestAssured.given()
                        .header("Authorization", "Bearer not.a.token")
                        .get("/api/health/pipeline"),
                401);
    }

    @Test
    void acceptedEventsPerSecondIsTheRateOfTheAcknowledgedCounterBetweenTwoSamples() {
        Api.Session s = Api.member("health", "facebook");
        JsonPath first = nextSample(s, 0);
        assertThat(first.getString("ingest.status")).isEqualTo("ok");
        int posts = 7;
        for (int i = 0; i < posts; i++) {
            s.as().contentType(ContentType.JSON)
                    .body(Map.of("text", "health " + i))
                    .post("/api/communities/facebook/posts")
                    .then()
                    .statusCode(202);
        }
        JsonPath second = nextSample(s, first.getLong("sampledAt"));
        long acknowledged = second.getLong("ingest.acknowledged") - first.getLong("ingest.acknowledged");
        assertThat(acknowledged).isEqualTo(posts);
        double seconds = (second.getLong("sampledAt") - first.getLong("sampledAt")) / 1000.0;
        assertThat(second.getDouble("ingest.eventsPerSecond"))
                .isCloseTo(posts / seconds, org.assertj.core.data.Offset.offset(1e-3));
    }

    @Test
    void consumerLagPerPartitionIsTheEndOffsetMinusWhatTheJobsGroupCommitted() throws Exception {
        Api.Session s = Api.member("lag", "skype");
        for (int i = 0; i < 5; i++) {
            s.as().contentType(ContentType.JSON)
                    .body(Map.of("text", "lag " + i))
                    .post("/api/communities/skype/posts")
                    .then()
                    .statusCode(202);
        }
        String bootstrap = TestKafka.shared().bootstrapServers();
        Map<TopicPartition, Long> ends = endOffsets(bootstrap, Topics.ACTIVITY);
        // the job's group committed partition 0 up to 1 behind its end, partition 1 fully, partition 2 never
        TopicPartition p0 = new TopicPartition(Topics.ACTIVITY, 0);
        TopicPartition p1 = new TopicPartition(Topics.ACTIVITY, 1);
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        commit.put(p0, new OffsetAndMetadata(Math.max(0, ends.get(p0) - 1)));
        commit.put(p1, new OffsetAndMetadata(ends.get(p1)));
        commitAs(bootstrap, GROUP, commit);

        JsonPath doc = nextSample(s, System.currentTimeMillis());
        assertThat(doc.getString("consumerLag.status")).isEqualTo("ok");
        assertThat(doc.getString("consumerLag.group")).isEqualTo(GROUP);
        List<Map<String, Object>> partitions = doc.getList("consumerLag.partitions");
        assertThat(partitions).hasSize(3);
        long expectedTotal = 0;
        for (Map<String, Object> p : partitions) {
            TopicPartition tp = new TopicPartition(Topics.ACTIVITY, ((Number) p.get("partition")).intValue());
            long end = ends.get(tp);
            assertThat(((Number) p.get("endOffset")).longValue()).isEqualTo(end);
            OffsetAndMetadata committed = commit.get(tp);
            if (committed == null) {
                assertThat(p.get("committedOffset")).isNull();
                assertThat(((Number) p.get("lag")).longValue()).isEqualTo(end);
            } else {
                assertThat(((Number) p.get("committedOffset")).longValue()).isEqualTo(committed.offset());
                assertThat(((Number) p.get("lag")).longValue()).isEqualTo(end - committed.offset());
            }
            expectedTotal += ((Number) p.get("lag")).longValue();
        }
        assertThat(doc.getLong("consumerLag.total")).isEqualTo(expectedTotal);
        assertThat(ends.values().stream().mapToLong(Long::longValue).sum()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void dlqRecordsAreTheEndOffsetsOfTheDlqTopic() throws Exception {
        Api.Session s = Api.newUser("dlq");
        String bootstrap = TestKafka.shared().bootstrapServers();
        long before = endOffsets(bootstrap, Topics.ACTIVITY_DLQ).values().stream()
                .mapToLong(Long::longValue)
                .sum();
        try (KafkaProducer<String, byte[]> producer = TestKafka.shared().producer()) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(Topics.ACTIVITY_DLQ, "k" + i, "{\"reason\":\"test\"}".getBytes()))
                        .get();
            }
        }
        JsonPath doc = nextSample(s, System.currentTimeMillis());
        assertThat(doc.getString("dlq.status")).isEqualTo("ok");
        assertThat(doc.getLong("dlq.records")).isEqualTo(before + 3);
    }

    @Test
    void aHungFlinkAndAnAbsentLivePushMakeTheirPanelsUnavailableInBoundedTime() {
        Api.Session s = Api.newUser("down");
        long started = System.nanoTime();
        JsonPath doc = nextSample(s, System.currentTimeMillis());
        long ms = (System.nanoTime() - started) / 1_000_000;
        for (String panel : List.of("checkpoint", "restarts", "lateEvents")) {
            assertThat(doc.getString(panel + ".status")).as(panel).isEqualTo("unavailable");
            assertThat(doc.getString(panel + ".reason")).as(panel).isEqualTo("Flink: no answer in time");
        }
        assertThat(doc.getMap("checkpoint")).containsOnlyKeys("status", "reason");
        assertThat(doc.getMap("restarts")).containsOnlyKeys("status", "reason");
        for (String panel : List.of("results", "connections", "delivery", "windowDelay")) {
            assertThat(doc.getString(panel + ".status")).as(panel).isEqualTo("unavailable");
            assertThat(doc.getString(panel + ".reason")).as(panel).isEqualTo("live-push: not reachable");
        }
        assertThat(doc.getMap("connections")).containsOnlyKeys("status", "reason");
        // the Kafka panels do not wait for the hung source's figures to be given up on
        assertThat(doc.getString("consumerLag.status")).isEqualTo("ok");
        assertThat(ms)
                .as("answered within the bound (2 x timeout + 0.5 s, plus slack)")
                .isLessThan(15_000);
    }

    private static Map<TopicPartition, Long> endOffsets(String bootstrap, String topic) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            int partitions = admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions()
                    .size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int i = 0; i < partitions; i++) {
                latest.put(new TopicPartition(topic, i), OffsetSpec.latest());
            }
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        }
    }

    private static void commitAs(String bootstrap, String group, Map<TopicPartition, OffsetAndMetadata> offsets) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.assign(offsets.keySet());
            c.commitSync(offsets);
        }
    }
}
