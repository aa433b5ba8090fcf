package dev.streamer.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Which faults, in which order, each after a random stretch of normal traffic (so each lands at a random moment of the
 * load and of its windows). The short form injects every fault once; a soak repeats them in shuffled cycles for as
 * long as it was asked to run. {@code down + up} alternates the job's parallelism 2 → 1 → 2, and a schedule always
 * leaves the job at parallelism 2.
 */
final class Schedule {

    /** One fault and the traffic before it. */
    record Step(Fault fault, Duration trafficBefore) {}

    static final Duration KAFKA_OUTAGE = Duration.ofSeconds(30);
    static final Duration DATABASE_OUTAGE = Duration.ofSeconds(60);
    private static final int MIN_GAP_SECONDS = 2;
    private static final int MAX_GAP_SECONDS = 6;

    private Schedule() {}

    /** The ids {@code --faults} takes, in the short form's order. */
    static final List<String> IDS = List.of(
            "poison", "kill-taskmanager", "down-up", "kill-services", "kafka-outage", "kill-jobmanager", "db-outage");

    /** Every fault once, the job's parallelism changed 2 → 1 by the first down/up and back by the second. */
    static List<Step> shortForm(long seed) {
        return only(seed, IDS);
    }

    /**
     * The short form restricted to the faults named (ids of {@link #IDS}); {@code down-up} stands for both down/ups
     * (2 → 1 and back), so that the job ends at parallelism 2.
     */
    static List<Step> only(long seed, List<String> ids) {
        for (String id : ids) {
            if (!IDS.contains(id)) {
                throw new IllegalArgumentException("unknown fault '" + id + "'; known: " + String.join(", ", IDS));
            }
        }
        Random random = new Random(seed);
        long poisonSeed = random.nextLong();
        List<Fault> faults = new java.util.ArrayList<>();
        for (String id : IDS) {
            if (!ids.contains(id)) {
                continue;
            }
            switch (id) {
                case "poison" -> faults.add(new Faults.PoisonRecords(poisonSeed));
                case "kill-taskmanager" -> faults.add(new Faults.KillFlink("flink-taskmanager", "TaskManager"));
                case "down-up" -> faults.add(new Faults.DownUp(1));
                case "kill-services" -> faults.add(new Faults.KillServices());
                case "kafka-outage" -> faults.add(new Faults.StopFor("kafka", "Kafka broker", KAFKA_OUTAGE));
                case "kill-jobmanager" -> faults.add(new Faults.KillFlink("flink-jobmanager", "JobManager"));
                case "db-outage" -> faults.add(new Faults.StopFor("db", "MariaDB", DATABASE_OUTAGE));
                default -> throw new IllegalStateException(id);
            }
        }
        if (ids.contains("down-up")) {
            faults.add(new Faults.DownUp(2));
        }
        return withGaps(faults, random);
    }

    /**
     * The short form, then shuffled cycles of every fault until about {@code total} has passed (estimated from what
     * each fault takes here), ending at parallelism 2.
     */
    static List<Step> soak(long seed, Duration total) {
        Random random = new Random(seed);
        List<Step> steps = new ArrayList<>(shortForm(random.nextLong()));
        long budget = total.toSeconds() - estimateSeconds(steps);
        int parallelism = 2;
        while (true) {
            List<Fault> cycle = new ArrayList<>(List.of(
                    new Faults.PoisonRecords(random.nextLong()),
                    new Faults.KillFlink("flink-taskmanager", "TaskManager"),
                    new Faults.KillFlink("flink-jobmanager", "JobManager"),
                    new Faults.KillServices(),
                    new Faults.StopFor("kafka", "Kafka broker", KAFKA_OUTAGE),
                    new Faults.StopFor("db", "MariaDB", DATABASE_OUTAGE),
                    new Faults.DownUp(parallelism == 2 ? 1 : 2)));
            Collections.shuffle(cycle, random);
            List<Step> next = withGaps(cycle, random);
            long cost = estimateSeconds(next);
            if (cost > budget) {
                break;
            }
            budget -= cost;
            steps.addAll(next);
            parallelism = parallelism == 2 ? 1 : 2;
        }
        if (parallelism != 2) {
            steps.add(new Step(new Faults.DownUp(2), Duration.ofSeconds(MIN_GAP_SECONDS)));
        }
        return steps;
    }

    private static List<Step> withGaps(List<Fault> faults, Random random) {
        List<Step> steps = new ArrayList<>();
        for (Fault f : faults) {
            steps.add(new Step(
                    f, Duration.ofSeconds(MIN_GAP_SECONDS + random.nextInt(MAX_GAP_SECONDS - MIN_GAP_SECONDS + 1))));
        }
        return steps;
    }

    /** Seconds a step takes here, measured: the outage itself plus the recovery that follows. */
    static long estimateSeconds(List<Step> steps) {
        long total = 0;
        for (Step s : steps) {
            total += s.trafficBefore().toSeconds() + estimateSeconds(s.fault());
        }
        return total;
    }

    private static long estimateSeconds(Fault f) {
        if (f instanceof Faults.PoisonRecords) {
            return 10;
        } else if (f instanceof Faults.KillFlink k) {
            return k.part().contains("job") ? 45 : 25;
        } else if (f instanceof Faults.KillServices) {
            return 20;
        } else if (f instanceof Faults.StopFor st) {
            return st.hold().toSeconds() + 25;
        } else {
            return 75;
        }
    }
}
