package dev.streamer.chaos;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bin/streamer chaos}: see chaos/README.md. */
@Command(
        name = "chaos",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Runs the generator's load against the running stack (bin/streamer up) while faults are injected one "
                    + "after another, each at a random moment; then checks MySQL and a WebSocket client against the "
                    + "generator's ground truth and every non-2xx answer against the faults, and prints a table. Exit code 0 "
                    + "only when everything is exact."
        })
public final class ChaosCli implements Callable<Integer> {

    @Option(
            names = "--minutes",
            defaultValue = "8",
            description = "how long: up to 8 the short form (every fault once, at most about 8 minutes); more, a soak "
                    + "that repeats the faults in shuffled cycles (default: ${DEFAULT-VALUE})")
    int minutes;

    @Option(
            names = "--faults",
            split = ",",
            paramLabel = "ID",
            description =
                    "only these faults, in the short form's order: poison, kill-taskmanager, down-up (2 -> 1 -> 2), "
                            + "kill-services, kafka-outage, kill-jobmanager, db-outage (default: all)")
    java.util.List<String> faults = new java.util.ArrayList<>();

    @Option(names = "--seed", description = "seed of the schedule and the generator (default: random, printed)")
    Long seed;

    @Option(
            names = "--rate",
            defaultValue = "50",
            description =
                    "generator requests per second (default: the generator's " + "load default, ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--users", defaultValue = "50", description = "generator users (default: ${DEFAULT-VALUE})")
    int users;

    @Option(
            names = "--retry-for",
            defaultValue = "240",
            description =
                    "seconds the generator keeps retrying a request " + "across an outage (default: ${DEFAULT-VALUE})")
    int retryForSeconds;

    @Option(
            names = "--recovery-timeout",
            defaultValue = "240",
            description = "seconds a fault may take to recover " + "(default: ${DEFAULT-VALUE})")
    int recoverySeconds;

    @Option(
            names = "--settle-timeout",
            defaultValue = "180",
            description = "seconds MySQL may take to reach the ground "
                    + "truth after the traffic stopped (default: ${DEFAULT-VALUE})")
    int settleSeconds;

    @Mixin
    StackOptions stack;

    @Override
    public Integer call() throws Exception {
        if (minutes < 1 || rate <= 0 || users < 1) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "need --minutes >= 1, --rate > 0, --users >= 1");
        }
        long s = seed != null ? seed : ThreadLocalRandom.current().nextLong(1, 1_000_000);
        ChaosRun.Settings settings = new ChaosRun.Settings(
                stack.endpoints(),
                stack.jobName(),
                s,
                Duration.ofMinutes(minutes),
                faults,
                rate,
                users,
                Duration.ofSeconds(retryForSeconds),
                Duration.ofSeconds(recoverySeconds),
                Duration.ofSeconds(settleSeconds));
        return new ChaosRun(settings, System.out).run();
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ChaosCli()).execute(args));
    }
}
