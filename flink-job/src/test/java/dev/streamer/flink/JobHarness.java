package dev.streamer.flink;

import dev.streamer.contract.ActivityEvent;
import dev.streamer.contract.EventCodec;
import dev.streamer.contract.Topics;
import dev.streamer.infra.testing.TestDatabase;
import dev.streamer.infra.testing.TestKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;

/** One job under test: its own topics on the shared test broker, its own database, the job on the MiniCluster. */
final class JobHarness implements AutoCloseable {

    final TestKafka kafka = TestKafka.shared();
    final TestDatabase db;
    final String activity;
    final String feed;
    final String analytics;
    final String dlq;
    final String groupId;
    final KafkaProducer<String, byte[]> producer;
    private JobClient client;

    JobHarness(int activityPartitions) {
        this(activityPartitions, null);
    }

    /** Shares the activity topic of {@code input} (for two jobs reading the same events), else creates one. */
    JobHarness(int activityPartitions, String input) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        activity = input != null ? input : Topics.ACTIVITY + "." + id;
        feed = Topics.FEED + "." + id;
        analytics = Topics.ANALYTICS + "." + id;
        dlq = Topics.ACTIVITY_DLQ + "." + id;
        groupId = "it-" + feed;
        if (input == null) {
            kafka.createTopics(List.of(activity), activityPartitions);
        }
        kafka.createTopics(List.of(feed, analytics, dlq), TestKafka.PARTITIONS);
        db = TestDatabase.create();
        producer = kafka.producer();
    }

    List<String> args(String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--bootstrap",
                kafka.bootstrapServers(),
                "--activity-topic",
                activity,
                "--feed-topic",
                feed,
                "--analytics-topic",
                analytics,
                "--dlq-topic",
                dlq,
                "--group-id",
                groupId,
                "--starting-offsets",
                "earliest",
                "--jdbc-url",
                db.jdbcUrl(),
                "--jdbc-user",
                db.user(),
                "--jdbc-password",
                db.password(),
                "--checkpoint-interval",
                "1s"));
        args.addAll(List.of(extra));
        return args;
    }

    JobClient start(String... extra) throws Exception {
        return startFrom(null, extra);
    }

    /** Starts the job from a savepoint or retained checkpoint ({@code path}), or afresh if it is null. */
    JobClient startFrom(String path, String... extra) throws Exception {
        JobOptions options = JobOptions.parse(args(extra).toArray(String[]::new));
        Configuration conf = StreamerJob.configuration(options);
        if (path != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, path);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        client = StreamerJob.of(options).start(env);
        awaitRunning(client);
        return client;
    }

    /** One TaskManager, 4 slots, and network memory for two jobs at once (the default is sized for one small job). */
    static MiniClusterResourceConfiguration miniCluster() {
        return miniCluster(4);
    }

    /** One TaskManager with {@code slots} slots, 128 MB of network memory per 2 slots. */
    static MiniClusterResourceConfiguration miniCluster(int slots) {
        Configuration conf = new Configuration();
        MemorySize network = MemorySize.parse(Math.max(256, 64 * slots) + "m");
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, network);
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, network);
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("64m"));
        return new MiniClusterResourceConfiguration.Builder()
                .setConfiguration(conf)
                .setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(slots)
                .build();
    }

    /** The job's failure history as the REST API reports it (empty entries: it never failed). */
    static String exceptions(MiniCluster miniCluster, JobID job) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create(miniCluster.getRestAddress().get() + "/jobs/" + job + "/exceptions"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** Waits until the job's consumer group committed (on a checkpoint) at least {@code offsets} of the activity topic. */
    void awaitCommitted(Map<Integer, Long> offsets, Duration timeout) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            await("offsets " + offsets + " committed by " + groupId, timeout, () -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                        .partitionsToOffsetAndMetadata()
                        .get();
                for (Map.Entry<Integer, Long> e : offsets.entrySet()) {
                    OffsetAndMetadata at = committed.get(new TopicPartition(activity, e.getKey()));
                    if (at == null || at.offset() < e.getValue()) {
                        return null;
                    }
                }
                return Boolean.TRUE;
            });
        }
    }

    /** Every record of {@code topic} up to its current end, and the last value of each key in log order. */
    <T> Map<String, T> lastPerKey(String topic, Function<byte[], T> decoder) {
        Map<String, T> last = new TreeMap<>();
        try (KafkaConsumer<String, byte[]> consumer = kafka.consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    last.put(r.key(), decoder.apply(r.value()));
                }
            }
        }
        return last;
    }

    static void awaitRunning(JobClient client) {
        Awaitility.await("job RUNNING")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> client.getJobStatus().get(), status -> status == JobStatus.RUNNING);
    }

    void send(ActivityEvent... events) {
        for (ActivityEvent e : events) {
            producer.send(new ProducerRecord<>(activity, e.communityId(), EventCodec.encode(e)));
        }
        producer.flush();
    }

    /** Sends {@code e} in a record with the timestamp (write time) {@code writtenAt}. */
    void sendAt(long writtenAt, ActivityEvent e) {
        producer.send(new ProducerRecord<>(activity, null, writtenAt, e.communityId(), EventCodec.encode(e)));
        producer.flush();
    }

    void sendRaw(String key, byte[] value) {
        producer.send(new ProducerRecord<>(activity, key, value));
        producer.flush();
    }

    void insertUsers(String... ids) throws SQLException {
        try (Connection c = db.connect();
                PreparedStatement st = c.prepareStatement(
                        "INSERT INTO users (id, username, password_hash, created_at) VALUES (?, ?, 'x', 0)")) {
            for (String id : ids) {
                st.setString(1, id);
                st.setString(2, id.replace("-", ""));
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    List<Map<String, Object>> rows(String sql) throws SQLException {
        try (Connection c = db.connect();
                PreparedStatement st = c.prepareStatement(sql);
                ResultSet rs = st.executeQuery()) {
            List<Map<String, Object>> out = new ArrayList<>();
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnLabel(i), rs.getObject(i));
                }
                out.add(row);
            }
            return out;
        }
    }

    /** Polls {@code probe} until it answers non-null (failed assertions and exceptions count as not yet). */
    static <T> T await(String what, Duration timeout, Callable<T> probe) {
        AtomicReference<T> answer = new AtomicReference<>();
        Awaitility.await(what)
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> {
                    answer.set(probe.call());
                    return answer.get() != null;
                });
        return answer.get();
    }

    static String uuid() {
        return UUID.randomUUID().toString();
    }

    @Override
    public void close() throws Exception {
        if (client != null) {
            try {
                client.cancel().get();
            } catch (Exception ignored) {
                // already finished
            }
        }
        producer.close();
        db.close();
    }
}
