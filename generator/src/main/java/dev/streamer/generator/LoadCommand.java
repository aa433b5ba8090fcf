package dev.streamer.generator;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A fixed request rate for a fixed time, with a live progress line and a closing summary. */
@Command(
        name = "load",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Sends operations at --rate per second for --duration seconds with at most --concurrency in flight, "
                    + "printing progress (achieved rate, errors by status, p50/p99 latency) and a summary; writes the "
                    + "ground-truth report on exit or Ctrl-C. 5xx answers are retried with jittered back-off, 4xx never."
        })
public final class LoadCommand implements Callable<Integer> {

    @Option(
            names = "--rate",
            defaultValue = "50",
            description = "target operations per second (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--duration", defaultValue = "60", description = "seconds to run (default: ${DEFAULT-VALUE})")
    long durationSeconds;

    @Option(names = "--users", defaultValue = "50", description = "simulated users (default: ${DEFAULT-VALUE})")
    int users;

    @Option(
            names = "--mix",
            defaultValue = "post=40,like=25,comment=15,share=10,sign=10",
            description =
                    "relative weights of sign, post, like, comment, share (default: ${DEFAULT-VALUE}); interactions "
                            + "fall back to posts until the feed shows posts to act on")
    String mix;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        if (!(rate > 0) || durationSeconds < 1) {
            throw new IllegalArgumentException("need --rate > 0 and --duration >= 1");
        }
        Map<OpKind, Double> weights = OpKind.parseMix(mix);
        Run run = new Run("load", common, users, rate, System.out, System.err);
        run.plannedSeconds(durationSeconds);
        return run.execute((r, random) -> {
            Pacer pacer = new Pacer(rate);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(durationSeconds);
            while (pacer.awaitNext(deadline) && r.submit(OpKind.draw(weights, random), random)) {
                // one operation per tick
            }
        });
    }
}
