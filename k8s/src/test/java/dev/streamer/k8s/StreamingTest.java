package dev.streamer.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamer.contract.Topics;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Kafka topics against the contract, the FlinkDeployment against the job's own parser and Flink's options. */
class StreamingTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void kafkaTopicsAreExactlyTheContractTopics(String overlay) {
        Manifests m = Manifests.overlay(overlay);
        Map<String, Object> kafka = m.all("Kafka").get(0);
        List<Map<String, Object>> topics = m.all("KafkaTopic");
        Map<String, Map<String, Object>> byName = topics.stream()
                .collect(Collectors.toMap(
                        t -> Yaml2.str(t, "spec.topicName") != null
                                ? Yaml2.str(t, "spec.topicName")
                                : Manifests.name(t),
                        t -> t));
        assertThat(byName.keySet()).as("KafkaTopic names").containsExactlyInAnyOrderElementsOf(Topics.ALL);

        int brokers = m.all("KafkaNodePool").stream()
                .filter(p -> ((List<?>) Yaml2.path(p, "spec.roles")).contains("broker"))
                .mapToInt(p -> ((Number) Yaml2.path(p, "spec.replicas")).intValue())
                .sum();
        for (Map<String, Object> t : topics) {
            String what = overlay + ": topic " + Yaml2.str(t, "spec.topicName");
            assertThat(Yaml2.map(Yaml2.path(t, "metadata.labels")).get("strimzi.io/cluster"))
                    .as(what + " cluster label")
                    .isEqualTo(Manifests.name(kafka));
            int partitions = ((Number) Yaml2.path(t, "spec.partitions")).intValue();
            int replicas = ((Number) Yaml2.path(t, "spec.replicas")).intValue();
            assertThat(partitions).as(what + " partitions").isPositive();
            assertThat(replicas).as(what + " replicas").isBetween(1, brokers);
            Map<String, Object> config = Yaml2.map(Yaml2.path(t, "spec.config"));
            assertThat(((Number) config.get("min.insync.replicas")).intValue())
                    .as(what + " min ISR")
                    .isBetween(1, replicas);
            assertThat(config.get("retention.ms")).as(what + " retention").isNotNull();
        }
        // activity is the system of record: kept for ever; rejected events longer than the live result topics
        assertThat(retention(byName.get(Topics.ACTIVITY)))
                .as("activity retention.ms")
                .isEqualTo(-1);
        long dlqRetention = retention(byName.get(Topics.ACTIVITY_DLQ));
        for (String name : Topics.ALL) {
            if (!name.equals(Topics.ACTIVITY_DLQ) && !name.equals(Topics.ACTIVITY)) {
                assertThat(dlqRetention).as("DLQ kept longer than " + name).isGreaterThan(retention(byName.get(name)));
            }
        }
        // KRaft: a node pool of controllers and brokers for this cluster, no ZooKeeper
        assertThat(m.all("KafkaNodePool")).allSatisfy(p -> {
            assertThat(Yaml2.map(Yaml2.path(p, "metadata.labels")).get("strimzi.io/cluster"))
                    .isEqualTo(Manifests.name(kafka));
            assertThat(Yaml2.list(Yaml2.path(p, "spec.roles"))).contains("controller", "broker");
        });
        assertThat(Yaml2.path(kafka, "spec.zookeeper")).isNull();
        assertThat(Yaml2.path(kafka, "spec.entityOperator.topicOperator"))
                .as("Topic Operator manages the KafkaTopics")
                .isNotNull();
        // brokers of the same major.minor as the clients the services use
        String clients = Poms.parentProperty("kafka.version");
        String broker = Yaml2.str(kafka, "spec.kafka.version");
        assertThat(broker.substring(0, broker.lastIndexOf('.')))
                .as("broker vs kafka-clients " + clients)
                .isEqualTo(clients.substring(0, clients.lastIndexOf('.')));
        Map<String, Object> brokerConfig = Yaml2.map(Yaml2.path(kafka, "spec.kafka.config"));
        for (String key : List.of(
                "default.replication.factor",
                "offsets.topic.replication.factor",
                "transaction.state.log.replication.factor")) {
            assertThat(((Number) brokerConfig.get(key)).intValue())
                    .as(overlay + ": " + key)
                    .isBetween(1, brokers);
        }
        assertThat(((Number) brokerConfig.get("min.insync.replicas")).intValue())
                .isLessThanOrEqualTo(((Number) brokerConfig.get("default.replication.factor")).intValue());
        assertThat(brokerConfig.get("auto.create.topics.enable")).isEqualTo(false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void flinkDeploymentArgumentsAreAcceptedByTheJobsParser(String overlay) throws Exception {
        Manifests m = Manifests.overlay(overlay);
        Map<String, Object> f = single(m.all("FlinkDeployment"));
        List<String> args = Yaml2.list(Yaml2.path(f, "spec.job.args")).stream()
                .map(a -> {
                    assertThat(a)
                            .as("job argument " + a + " is a string (YAML 1.1 turns on/off into booleans)")
                            .isInstanceOf(String.class);
                    return (String) a;
                })
                .toList();

        Class<?> options = jobClass("dev.streamer.flink.JobOptions");
        Object parsed;
        try {
            parsed = options.getMethod("parse", String[].class).invoke(null, (Object) args.toArray(String[]::new));
        } catch (InvocationTargetException e) {
            throw new AssertionError(
                    overlay + ": JobOptions.parse rejected " + args + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        }
        assertThat(get(parsed, "bootstrap")).isEqualTo(ManifestsTest.kafkaBootstrap(m));
        assertThat(Set.of(
                        get(parsed, "activityTopic"),
                        get(parsed, "feedTopic"),
                        get(parsed, "analyticsTopic"),
                        get(parsed, "dlqTopic")))
                .containsExactlyInAnyOrderElementsOf(Topics.ALL);
        assertThat(ManifestsTest.hostPort((String) get(parsed, "jdbcUrl"))).isEqualTo(ManifestsTest.mysqlAddress(m));
        assertThat(get(parsed, "jdbcUser")).isEqualTo(m.configValue("ConfigMap", "mysql-config", "username"));
        assertThat(args).as("the password is no job argument").doesNotContain("--jdbc-password");
        Map<String, Object> flinkMain = Yaml2.maps(Manifests.podSpec(f).get("containers")).stream()
                .filter(c -> "flink-main-container".equals(c.get("name")))
                .findFirst()
                .orElseThrow();
        assertThat(m.environment(flinkMain).get("STREAMER_DB_PASSWORD"))
                .as("the job's password (STREAMER_DB_PASSWORD, read by JobOptions) equals the Secret's")
                .isEqualTo(Manifests.secretRef("mysql-credentials", "password"));
        assertThat(get(parsed, "emotion")).isEqualTo(true);

        // the entry class exists and has a main; the jar is where the image puts it
        Class<?> entry = jobClass(Yaml2.str(f, "spec.job.entryClass"));
        Method main = entry.getMethod("main", String[].class);
        assertThat(Modifier.isStatic(main.getModifiers())).isTrue();
        assertThat(Repo.read("flink-job/pom.xml"))
                .as("shade manifest main class")
                .contains("<mainClass>" + entry.getName() + "</mainClass>");
        String jarUri = Yaml2.str(f, "spec.job.jarURI");
        assertThat(jarUri).startsWith("local:///opt/flink/usrlib/");
        assertThat(Dockerfiles.copyDestinations("flink-job"))
                .as("flink-job.Dockerfile COPY")
                .contains(jarUri.substring("local://".length()));
        assertThat(Yaml2.str(f, "spec.job.upgradeMode")).isEqualTo("savepoint");
        assertThat(Yaml2.str(f, "spec.job.state")).isEqualTo("running");
        assertThat(Yaml2.str(f, "spec.mode"))
                .as("application mode is the default (native), no session")
                .isNull();
        assertThat(((Number) Yaml2.path(f, "spec.job.parallelism")).intValue()).isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void flinkConfigurationUsesOptionsFlink2Knows(String overlay) throws IOException {
        Manifests m = Manifests.overlay(overlay);
        Map<String, Object> f = single(m.all("FlinkDeployment"));
        String flinkVersion = Poms.parentProperty("flink.version");
        assertThat(Yaml2.str(f, "spec.flinkVersion"))
                .as("operator's flinkVersion for " + flinkVersion)
                .isEqualTo("v"
                        + flinkVersion
                                .substring(0, flinkVersion.lastIndexOf('.'))
                                .replace('.', '_'));
        assertThat(Dockerfiles.from("flink-job")).isEqualTo("flink:" + flinkVersion + "-java17");

        Map<String, ConfigOption<?>> known = flinkOptions();
        Map<String, Object> conf = Yaml2.map(Yaml2.path(f, "spec.flinkConfiguration"));
        Map<String, String> strings = new java.util.HashMap<>();
        for (var e : conf.entrySet()) {
            assertThat(e.getValue())
                    .as(e.getKey() + " is a string (the operator's map is Map<String,String>)")
                    .isInstanceOf(String.class);
            strings.put(e.getKey(), (String) e.getValue());
        }
        Configuration flinkConf = Configuration.fromMap(strings);
        for (String key : conf.keySet()) {
            // kubernetes.*: the operator's and flink-kubernetes' options; s3.*: the S3 file system plugin's
            // metrics.reporter.<name>.*: a reporter's options, under its name; flink-core knows only the factory key,
            // the port is the Prometheus reporter's own option (flink-metrics-prometheus, in the image's plugins/)
            java.util.regex.Matcher reporter = java.util.regex.Pattern.compile("metrics\\.reporter\\.[a-z]+\\.(.+)")
                    .matcher(key);
            if (reporter.matches()) {
                assertThat(reporter.group(1))
                        .as(key)
                        .isIn(org.apache.flink.configuration.MetricOptions.REPORTER_FACTORY_CLASS.key(), "port");
                if (reporter.group(1).equals("port")) {
                    assertThat(Integer.parseInt((String) conf.get(key))).as(key).isBetween(1024, 65535);
                }
                continue;
            }
            if (!key.startsWith("kubernetes.") && !key.startsWith("s3.")) {
                assertThat(known).as("flink-core knows option " + key).containsKey(key);
                try {
                    flinkConf.get(known.get(key));
                } catch (IllegalArgumentException e) {
                    throw new AssertionError(overlay + ": Flink cannot parse " + key + ": " + conf.get(key), e);
                }
            }
        }
        for (String role : List.of("jobManager", "taskManager")) {
            MemorySize memory = MemorySize.parse(Yaml2.str(f, "spec." + role + ".resource.memory"));
            assertThat(memory.getMebiBytes()).as(role + " memory").isGreaterThanOrEqualTo(1024);
        }
        assertThat(conf.get("high-availability.type")).isEqualTo("kubernetes");
        // failures: exponential back-off without a lifetime limit; a FAILED job is redeployed; periodic savepoints
        assertThat(conf)
                .containsEntry("restart-strategy.type", "exponential-delay")
                .containsEntry("kubernetes.operator.job.restart.failed", "true")
                .containsEntry("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION")
                .containsKeys(
                        "restart-strategy.exponential-delay.max-backoff",
                        "kubernetes.operator.periodic.savepoint.interval",
                        "kubernetes.operator.savepoint.history.max.count");
        assertThat(conf).doesNotContainKey("restart-strategy.exponential-delay.attempts-before-reset-backoff");
        assertThat(Yaml2.list(Yaml2.path(f, "spec.job.args")))
                .as("restart settings are Flink configuration, not job arguments")
                .noneMatch(a -> String.valueOf(a).startsWith("--restart"));
        // checkpoints, savepoints and HA storage are on a volume every Flink pod mounts (or an object store)
        Map<String, Object> pod = Manifests.podSpec(f);
        Map<String, Object> main = Yaml2.maps(pod.get("containers")).stream()
                .filter(c -> "flink-main-container".equals(c.get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("podTemplate has no flink-main-container"));
        for (String key : List.of(
                "execution.checkpointing.dir",
                "execution.checkpointing.savepoint-dir",
                "high-availability.storageDir")) {
            String dir = (String) conf.get(key);
            assertThat(dir).as(key).isNotNull();
            if (dir.startsWith("file://")) {
                String path = dir.substring("file://".length());
                Map<String, Object> mount = Yaml2.maps(main.get("volumeMounts")).stream()
                        .filter(v -> path.startsWith(v.get("mountPath") + "/"))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(key + " " + path + " is on no mounted volume"));
                Map<String, Object> volume = Yaml2.maps(pod.get("volumes")).stream()
                        .filter(v -> v.get("name").equals(mount.get("name")))
                        .findFirst()
                        .orElseThrow();
                String claim = Yaml2.str(volume, "persistentVolumeClaim.claimName");
                assertThat(claim).as(key + " is on a persistent volume").isNotNull();
                m.get("PersistentVolumeClaim", claim);
            } else {
                assertThat(dir).as(key).matches("(s3|s3a|s3p|gs|abfss?|hdfs)://.+");
            }
        }
        // prod keeps its state outside the cluster, in an object store, through Flink's S3 plugin
        if (overlay.equals("prod")) {
            for (String key : List.of(
                    "execution.checkpointing.dir",
                    "execution.checkpointing.savepoint-dir",
                    "high-availability.storageDir")) {
                assertThat((String) conf.get(key)).as("prod " + key).startsWith("s3://");
            }
            assertThat(m.environment(main))
                    .containsEntry("ENABLE_BUILT_IN_PLUGINS", "flink-s3-fs-presto-" + flinkVersion + ".jar");
        }
        // no claim asks for ReadWriteMany (no common default storage class offers it)
        for (Map<String, Object> claim : m.all("PersistentVolumeClaim")) {
            assertThat(Yaml2.list(Yaml2.path(claim, "spec.accessModes")))
                    .as("claim " + Manifests.name(claim))
                    .containsExactly("ReadWriteOnce");
        }
        assertThat(Yaml2.str(f, "spec.serviceAccount")).satisfies(sa -> {
            m.get("ServiceAccount", sa);
            assertThat(m.all("RoleBinding"))
                    .anyMatch(rb -> Yaml2.maps(rb.get("subjects")).stream()
                            .anyMatch(s -> sa.equals(s.get("name"))
                                    && Yaml2.str(rb, "metadata.namespace").equals(s.get("namespace"))));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void generatorArgumentsAreAcceptedByItsCommandLine(String overlay) {
        Manifests m = Manifests.overlay(overlay);
        Map<String, Object> d = m.get("Deployment", "generator");
        assertThat(((Number) Yaml2.path(d, "spec.replicas")).intValue())
                .as("generator is off by default")
                .isZero();
        Map<String, Object> c = m.container("Deployment", "generator", "generator");
        List<String> args =
                Yaml2.list(c.get("args")).stream().map(String::valueOf).toList();
        CommandLine cli = new CommandLine(new dev.streamer.generator.GeneratorCli());
        CommandLine.ParseResult result = cli.parseArgs(args.toArray(String[]::new));
        assertThat(result.hasSubcommand())
                .as("a subcommand (demo|load) is named")
                .isTrue();
        assertThat(result.subcommand().unmatched()).isEmpty();
        List<String> cmd = Dockerfiles.entrypoint("generator");
        assertThat(cmd).contains("dev.streamer.generator.GeneratorCli");
    }

    // ---- helpers

    static long retention(Map<String, Object> topic) {
        return ((Number) Yaml2.map(Yaml2.path(topic, "spec.config")).get("retention.ms")).longValue();
    }

    static <T> T single(List<T> list) {
        assertThat(list).hasSize(1);
        return list.get(0);
    }

    static Class<?> jobClass(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(
                    "class " + name + " not found: is module flink-job (streamer-flink-job) built?", e);
        }
    }

    static Object get(Object record, String component) throws Exception {
        return record.getClass().getMethod(component).invoke(record);
    }

    /** Every key, deprecated key and fallback key of the ConfigOptions in flink-core's configuration package. */
    static Map<String, ConfigOption<?>> flinkOptions() throws IOException {
        Map<String, ConfigOption<?>> keys = new java.util.HashMap<>();
        String jar = org.apache.flink.configuration.ConfigOption.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .getPath();
        List<String> classes = new ArrayList<>();
        try (JarFile j = new JarFile(Path.of(jar).toFile())) {
            j.stream()
                    .map(e -> e.getName())
                    .filter(n -> n.startsWith("org/apache/flink/configuration/")
                            && n.endsWith("Options.class")
                            && !n.contains("$"))
                    .forEach(n -> classes.add(n.replace('/', '.').replace(".class", "")));
        }
        for (String cls : classes) {
            try {
                for (Field field : Class.forName(cls).getFields()) {
                    if (Modifier.isStatic(field.getModifiers())
                            && org.apache.flink.configuration.ConfigOption.class.isAssignableFrom(field.getType())) {
                        var option = (ConfigOption<?>) field.get(null);
                        keys.put(option.key(), option);
                        option.fallbackKeys().forEach(k -> keys.putIfAbsent(k.getKey(), option));
                    }
                }
            } catch (ReflectiveOperationException | LinkageError ignored) {
                // an options class needing what flink-core alone lacks: its keys are not needed here
            }
        }
        assertThat(keys).hasSizeGreaterThan(300);
        return keys;
    }
}
