package dev.streamer.push;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers, for the most recently seen keys, the highest revision (windows) or version (posts) already sent, so a
 * replayed or older record is not sent again. Bounded: the least recently seen key is forgotten first. Not
 * thread-safe: {@link ResultChannels} synchronises on it.
 */
public final class ReplayFilter {

    private final Map<String, Long> highest;

    public ReplayFilter(int capacity) {
        this.highest = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True if {@code revision} is higher than any sent for {@code key}; records it as sent. */
    public boolean isNew(String key, long revision) {
        Long previous = highest.get(key);
        if (previous != null && revision <= previous) {
            return false;
        }
        highest.put(key, revision);
        return true;
    }

    public int size() {
        return highest.size();
    }
}
