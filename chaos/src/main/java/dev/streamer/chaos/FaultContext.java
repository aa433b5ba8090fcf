package dev.streamer.chaos;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** What a fault needs to act on the stack and to see it recover. */
final class FaultContext {

    private static final long POLL_MILLIS = 500;

    final Stack stack;
    final FlinkRest flink;
    final Duration recoveryTimeout;
    private final PrintStream log;

    FaultContext(Stack stack, FlinkRest flink, Duration recoveryTimeout, PrintStream log) {
        this.stack = stack;
        this.flink = flink;
        this.recoveryTimeout = recoveryTimeout;
        this.log = log;
    }

    void say(String format, Object... args) {
        log.printf("chaos: " + format + "%n", args);
        log.flush();
    }

    /** Polls {@code condition} every half second; the time it first held, or -1 after {@link #recoveryTimeout}. */
    long awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + recoveryTimeout.toMillis();
        while (System.currentTimeMillis() < deadline) {
            if (condition.getAsBoolean()) {
                return System.currentTimeMillis();
            }
            Thread.sleep(POLL_MILLIS);
        }
        return -1;
    }

    /** The job runs every task and completed a checkpoint after {@code since}, and both services are ready. */
    boolean pipelineHealthySince(long since) {
        return flink.healthySince(since) && stack.servicesHealthy();
    }
}
