package dev.streamer.flink.bench;

import dev.streamer.contract.ActivityEvent;
import dev.streamer.contract.EventCodec;
import dev.streamer.contract.PostPayload;
import dev.streamer.flink.JobOptions;
import dev.streamer.flink.Sinks;
import dev.streamer.flink.StreamerJob;
import dev.streamer.flink.emotion.EmotionModelFactory;
import dev.streamer.flink.functions.RouteRejected;
import dev.streamer.flink.records.Incoming;
import dev.streamer.infra.testing.TestDatabase;
import dev.streamer.infra.testing.TestKafka;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Throughput of the job, not a test. Writes a topic of activity, then in the same run (1) drains it with a plain
 * {@link KafkaConsumer} and (2) runs the whole job (emotion off, every sink real: MySQL and Kafka) over it as a
 * bounded source, and prints both rates and their ratio. Then (3) the job with the emotion model over a topic of
 * posts only, in posts/s. Uses the in-process test broker and a fresh MariaDB test database.
 *
 * <pre>
 * mvn -B -q -pl flink-job test-compile exec:exec -Dexec.classpathScope=test -Dexec.executable=java \
 *     -Dexec.args="-Xmx3g -cp %classpath dev.streamer.flink.bench.JobBenchmark --events 300000 --posts 1000 --parallelism 2"
 * </pre>
 */
public final class JobBenchmark {

    public static void main(String[] args) {
        try {
            run(args);
            System.exit(0);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        int events = intArg(args, "--events", 500_000);
        int posts = intArg(args, "--posts", 1_000);
        int parallelism = intArg(args, "--parallelism", 2);
        TestKafka kafka = TestKafka.shared();
        try (TestDatabase db = TestDatabase.create()) {
            List<String> users = users(db, 1_000);
            String topic = kafka.uniqueTopic("bench.activity");
            long written = produce(kafka, topic, users, events, false);
            System.out.printf("wrote %,d events to %s%n", written, topic);

            double consumerRate = drain(kafka, topic, written);
            double decodeRate = decodeOnly(kafka, topic, written, parallelism);
            double jobRate = runJob(kafka, db, topic, written, parallelism, false);
            System.out.printf("RESULT plain KafkaConsumer: %,.0f events/s%n", consumerRate);
            System.out.printf(
                    "RESULT Flink source and decoding only (parallelism %d): %,.0f events/s  ratio %.2f%n",
                    parallelism, decodeRate, decodeRate / consumerRate);
            System.out.printf(
                    "RESULT job (emotion off, parallelism %d): %,.0f events/s  ratio %.2f%n",
                    parallelism, jobRate, jobRate / consumerRate);

            if (posts > 0) {
                String postTopic = kafka.uniqueTopic("bench.posts");
                long n = produce(kafka, postTopic, users, posts, true);
                double postRate = runJob(kafka, db, postTopic, n, parallelism, true);
                System.out.printf("RESULT job (emotion on, parallelism %d): %,.0f posts/s%n", parallelism, postRate);
            }
        }
    }

    private static List<String> users(TestDatabase db, int n) throws Exception {
        List<String> users = new ArrayList<>();
        try (Connection c = db.connect();
                PreparedStatement st = c.prepareStatement(
                        "INSERT INTO users (id, username, password_hash, created_at) VALUES (?, ?, 'x', 0)")) {
            for (int i = 0; i < n; i++) {
                String id = UUID.randomUUID().toString();
                users.add(id);
                st.setString(1, id);
                st.setString(2, id.replace("-", ""));
                st.addBatch();
            }
            st.executeBatch();
        }
        return users;
    }

    /** Activity like the generator's: sign-ins, posts, likes, unlikes, comments and shares over four communities. */
    private static long produce(TestKafka kafka, String topic, List<String> users, int n, boolean postsOnly) {
        String[] communities = {"facebook", "instagram", "skype", "twitter"};
        String[] texts = {
            "I love this, what a great day!",
            "This makes me so angry.",
            "I'm scared of what comes next.",
            "Wow, I did not expect that at all!",
            "So sad to hear the news.",
            "The bus leaves at nine.",
            "That is gross."
        };
        Random random = new Random(7);
        long t0 = System.currentTimeMillis() - 3_600_000;
        List<String> recentPosts = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
            for (int i = 0; i < n; i++) {
                String community = communities[i % communities.length];
                String user = users.get(random.nextInt(users.size()));
                long t = t0 + i / 20; // 20 events per event-time ms
                int dice = postsOnly || recentPosts.isEmpty() ? 0 : random.nextInt(100);
                ActivityEvent e;
                String id = UUID.randomUUID().toString();
                if (dice < 5) {
                    String postId = UUID.randomUUID().toString();
                    if (recentPosts.size() > 500) {
                        recentPosts.remove(0);
                    }
                    recentPosts.add(postId);
                    e = ActivityEvent.postCreated(
                            id,
                            community,
                            user,
                            postId,
                            t,
                            new PostPayload(texts[random.nextInt(texts.length)] + " #" + i, null, "bench"));
                } else if (dice < 50) {
                    e = ActivityEvent.signedIn(id, community, user, t);
                } else if (dice < 75) {
                    e = ActivityEvent.interaction(
                            id,
                            dev.streamer.contract.EventType.POST_LIKED,
                            community,
                            user,
                            recentPosts.get(random.nextInt(recentPosts.size())),
                            t);
                } else if (dice < 85) {
                    e = ActivityEvent.interaction(
                            id,
                            dev.streamer.contract.EventType.POST_SHARED,
                            community,
                            user,
                            recentPosts.get(random.nextInt(recentPosts.size())),
                            t);
                } else {
                    e = ActivityEvent.signedOut(id, community, user, t);
                }
                // written as edge-api writes: a few ms after the event was accepted (on time, not late)
                producer.send(new ProducerRecord<>(topic, null, t + 5, community, EventCodec.encode(e)));
            }
            producer.flush();
        }
        return n;
    }

    /** CPU time of this JVM (the job, the in-process broker, the clients), to compare runs on a busy machine. */
    private static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime()
                / 1e9;
    }

    private static double drain(TestKafka kafka, String topic, long expected) {
        long start = System.nanoTime();
        long seen = 0;
        try (KafkaConsumer<String, byte[]> consumer = kafka.consumer()) {
            consumer.subscribe(List.of(topic));
            while (seen < expected) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                seen += records.count();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("plain KafkaConsumer drained %,d records in %.1f s%n", seen, seconds);
        return seen / seconds;
    }

    /** Where the job's time goes: the Kafka source and the contract decoding alone, every record discarded. */
    private static double decodeOnly(TestKafka kafka, String topic, long expected, int parallelism) throws Exception {
        JobOptions o = JobOptions.parse(
                "--bootstrap",
                kafka.bootstrapServers(),
                "--activity-topic",
                topic,
                "--group-id",
                "bench-decode-" + UUID.randomUUID(),
                "--starting-offsets",
                "earliest");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        env.fromSource(
                        StreamerJob.kafkaSourceBuilder(o)
                                .setBounded(OffsetsInitializer.latest())
                                .build(),
                        WatermarkStrategy.noWatermarks(),
                        "activity")
                .process(new RouteRejected())
                .sinkTo(new DiscardingSink<>());
        double cpu = cpuSeconds();
        var result = env.execute("bench-decode-only");
        cpu = cpuSeconds() - cpu;
        System.out.printf(
                "decoding only: %,d records, net runtime %d ms, %.1f CPU s (%,.0f events per CPU second)%n",
                expected, result.getNetRuntime(), cpu, expected / cpu);
        return expected / (result.getNetRuntime() / 1000.0);
    }

    private static double runJob(
            TestKafka kafka, TestDatabase db, String topic, long expected, int parallelism, boolean emotion)
            throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        kafka.createTopics(
                List.of("bench.feed." + id, "bench.analytics." + id, "bench.dlq." + id), TestKafka.PARTITIONS);
        JobOptions o = JobOptions.parse(
                "--bootstrap",
                kafka.bootstrapServers(),
                "--activity-topic",
                topic,
                "--feed-topic",
                "bench.feed." + id,
                "--analytics-topic",
                "bench.analytics." + id,
                "--dlq-topic",
                "bench.dlq." + id,
                "--group-id",
                "bench-" + id,
                "--starting-offsets",
                "earliest",
                "--jdbc-url",
                db.jdbcUrl(),
                "--jdbc-user",
                db.user(),
                "--jdbc-password",
                db.password(),
                "--parallelism",
                String.valueOf(parallelism),
                "--emotion",
                emotion ? "on" : "off",
                "--checkpoint-interval",
                "10s",
                "--checkpoint-dir",
                java.nio.file.Files.createTempDirectory("bench-checkpoints")
                        .toUri()
                        .toString(),
                "--job-name",
                "bench-" + (emotion ? "emotion" : "analytics"));
        KafkaSource<Incoming> bounded = StreamerJob.kafkaSourceBuilder(o)
                .setBounded(OffsetsInitializer.latest())
                .build();
        StreamerJob job = new StreamerJob(o, bounded, Sinks.of(o), emotion ? new EmotionModelFactory(null) : null);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(StreamerJob.configuration(o));
        job.build(env);
        long start = System.nanoTime();
        double cpu = cpuSeconds();
        var result = env.execute(o.jobName());
        cpu = cpuSeconds() - cpu;
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "job %s: %,d records in %.1f s (including ~job start-up; net runtime %d ms), %.1f CPU s "
                        + "(%,.0f events per CPU second)%n",
                o.jobName(), expected, seconds, result.getNetRuntime(), cpu, expected / cpu);
        return expected / (result.getNetRuntime() / 1000.0);
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
