package dev.streamer.infra;

import dev.streamer.contract.Migrations;
import dev.streamer.contract.Topics;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The Java half of {@code bin/streamer kafka|db|flink}: topics (creation, configs, listing), schema migration, counts. */
@Command(
        name = "streamer-infra",
        mixinStandardHelpOptions = true,
        subcommands = {
            InfraCli.TopicsCreate.class,
            InfraCli.TopicsList.class,
            InfraCli.TopicDescribe.class,
            InfraCli.DbMigrate.class,
            InfraCli.DbTables.class,
            InfraCli.DbCount.class
        })
public final class InfraCli {

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new InfraCli());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            System.err.println("error: " + e);
            return 1;
        });
        System.exit(cli.execute(args));
    }

    @Command(
            name = "topics-create",
            description = "Create every contract topic that is missing and set the configs the"
                    + " contract wants on those that exist, waiting for the broker.")
    static final class TopicsCreate implements Callable<Integer> {
        @Option(names = "--bootstrap", required = true)
        String bootstrap;

        @Option(names = "--partitions", defaultValue = "3")
        int partitions;

        @Option(names = "--timeout-seconds", defaultValue = "60")
        int timeoutSeconds;

        @Override
        public Integer call() throws Exception {
            long deadline =
                    System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
            Exception last = null;
            while (System.nanoTime() < deadline) {
                try (KafkaTopics topics = new KafkaTopics(bootstrap, Duration.ofSeconds(10))) {
                    List<String> created = topics.createContractTopics(partitions);
                    List<String> fixed = topics.enforceConfigs(Topics.ALL);
                    for (String t : Topics.ALL) {
                        System.out.println((created.contains(t) ? "created " : "exists  ") + t);
                    }
                    fixed.forEach(change -> System.out.println("config  " + change));
                    return 0;
                } catch (Exception e) {
                    last = e;
                    Thread.sleep(500);
                }
            }
            System.err.println("could not create topics on " + bootstrap + " within " + timeoutSeconds + " s: " + last);
            return 1;
        }
    }

    @Command(name = "topics-list", description = "List the broker's topics with their partition counts.")
    static final class TopicsList implements Callable<Integer> {
        @Option(names = "--bootstrap", required = true)
        String bootstrap;

        @Override
        public Integer call() throws Exception {
            try (KafkaTopics topics = new KafkaTopics(bootstrap, Duration.ofSeconds(10))) {
                Map<String, Integer> partitions = topics.partitions(topics.list());
                partitions.forEach((name, n) -> System.out.println(name + "\tpartitions=" + n));
                List<String> missing = Topics.ALL.stream()
                        .filter(t -> !partitions.containsKey(t))
                        .toList();
                if (!missing.isEmpty()) {
                    System.out.println("missing contract topics: " + String.join(", ", missing));
                    return 3;
                }
                return 0;
            }
        }
    }

    @Command(name = "topic-describe", description = "One topic: partitions, records held, retention.")
    static final class TopicDescribe implements Callable<Integer> {
        @Option(names = "--bootstrap", required = true)
        String bootstrap;

        @Option(names = "--topic", required = true)
        String topic;

        @Override
        public Integer call() throws Exception {
            try (KafkaTopics topics = new KafkaTopics(bootstrap, Duration.ofSeconds(10))) {
                Map<String, String> configs = topics.configs(topic);
                System.out.println(topic + "\tpartitions="
                        + topics.partitions(List.of(topic)).get(topic)
                        + "\trecords=" + topics.records(topic) + "\tretention.ms=" + configs.get("retention.ms")
                        + "\tretention.bytes=" + configs.get("retention.bytes"));
                return 0;
            }
        }
    }

    @Command(name = "db-migrate", description = "Create the database if needed and apply the schema migrations.")
    static final class DbMigrate implements Callable<Integer> {
        @Option(names = "--url", required = true, description = "jdbc:mysql://HOST:PORT/DATABASE[?options]")
        String url;

        @Option(names = "--user", defaultValue = "root")
        String user;

        @Option(names = "--password", defaultValue = "")
        String password;

        @Option(names = "--create-database", description = "CREATE DATABASE IF NOT EXISTS first")
        boolean create;

        @Override
        public Integer call() throws Exception {
            if (create) {
                Matcher m = JDBC_URL.matcher(url);
                if (!m.matches()) {
                    System.err.println("cannot read the database name from " + url);
                    return 2;
                }
                try (Connection server = DriverManager.getConnection(
                        m.group(1) + "/" + (m.group(3) == null ? "" : "?" + m.group(3)), user, password)) {
                    Database.createDatabase(server, m.group(2));
                }
            }
            int applied = Migrations.apply(url, user, password);
            try (Connection c = DriverManager.getConnection(url, user, password)) {
                System.out.println(
                        "migrations applied now: " + applied + "; tables: " + String.join(", ", Database.tables(c)));
            }
            return 0;
        }
    }

    @Command(name = "db-tables", description = "List the tables of the database.")
    static final class DbTables implements Callable<Integer> {
        @Option(names = "--url", required = true)
        String url;

        @Option(names = "--user", defaultValue = "root")
        String user;

        @Option(names = "--password", defaultValue = "")
        String password;

        @Override
        public Integer call() throws Exception {
            try (Connection c = DriverManager.getConnection(url, user, password)) {
                System.out.println(String.join(", ", Database.tables(c)));
            }
            return 0;
        }
    }

    @Command(name = "db-count", description = "Print the number of rows of a table.")
    static final class DbCount implements Callable<Integer> {
        @Option(names = "--url", required = true)
        String url;

        @Option(names = "--user", defaultValue = "root")
        String user;

        @Option(names = "--password", defaultValue = "")
        String password;

        @Option(names = "--table", required = true)
        String table;

        @Override
        public Integer call() throws Exception {
            try (Connection c = DriverManager.getConnection(url, user, password)) {
                if (!Database.tables(c).contains(table)) {
                    System.err.println("no table " + table);
                    return 2;
                }
                try (var st = c.createStatement();
                        var rs = st.executeQuery("SELECT COUNT(*) FROM `" + table + "`")) {
                    rs.next();
                    System.out.println(rs.getLong(1));
                }
            }
            return 0;
        }
    }

    /** jdbc:mysql://host:port / database ? options */
    static final Pattern JDBC_URL = Pattern.compile("(jdbc:(?:mysql|mariadb)://[^/]+)/([A-Za-z0-9_]+)(?:\\?(.*))?");
}
