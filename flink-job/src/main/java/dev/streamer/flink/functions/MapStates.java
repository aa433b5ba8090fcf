package dev.streamer.flink.functions;

import org.apache.flink.api.common.state.MapState;

import java.util.Iterator;
import java.util.List;

/** Small operations on keyed map states that several functions share. */
final class MapStates {

    private MapStates() {
    }

    /** Removes the entries whose key starts with one of {@code prefixes} (one pass over the keys). */
    static void removeKeysStartingWith(MapState<String, ?> state, List<String> prefixes) throws Exception {
        if (prefixes.isEmpty()) {
            return;
        }
        Iterator<String> keys = state.keys().iterator();
        while (keys.hasNext()) {
            String key = keys.next();
            for (String prefix : prefixes) {
                if (key.startsWith(prefix)) {
                    keys.remove();
                    break;
                }
            }
        }
    }
}
