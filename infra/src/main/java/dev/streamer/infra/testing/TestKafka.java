package dev.streamer.infra.testing;

import dev.streamer.contract.Topics;
import dev.streamer.infra.KafkaTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Kafka broker for integration tests: an in-process single-node KRaft cluster (Kafka's own
 * {@link KafkaClusterTestKit}) with every contract topic created. Set {@code STREAMER_TEST_KAFKA} to a bootstrap
 * address to run the tests against an external broker instead (for example the one {@code bin/streamer kafka start}
 * runs).
 */
public final class TestKafka implements AutoCloseable {

    public static final int PARTITIONS = 3;

    private static TestKafka shared;

    private final KafkaClusterTestKit cluster;
    private final String bootstrapServers;

    private TestKafka(KafkaClusterTestKit cluster, String bootstrapServers) {
        this.cluster = cluster;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * One broker per test JVM, started on first use and stopped when the JVM exits. An in-process broker that meets an
     * error while the JVM shuts down (its log folder already gone, say) calls Kafka's {@code Exit.halt(1)}: the test
     * JVM would then end with a non-zero code after every test passed, and Maven report the run as failed ("Error
     * occurred in starting fork"). The broker's exit and halt are therefore only reported here.
     */
    public static synchronized TestKafka shared() {
        if (shared == null) {
            org.apache.kafka.common.utils.Exit.Procedure report = (status, message) -> System.err.printf(
                    "test kafka: the in-process broker asked to exit with %d (%s); the JVM goes on%n", status, message);
            org.apache.kafka.common.utils.Exit.setExitProcedure(report);
            org.apache.kafka.common.utils.Exit.setHaltProcedure(report);
            shared = start();
            TestKafka broker = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "test-kafka-shutdown"));
        }
        return shared;
    }

    /** A new broker (or the external one), contract topics created; close it when done. */
    public static TestKafka start() {
        String external = System.getenv("STREAMER_TEST_KAFKA");
        try {
            TestKafka kafka;
            if (external != null && !external.isBlank()) {
                kafka = new TestKafka(null, external);
            } else {
                KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                                .setCombined(true)
                                .setNumBrokerNodes(1)
                                .setNumControllerNodes(1)
                                .build())
                        .setConfigProp("num.partitions", String.valueOf(PARTITIONS))
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("offsets.topic.num.partitions", "3")
                        .setConfigProp("transaction.state.log.replication.factor", "1")
                        .setConfigProp("transaction.state.log.min.isr", "1")
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        .build();
                cluster.format();
                cluster.startup();
                cluster.waitForReadyBrokers();
                kafka = new TestKafka(cluster, cluster.bootstrapServers());
            }
            kafka.createTopics(Topics.ALL, PARTITIONS);
            return kafka;
        } catch (Exception e) {
            throw new IllegalStateException("could not start the test Kafka broker", e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public void createTopics(List<String> names, int partitions) {
        try (KafkaTopics topics = new KafkaTopics(bootstrapServers, Duration.ofSeconds(30))) {
            topics.create(names, partitions);
        } catch (Exception e) {
            throw new IllegalStateException("could not create topics " + names, e);
        }
    }

    /** A topic name no other test uses. */
    public String uniqueTopic(String prefix) {
        String name = prefix + "." + UUID.randomUUID();
        createTopics(List.of(name), PARTITIONS);
        return name;
    }

    /** An idempotent, acks=all producer of string keys and byte values. */
    public KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(p);
    }

    /** A consumer in a fresh group reading from the earliest offset. */
    public KafkaConsumer<String, byte[]> consumer() {
        return consumer(bootstrapServers);
    }

    /** A consumer of any broker (one a test starts and stops itself, say) in a fresh group, from the earliest offset. */
    public static KafkaConsumer<String, byte[]> consumer(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(p);
    }

    /**
     * Reads {@code topic} from the beginning until {@code count} records matching {@code filter} were seen or the
     * timeout passed; returns the matching records (fewer than {@code count} on timeout).
     */
    public List<ConsumerRecord<String, byte[]>> read(
            String topic, Predicate<ConsumerRecord<String, byte[]>> filter, int count, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (filter.test(r)) {
                        out.add(r);
                    }
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        if (cluster != null) {
            try {
                cluster.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not stop the test Kafka broker", e);
            }
        }
    }
}
