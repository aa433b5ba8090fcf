package dev.streamer.chaos;

import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The hidden options that say where the running stack's parts answer, shared by {@code bin/streamer chaos} and
 * {@code bin/streamer bench} as a picocli mixin: their wrappers (bin/lib/chaos.sh, bin/lib/bench.sh) pass
 * {@code bin/streamer}'s own settings, so users never type them.
 */
public final class StackOptions {

    @Option(names = "--job-name", defaultValue = "streamer", hidden = true)
    String jobName;

    @Option(names = "--edge-url", required = true, hidden = true)
    URI edge;

    @Option(names = "--edge-health", required = true, hidden = true)
    URI edgeHealth;

    @Option(names = "--push-url", required = true, hidden = true)
    URI push;

    @Option(names = "--push-health", required = true, hidden = true)
    URI pushHealth;

    @Option(names = "--flink-url", required = true, hidden = true)
    URI flink;

    @Option(names = "--jdbc-url", required = true, hidden = true)
    String jdbcUrl;

    @Option(names = "--jdbc-user", defaultValue = "root", hidden = true)
    String jdbcUser;

    @Option(names = "--jdbc-password", defaultValue = "", hidden = true)
    String jdbcPassword;

    @Option(names = "--bootstrap", required = true, hidden = true)
    String bootstrap;

    @Option(names = "--root", required = true, hidden = true)
    Path root;

    @Option(names = "--home", required = true, hidden = true)
    Path home;

    /** The Flink job's name. */
    public String jobName() {
        return jobName;
    }

    public Endpoints endpoints() {
        return new Endpoints(
                edge,
                edgeHealth,
                push,
                pushHealth,
                flink,
                jdbcUrl,
                jdbcUser,
                jdbcPassword,
                bootstrap,
                root.toAbsolutePath().normalize(),
                home.toAbsolutePath().normalize());
    }
}
