package dev.streamer.bench;

import java.util.List;

/** What one route did under load for a while: the answered requests' latencies, how long it ran, the failures. */
record Load(Latencies latencies, double seconds, long failures) {

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
        for (Load p : parts) {
            long[] m = p.latencies().sortedMicros();
            System.arraycopy(m, 0, micros, at, m.length);
            at += m.length;
            seconds += p.seconds();
            failures += p.failures();
        }
        return new Load(Latencies.ofMicros(micros), seconds, failures);
    }
}
