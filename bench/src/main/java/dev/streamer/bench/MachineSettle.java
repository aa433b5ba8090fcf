package dev.streamer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Waits until this machine's CPUs are mostly idle before a stage that measures latency under a fixed load. A stack that
 * was just built and started keeps both CPUs of a small machine busy for a minute or more (five JVMs compiling, Flink
 * deploying and restoring); a freshness figure taken then measures the start-up, which the footprint stage reports on
 * its own. Reads the machine's busy share from {@code /proc/stat} once a second; settled when the mean of the last
 * {@code window} seconds is at most {@code maxBusy}. Gives up after {@code limit} and says so: the stage then measures
 * a busy machine, and the report shows it.
 */
final class MachineSettle {

    /** {@code busy}: the mean busy share of all CPUs over the last window when the wait ended, 0..1. */
    record Result(boolean settled, Duration waited, double busy) {}

    /** Cumulative CPU time of the whole machine, in any unit: busy and total. */
    record CpuTimes(long busy, long total) {}

    interface CpuSource {
        CpuTimes read() throws IOException;
    }

    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final CpuSource cpu;
    private final Sleeper sleeper;
    private final double maxBusy;
    private final int window;
    private final Duration limit;

    MachineSettle(CpuSource cpu, Sleeper sleeper, double maxBusy, int windowSeconds, Duration limit) {
        this.cpu = cpu;
        this.sleeper = sleeper;
        this.maxBusy = maxBusy;
        this.window = windowSeconds;
        this.limit = limit;
    }

    /**
     * This machine: settled at 40 % busy or less over 5 s, waiting at most 3 minutes. An idle stack on the 2-CPU
     * development machine reads 20-25 % (its processes about 10 %, the machine's own agents the rest); a stack still
     * starting reads 90-100 %.
     */
    static MachineSettle ofThisMachine() {
        return new MachineSettle(
                MachineSettle::procStat, d -> Thread.sleep(d.toMillis()), 0.40, 5, Duration.ofMinutes(3));
    }

    Result await() throws IOException, InterruptedException {
        Deque<Double> shares = new ArrayDeque<>();
        CpuTimes previous = cpu.read();
        long seconds = 0;
        double mean = 1;
        while (seconds < limit.toSeconds()) {
            sleeper.sleep(Duration.ofSeconds(1));
            seconds++;
            CpuTimes now = cpu.read();
            long total = now.total() - previous.total();
            shares.addLast(total <= 0 ? 0 : (double) (now.busy() - previous.busy()) / total);
            previous = now;
            if (shares.size() > window) {
                shares.removeFirst();
            }
            mean = shares.stream().mapToDouble(Double::doubleValue).average().orElse(1);
            if (shares.size() == window && mean <= maxBusy) {
                return new Result(true, Duration.ofSeconds(seconds), mean);
            }
        }
        return new Result(false, Duration.ofSeconds(seconds), mean);
    }

    /** The first line of /proc/stat: user nice system idle iowait irq softirq steal ...; idle and iowait are not busy. */
    static CpuTimes procStat() throws IOException {
        return parse(Files.readAllLines(Path.of("/proc/stat")).get(0));
    }

    static CpuTimes parse(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        long total = 0;
        long idle = 0;
        // fields 1..8; guest time (9, 10) is already counted in user and nice
        for (int i = 1; i < Math.min(f.length, 9); i++) {
            long v = Long.parseLong(f[i]);
            total += v;
            if (i == 4 || i == 5) {
                idle += v;
            }
        }
        return new CpuTimes(total - idle, total);
    }
}
