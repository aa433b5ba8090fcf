package dev.streamer.infra;

import dev.streamer.contract.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates, configures and lists topics on a broker with the Admin client. */
public final class KafkaTopics implements AutoCloseable {

    /**
     * Topic configs the contract topics must have. Activity is the system of record and is kept for ever: a job that
     * starts without state rebuilds everything by replaying it from the earliest offset. DLQ records are kept 30 days:
     * they are what an operator reads after an incident. The result topics keep the broker's default.
     */
    public static final Map<String, Map<String, String>> TOPIC_CONFIGS = Map.of(
            Topics.ACTIVITY, Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1"),
            Topics.ACTIVITY_DLQ,
                    Map.of(
                            TopicConfig.RETENTION_MS_CONFIG,
                            String.valueOf(Duration.ofDays(30).toMillis())));

    private final Admin admin;
    private final Duration timeout;

    public KafkaTopics(String bootstrapServers, Duration timeout) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        this.admin = Admin.create(props);
        this.timeout = timeout;
    }

    /** Creates every contract topic that does not exist yet; returns the names it created. */
    public List<String> createContractTopics(int partitions)
            throws ExecutionException, InterruptedException, TimeoutException {
        return create(Topics.ALL, partitions);
    }

    public List<String> create(Collection<String> names, int partitions)
            throws ExecutionException, InterruptedException, TimeoutException {
        Set<String> existing = list();
        List<NewTopic> missing = new ArrayList<>();
        for (String name : names) {
            if (!existing.contains(name)) {
                missing.add(
                        new NewTopic(name, partitions, (short) 1).configs(TOPIC_CONFIGS.getOrDefault(name, Map.of())));
            }
        }
        List<String> created = new ArrayList<>();
        if (missing.isEmpty()) {
            return created;
        }
        var result = admin.createTopics(missing);
        for (NewTopic topic : missing) {
            try {
                result.values().get(topic.name()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                created.add(topic.name());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        return created;
    }

    /**
     * Sets {@link #TOPIC_CONFIGS} on those of {@code names} that exist with another value (a topic created by an older
     * version, or changed by hand); returns "topic: key=value" for each change.
     */
    public List<String> enforceConfigs(Collection<String> names)
            throws ExecutionException, InterruptedException, TimeoutException {
        Set<String> existing = list();
        Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
        List<String> changed = new ArrayList<>();
        for (String name : names) {
            Map<String, String> wanted = TOPIC_CONFIGS.get(name);
            if (wanted == null || !existing.contains(name)) {
                continue;
            }
            Map<String, String> actual = configs(name);
            List<AlterConfigOp> ops = new ArrayList<>();
            wanted.forEach((key, value) -> {
                if (!value.equals(actual.get(key))) {
                    ops.add(new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET));
                    changed.add(name + ": " + key + "=" + value + " (was " + actual.get(key) + ")");
                }
            });
            if (!ops.isEmpty()) {
                changes.put(new ConfigResource(ConfigResource.Type.TOPIC, name), ops);
            }
        }
        if (!changes.isEmpty()) {
            admin.incrementalAlterConfigs(changes).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        return changed;
    }

    /** The effective config of a topic (its own values and the broker's defaults). */
    public Map<String, String> configs(String name) throws ExecutionException, InterruptedException, TimeoutException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
        var config = admin.describeConfigs(List.of(resource))
                .all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .get(resource);
        Map<String, String> out = new java.util.TreeMap<>();
        config.entries().forEach(e -> out.put(e.name(), e.value()));
        return out;
    }

    /** Records a topic holds now: the sum over its partitions of end offset minus earliest offset. */
    public long records(String name) throws ExecutionException, InterruptedException, TimeoutException {
        var description = admin.describeTopics(List.of(name))
                .allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .get(name);
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        description.partitions().forEach(p -> {
            earliest.put(new TopicPartition(name, p.partition()), OffsetSpec.earliest());
            latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest());
        });
        var first = admin.listOffsets(earliest).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        var last = admin.listOffsets(latest).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        long records = 0;
        for (TopicPartition tp : earliest.keySet()) {
            records += last.get(tp).offset() - first.get(tp).offset();
        }
        return records;
    }

    /** Names of the topics on the broker, internal ones excluded, sorted. */
    public Set<String> list() throws ExecutionException, InterruptedException, TimeoutException {
        return new TreeSet<>(admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** Partition count per topic. */
    public Map<String, Integer> partitions(Collection<String> names)
            throws ExecutionException, InterruptedException, TimeoutException {
        var descriptions = admin.describeTopics(names).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<String, Integer> out = new java.util.TreeMap<>();
        descriptions.forEach((name, d) -> out.put(name, d.partitions().size()));
        return out;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
