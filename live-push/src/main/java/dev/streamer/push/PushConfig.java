package dev.streamer.push;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

@ConfigMapping(prefix = "streamer.push")
public interface PushConfig {

    /** Messages that may wait for one connection beyond the one being written; more and the client is dropped. */
    @WithDefault("256")
    int bufferSize();

    /** At most this many windows in the snapshot. */
    @WithDefault("20")
    int snapshotWindows();

    /** Only windows that ended less than this long ago go into the snapshot. */
    @WithDefault("10m")
    Duration snapshotMaxAge();

    /** How many window and post keys the replay filter remembers. */
    @WithDefault("100000")
    int replayMemory();

    /** Origins whose pages may open a socket (a browser's handshake with another Origin is refused with 403). */
    List<String> allowedOrigins();

    /** How often open sockets are checked against token expiry, revocation and membership. */
    @WithDefault("2s")
    Duration sessionCheckInterval();

    /** How often the denylist of signed-out tokens is read. */
    @WithDefault("1s")
    Duration revocationPoll();
}
