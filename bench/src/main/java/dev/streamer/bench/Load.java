package dev.streamer.bench;

import java.util.List;

/**
 * What one route did under load for a while: the answered requests' latencies, how long it ran, the failures and,
 * where it was measured, the CPU time the serving process spent meanwhile ({@code serverCpuSeconds}, NaN if not).
 */
record Load(Latencies latencies, double seconds, long failures, double serverCpuSeconds) {

    Load(Latencies latencies, double seconds, long failures) {
        this(latencies, seconds, failures, Double.NaN);
    }

    Load withServerCpu(double cpuSeconds) {
        return new Load(latencies, seconds, failures, cpuSeconds);
    }

    /**
     * The serving process's CPU time per answered request, in microseconds: what a route costs the server, whatever
     * else shares the machine's cores (the load client among them) and unlike requests per second not capped by them.
     */
    double serverCpuMicrosPerRequest() {
        return latencies.count() > 0 ? serverCpuSeconds * 1e6 / latencies.count() : Double.NaN;
    }

    /** Answered (2xx) requests per second. */
    double perSecond() {
        return seconds > 0 ? latencies.count() / seconds : Double.NaN;
    }

    /** Several stretches of the same route as one: their requests over their summed time, their latencies merged. */
    static Load combined(List<Load> parts) {
        int n = parts.stream().mapToInt(p -> p.latencies().count()).sum();
        long[] micros = new long[n];
        int at = 0;
        double seconds = 0;
        long failures = 0;
        double cpu = 0;
        for (Load p : parts) {
            long[] m = p.latencies().sortedMicros();
            System.arraycopy(m, 0, micros, at, m.length);
            at += m.length;
            seconds += p.seconds();
            failures += p.failures();
            cpu += p.serverCpuSeconds();
        }
        return new Load(Latencies.ofMicros(micros), seconds, failures, cpu);
    }
}
