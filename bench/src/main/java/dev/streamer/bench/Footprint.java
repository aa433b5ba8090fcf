package dev.streamer.bench;

import dev.streamer.chaos.Stack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Resident memory of every part of the stack, sampled while it works; the peak per part and of their sum. */
final class Footprint {

    static final List<String> PARTS =
            List.of("kafka", "db", "flink-jobmanager", "flink-taskmanager", "edge-api", "live-push", "supervisor");

    private final Stack stack;
    private final Map<String, Long> peakKb = new LinkedHashMap<>();
    private long peakTotalKb;

    Footprint(Stack stack) {
        this.stack = stack;
    }

    synchronized void sample() {
        long total = 0;
        for (String part : PARTS) {
            long kb = stack.process(part).map(p -> rssKb(p.pid())).orElse(0L);
            if (kb > 0) {
                peakKb.merge(part, kb, Math::max);
                total += kb;
            }
        }
        peakTotalKb = Math.max(peakTotalKb, total);
    }

    synchronized Map<String, Long> peakMb() {
        Map<String, Long> out = new LinkedHashMap<>();
        peakKb.forEach((part, kb) -> out.put(part, kb / 1024));
        return out;
    }

    synchronized long peakTotalMb() {
        return peakTotalKb / 1024;
    }

    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone, or not Linux
        }
        return 0;
    }
}
