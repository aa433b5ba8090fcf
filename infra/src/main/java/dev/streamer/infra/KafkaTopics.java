package dev.streamer.infra;

import dev.streamer.contract.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Creates and lists topics on a broker with the Admin client. */
public final class KafkaTopics implements AutoCloseable {

    /** DLQ records are kept longer than activity: they are what an operator reads after an incident. */
    static final Map<String, String> DLQ_CONFIG = Map.of("retention.ms", String.valueOf(Duration.ofDays(30).toMillis()));

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
    public List<String> createContractTopics(int partitions) throws ExecutionException, InterruptedException, TimeoutException {
        return create(Topics.ALL, partitions);
    }

    public List<String> create(Collection<String> names, int partitions) throws ExecutionException, InterruptedException, TimeoutException {
        Set<String> existing = list();
        List<NewTopic> missing = new ArrayList<>();
        for (String name : names) {
            if (!existing.contains(name)) {
                NewTopic topic = new NewTopic(name, partitions, (short) 1);
                if (name.equals(Topics.ACTIVITY_DLQ)) {
                    topic.configs(DLQ_CONFIG);
                }
                missing.add(topic);
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

    /** Names of the topics on the broker, internal ones excluded, sorted. */
    public Set<String> list() throws ExecutionException, InterruptedException, TimeoutException {
        return new TreeSet<>(admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** Partition count per topic. */
    public Map<String, Integer> partitions(Collection<String> names) throws ExecutionException, InterruptedException, TimeoutException {
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
