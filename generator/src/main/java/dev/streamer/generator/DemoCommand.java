package dev.streamer.generator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The crowd of the local stack: rounds of a random mix of every kind of activity, like the prototype's. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Signs in a crowd and, every round, runs MIN..MAX of each of sign-in/out, post, like/unlike, comment "
                    + "and share, spread over the round. Stops after --duration or --rounds, or on Ctrl-C; then writes the "
                    + "ground-truth report."
        })
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--users", defaultValue = "100", description = "simulated users (default: ${DEFAULT-VALUE})")
    int users;

    @Option(names = "--round", defaultValue = "30", description = "seconds per round (default: ${DEFAULT-VALUE})")
    int roundSeconds;

    @Option(
            names = "--min",
            defaultValue = "20",
            description = "fewest operations of each kind per round (default: ${DEFAULT-VALUE})")
    int min;

    @Option(
            names = "--max",
            defaultValue = "30",
            description = "most operations of each kind per round (default: ${DEFAULT-VALUE})")
    int max;

    @Option(names = "--rounds", defaultValue = "0", description = "stop after this many rounds (default: 0 = no limit)")
    int rounds;

    @Option(
            names = "--duration",
            defaultValue = "0",
            description = "stop after this many seconds (default: 0 = no limit)")
    long durationSeconds;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        if (roundSeconds < 1 || min < 0 || max < min || rounds < 0 || durationSeconds < 0) {
            throw new IllegalArgumentException(
                    "need --round >= 1, 0 <= --min <= --max, --rounds >= 0 and --duration >= 0");
        }
        Run run = new Run("demo", common, users, 0, System.out, System.err);
        run.plannedSeconds(durationSeconds > 0 ? durationSeconds : (double) rounds * roundSeconds);
        return run.execute(this::rounds);
    }

    private void rounds(Run run, Random random) throws InterruptedException {
        long end = durationSeconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(durationSeconds) : Long.MAX_VALUE;
        for (int round = 1;
                (rounds == 0 || round <= rounds) && !run.stopping() && System.nanoTime() - end < 0;
                round++) {
            List<OpKind> plan = new ArrayList<>();
            for (OpKind kind : OpKind.values()) {
                plan.addAll(Collections.nCopies(min + random.nextInt(max - min + 1), kind));
            }
            Collections.shuffle(plan, random);
            long roundEnd = Math.min(end, System.nanoTime() + TimeUnit.SECONDS.toNanos(roundSeconds));
            long requestsBefore = run.stats().requests();
            if (!plan.isEmpty()) {
                Pacer pacer = new Pacer(plan.size() / (double) roundSeconds);
                for (OpKind kind : plan) {
                    if (!pacer.awaitNext(roundEnd) || !run.submit(kind, random)) {
                        break;
                    }
                }
            }
            long rest = roundEnd - System.nanoTime();
            if (rest > 0) {
                TimeUnit.NANOSECONDS.sleep(rest);
            }
            Simulation sim = run.simulation();
            run.err()
                    .printf(
                            "generator: round %d: %d operations planned, %d requests; %d/%d users signed in; posts %d pending, %d visible%n",
                            round,
                            plan.size(),
                            run.stats().requests() - requestsBefore,
                            sim.crowd().signedIn(),
                            sim.crowd().all().size(),
                            sim.posts.pendingCount(),
                            sim.posts.visibleCount());
        }
    }
}
